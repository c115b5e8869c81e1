"""Official letters as PDF (fpdf2, the project's CJK font): laid out like a 公文 — the issuer
in red at the head, the number (文号) under it, a red rule, the title, the addressee (主送),
the body, the issuer and the date at the foot, copies (抄送) below.

The body is a text template per kind, `web/templates/letters/<kind>.txt` (Jinja2, Chinese),
rendered from what the engine stored with the document; each non-empty line is a paragraph.
"""
from datetime import date, datetime

from flask import Response, current_app
from fpdf import FPDF

from engine import clock
from web.pages.score_pdf import FontMissing, cjk_font

RED = (200, 16, 16)
LINE = 8  # mm between the body's lines
# Never at the start of a line (标点禁则): these hang into the margin instead.
NO_LINE_START = "，。、；：？！）》」』】〕”’…—·,.;:?!)"


def cn_date(value):
    """`2027-03-01` (or a datetime) as 2027年3月1日, China time."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(clock.CHINA).date()
    elif isinstance(value, str):
        try:
            value = (datetime.fromisoformat(value).astimezone(clock.CHINA).date() if "T" in value
                     else date.fromisoformat(value))
        except ValueError:
            return value
    return f"{value.year}年{value.month}月{value.day}日"


def body_text(doc):
    """The letter's body from its kind's template and the stored content."""
    content = doc.content or {}
    cases = content.get("cases") or []
    template = current_app.jinja_env.get_template(f"letters/{doc.kind}.txt")
    return template.render(doc=doc, content=content, cases=cases, first=cases[0] if cases else {},
                           issued_on=cn_date(doc.issued_at), cn_date=cn_date, place=place)


def place(bureau):
    """Where a provincial bureau is: 山西省市场监督管理局 → 山西省 (for lists of regions)."""
    return (bureau or "").removesuffix("市场监督管理局") or (bureau or "")


def render(doc, font_path=None):
    """PDF bytes of one issued document."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"{doc.number} {doc.title}")
    pdf.set_author(doc.issuer.name)
    pdf.set_subject(doc.number)
    pdf.add_font("cjk", fname=cjk_font(font_path))
    pdf.set_margins(26, 30, 26)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    _head(pdf, doc)
    _body(pdf, doc)
    _foot(pdf, doc)
    return bytes(pdf.output())


def wrap(pdf, text, width, first_width=None):
    """Lines of `text` no wider than `width` (the first `first_width`), broken between any
    two characters as Chinese is, punctuation never starting a line."""
    lines, current, used = [], "", 0.0
    limit = width if first_width is None else first_width
    for ch in text:
        w = pdf.get_string_width(ch)
        if current and used + w > limit and ch not in NO_LINE_START:
            lines.append(current)
            current, used, limit = "", 0.0, width
        current, used = current + ch, used + w
    return [*lines, current] if current or not lines else lines


def _centered(pdf, text, height):
    """A title, its lines balanced (no lone character on the last line)."""
    avail = pdf.w - pdf.l_margin - pdf.r_margin
    count = max(1, -(-int(pdf.get_string_width(text)) // int(avail)))
    width = min(avail, pdf.get_string_width(text) / count + pdf.get_string_width("字"))
    for line in wrap(pdf, text, width):
        pdf.cell(0, height, line, align="C", new_x="LMARGIN", new_y="NEXT")


def _paragraph(pdf, text, indent_chars=2):
    avail = pdf.w - pdf.l_margin - pdf.r_margin
    indent = pdf.get_string_width("字") * indent_chars
    for i, line in enumerate(wrap(pdf, text, avail, avail - indent)):
        pdf.set_x(pdf.l_margin + (indent if i == 0 else 0))
        pdf.cell(0, LINE, line, new_x="LMARGIN", new_y="NEXT")


def _head(pdf, doc):
    pdf.set_text_color(*RED)
    pdf.set_font("cjk", size=22)
    _centered(pdf, doc.issuer.name, 12)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("cjk", size=12)
    pdf.ln(4)
    pdf.cell(0, 7, doc.number, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.6)
    y = pdf.get_y() + 2
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_y(y + 8)
    pdf.set_font("cjk", size=16)
    _centered(pdf, doc.title, 9)
    pdf.ln(4)


def _body(pdf, doc):
    pdf.set_font("cjk", size=12)
    if doc.addressee:
        _paragraph(pdf, f"{doc.addressee}：", indent_chars=0)
    for line in body_text(doc).splitlines():
        if line.strip():
            _paragraph(pdf, line.strip())


def _foot(pdf, doc):
    pdf.ln(10)
    pdf.cell(0, LINE, doc.issuer.name, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, LINE, cn_date(doc.issued_at), align="R", new_x="LMARGIN", new_y="NEXT")
    cc = (doc.content or {}).get("cc") or []
    if cc:
        pdf.ln(8)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.3)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.set_font("cjk", size=11)
        _paragraph(pdf, "抄送：" + "、".join(cc) + "。", indent_chars=0)


def response(doc):
    """The letter as a PDF download (503 when no CJK font is installed)."""
    try:
        body = render(doc, current_app.config.get("PDF_FONT"))
    except FontMissing as e:
        current_app.logger.error("%s", e)
        return Response(str(e), status=503, mimetype="text/plain")
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{doc.kind}-{doc.id}.pdf"',
        "Cache-Control": "private, no-store" if not doc.public else "public, max-age=300"})
