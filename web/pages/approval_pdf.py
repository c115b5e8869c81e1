"""The approval sheet (审批单) as a PDF (fpdf2, the project's CJK font): one table row per
step of the case — step, actor, office, time, decision, opinion — in Chinese whatever the
reader's language, as the offices print and file it (engine/casework/approval_sheet.py
builds the rows)."""
from flask import Response, current_app
from flask_babel import force_locale
from fpdf import FPDF
from fpdf.enums import WrapMode

from engine import clock
from web.labels import value_label
from web.pages.score_pdf import HEADING, FontMissing, cjk_font

# what each kind of row did, when there is no decision to show
KIND_LABELS = {"started": "立案", "completed": "办结", "returned": "退回", "recalled": "撤回",
               "transferred": "转办", "delegated": "委派"}
HEADINGS = ("序号", "办理环节", "办理人", "办理单位", "办理时间", "办理结果")
WIDTHS = (10, 40, 30, 46, 28, 36)
# The opinion has a full-width row of its own under its step: a bounded text (2000
# characters) then fits on one page, which a table row must.
OPINION = "办理意见"


def _when(at):
    return at.astimezone(clock.CHINA).strftime("%Y-%m-%d %H:%M")


def _result(row):
    """What the row decided: the form's decision in Chinese, or the move (退回 → step)."""
    if row.kind == "completed" and row.decision:
        with force_locale("zh_CN"):
            return str(value_label("decision", row.decision))
    label = KIND_LABELS.get(row.kind, row.kind)
    return f"{label} → {row.to}" if row.to else label


def render(case, rows, font_path=None):
    """PDF bytes of the sheet."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"审批单 #{case.id} {case.region.name}")
    pdf.set_author("Demonstration Zone BPM")
    pdf.add_font("cjk", fname=cjk_font(font_path))
    pdf.set_margins(10, 15, 10)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.cell(0, 10, "审批单", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10)
    pdf.multi_cell(0, 6, f"案件编号：#{case.id}　申报地区：{case.region.name}　"
                         f"流程：{case.definition.key} v{case.definition.version}",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, f"打印时间：{_when(clock.now())}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("cjk", size=8)
    # Chinese breaks between any two characters, not only at spaces
    with pdf.table(col_widths=WIDTHS, headings_style=HEADING, text_align="LEFT", wrapmode=WrapMode.CHAR) as table:
        table.row(HEADINGS)
        for n, row in enumerate(rows, 1):
            table.row([str(n), row.step or "—", row.actor_name, row.office or "—", _when(row.at), _result(row)])
            opinion = table.row()
            opinion.cell(f"{OPINION}：{row.opinion or '—'}", colspan=len(HEADINGS))
    if not rows:
        pdf.cell(0, 8, "尚无办理记录。", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def response(case, rows):
    """The sheet as a PDF download (503 when no CJK font is installed)."""
    try:
        body = render(case, rows, current_app.config.get("PDF_FONT"))
    except FontMissing as e:
        current_app.logger.error("%s", e)
        return Response(str(e), status=503, mimetype="text/plain")
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="approval-sheet-{case.id}.pdf"',
        "Cache-Control": "private, no-store"})
