"""Score charts drawn on the server as inline SVG: no JavaScript, prints as it shows."""
from markupsafe import Markup, escape

COLOURS = ["#0b4f9c", "#f5a700", "#2e7d32", "#8e24aa", "#00838f", "#6d4c41", "#c62828", "#455a64"]


def group_bars(group, series, rate_min, title):
    """Horizontal bars, one per source, of one group's score rate, with the pass line.

    `series`: [(label, score, max)] in display order; a rate below `rate_min` is drawn
    hatched-red-outlined so it reads in black and white too."""
    width, left, bar, gap, top = 460, 150, 18, 8, 28
    plot = width - left - 50
    height = top + len(series) * (bar + gap) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="score-chart" role="img" '
             f'viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>',
             f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>']
    for k, (label, score, mx) in enumerate(series):
        y = top + k * (bar + gap)
        rate = (float(score) / float(mx)) if mx else 0.0
        w = max(min(rate, 1.0), 0.0) * plot
        below = rate < rate_min
        colour = COLOURS[k % len(COLOURS)]
        parts.append(f'<text x="{left - 6}" y="{y + bar - 4}" font-size="12" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{plot}" height="{bar}" fill="#eee"/>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}"'
                     + (' stroke="#b00020" stroke-width="2" stroke-dasharray="4 2"' if below else "") + '/>')
        parts.append(f'<text x="{left + plot + 4}" y="{y + bar - 4}" font-size="12"'
                     + (' fill="#b00020" font-weight="bold"' if below else "")
                     + f'>{rate * 100:.1f}%</text>')
    x = left + rate_min * plot
    bottom = top + len(series) * (bar + gap)
    parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="#b00020" stroke-width="1.5"/>')
    parts.append(f'<text x="{x:.1f}" y="{bottom + 14}" font-size="11" text-anchor="middle" fill="#b00020">'
                 f'{rate_min * 100:g}%</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
