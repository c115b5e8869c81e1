"""The score report as a PDF (fpdf2, a CJK TrueType font): what the report page shows, for
filing and printing. Fonts: PDF_FONT (default Debian's fonts-wqy-microhei), else the first
CJK font found in FALLBACK_FONTS."""
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FALLBACK_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                  "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


class FontMissing(RuntimeError):
    pass


def cjk_font(configured):
    for path in (configured, *FALLBACK_FONTS):
        if path and Path(path).is_file():
            return path
    raise FontMissing("no CJK font for the PDF: install fonts-wqy-microhei or set PDF_FONT")


def _n(x):
    return "—" if x is None else f"{x:g}"


HEADING = FontFace(emphasis="", fill_color=(230, 230, 230))  # table headings; one CJK face: no bold


def render(report, labels, font_path=None):
    """PDF bytes. `labels` carries the translated headings and the source names."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"{labels['title']} {report['region_name']}")
    pdf.set_author("Demonstration Zone BPM")
    pdf.add_font("cjk", fname=cjk_font(font_path))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    _title(pdf, report, labels)
    _summary(pdf, report, labels)
    _groups(pdf, report, labels)
    _indicators(pdf, report, labels)
    return bytes(pdf.output())


def _section(pdf, heading, size):
    """A section heading, then the font of its body at `size`."""
    pdf.set_font("cjk", size=12)
    pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=size)


def _title(pdf, report, labels):
    pdf.set_font("cjk", size=16)
    pdf.multi_cell(0, 9, f"{labels['title']}：{report['region_name']}（#{report['case_id']}）", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10)
    pdf.multi_cell(0, 6, f"{labels['system']}：{report['indicator_system_name']}（{report['indicator_system']}）", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, f"{labels['rule']}：{report['pass_rule']['text']}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _summary(pdf, report, labels):
    """Each source's total and result, with the groups and indicators that fail."""
    _section(pdf, labels["summary"], 9)
    with pdf.table(col_widths=(40, 20, 20, 20, 80), headings_style=HEADING, text_align="LEFT") as table:
        table.row([labels["source"], labels["total"], labels["result"], labels["failing_groups"], labels["below"]])
        for key, r in report["sources"].items():
            below = "、".join(str(i["number"]) for i in r["failing_indicators"] if i["group_fails"])
            table.row([labels["sources"][key], _n(r["total"]), labels["passed"] if r["passed"] else labels["failed"],
                       "、".join(map(str, r["failing_groups"])) or "—", below or "—"])
    pdf.ln(3)


def _groups(pdf, report, labels):
    """Per indicator group, a bar per source against the pass rate."""
    _section(pdf, labels["groups"], 9)
    rate_min = float(report["pass_rule"]["group_rate_min"])
    for g in report["comparison"]["groups"]:
        pdf.multi_cell(0, 6, f"{g['number']}. {g['name']}（{_n(g['max'])}）", new_x="LMARGIN", new_y="NEXT")
        for key, r in report["sources"].items():
            grp = next(x for x in r["groups"] if x["number"] == g["number"])
            _bar(pdf, labels["sources"][key], grp, rate_min)
        pdf.ln(1)


def _bar(pdf, label, grp, rate_min):
    """One line: the source, its rate as a bar (red below the pass rate, marked), the figures."""
    rate = float(grp["rate"])
    y = pdf.get_y()
    pdf.set_x(pdf.l_margin + 4)
    pdf.cell(40, 5, label)
    x0 = pdf.get_x()
    pdf.set_fill_color(235, 235, 235)
    pdf.rect(x0, y + 0.8, 100, 3.4, style="F")
    pdf.set_fill_color(*((176, 0, 32) if rate < rate_min else (11, 79, 156)))
    pdf.rect(x0, y + 0.8, 100 * min(rate, 1.0), 3.4, style="F")
    pdf.set_draw_color(176, 0, 32)
    pdf.line(x0 + 100 * rate_min, y, x0 + 100 * rate_min, y + 5)
    pdf.set_x(x0 + 102)
    pdf.cell(0, 5, f"{_n(grp['score'])} / {_n(grp['max'])}  {rate * 100:.1f}%", new_x="LMARGIN", new_y="NEXT")


def _indicators(pdf, report, labels):
    """Every indicator's scores side by side, with the experts' spread and the final score."""
    _section(pdf, labels["indicators"], 8)
    names = {i["number"]: i["name"] for i in report["indicators"]}
    with pdf.table(col_widths=(8, 62, 10, 14, 14, 30, 14, 14), headings_style=HEADING, text_align="LEFT") as table:
        table.row(["#", labels["indicator"], labels["max"], labels["sources"].get("self", "self"),
                   labels["province"], labels["experts"], labels["spread"], labels["final"]])
        final = (report.get("final") or {}).get("indicators", {})
        for line in report["comparison"]["indicators"]:
            table.row([str(line["number"]), names.get(line["number"], "")[:40], _n(line["max"]),
                       _n(line["self"]), _n(line["province"]), " / ".join(_n(v) for v in line["experts"]) or "—",
                       _n(line["expert_spread"]), _n(final.get(str(line["number"])))])
