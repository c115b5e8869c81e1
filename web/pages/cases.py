"""Case pages: the list a user may see, one case (stage, status, timeline, documents, letters, plan,
scores, active steps and the diagram, deadlines), starting an application, and documents
served safely."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine import access, audit
from engine.casework import approval_sheet, cases, comments, decisions, documents, experience, reports, returns, support
from engine.errors import Conflict, Forbidden, InvalidInput
from models import HumanTask
from models.process import END_STAGES, STAGES
from web import inputs, ui
from web.pages import approval_pdf
from web.views import case_view, comment_view, document_view, history_words

bp = Blueprint("case_pages", __name__)


@bp.route("/cases")
@login_required
def case_list():
    stage = request.args.get("stage") or None
    query = cases.query(current_user, stage=stage, words=request.args.get("q") or None)
    total = query.order_by(None).count()
    items = query.limit(ui.PER_PAGE).offset((ui.page_no() - 1) * ui.PER_PAGE).all()
    result = {"items": items, "total": total, "pages": max((total + ui.PER_PAGE - 1) // ui.PER_PAGE, 1)}
    return render_template("cases/list.html", result=result, page=ui.page_no(), stages=STAGES + END_STAGES,
                           provinces=ui.org_names([c.province_id for c in items]))


@bp.route("/cases/new", methods=["POST"])
@login_required
def start():
    """An applicant starts its region's case in an open round, then fills in the application."""
    if not current_user.has_role("applicant"):
        raise Forbidden("only a candidate region's account can apply")
    case = cases.start(current_user, inputs.whole("round_id", request.form))
    first = (HumanTask.query.filter_by(case_id=case.id, completed_at=None).order_by(HumanTask.id).first())
    return redirect(url_for("task_pages.task", task_id=first.id) if first
                    else url_for(".case", case_id=case.id))


@bp.route("/cases/<int:case_id>")
@login_required
def case(case_id):
    c = cases.get(current_user, case_id)  # 403 when the case is another region's
    view = case_view(c)
    docs = documents.of_case(c.id)
    active = [(t, access.may_act(current_user, t)) for t in view["active_tasks"]]
    letters = [document_view(d, c.id) for d in decisions.of_case(c.id)]
    return render_template("cases/case.html", case=c, view=view, docs=docs, active=active, letters=letters,
                           recallable=returns.recallable(current_user, c),
                           scores=reports.scores(c.id), deadlines=reports.deadlines(c),
                           stages=STAGES, round=c.round_id and ui.round_names([c.round_id]).get(c.round_id),
                           comments=[comment_view(n) for n in comments.of_case_unchecked(c.id)],
                           experience_reports=experience.of_case(current_user, c.id),
                           support_measures=support.of_case(current_user, c.id))


@bp.route("/cases/<int:case_id>/comments", methods=["POST"])
@login_required
def comment(case_id):
    """办理意见 posted on the case page (about the whole case)."""
    cases.get(current_user, case_id)  # 403/404 before the text is looked at
    try:
        comments.add(current_user, case_id, request.form.get("text", ""))
        flash(_("Comment added."), "notice")
    except InvalidInput:
        flash(_("A comment needs a text of at most %(n)s characters, without control characters.",
                n=comments.MAX_TEXT), "error")
    return redirect(url_for(".case", case_id=case_id) + "#h-comments")


@bp.route("/cases/<int:case_id>/approval-sheet.pdf", endpoint="approval_sheet")
@login_required
def approval_sheet_pdf(case_id):
    """审批单 to print and file."""
    c = cases.get(current_user, case_id)
    return approval_pdf.response(c, approval_sheet.rows(c))


@bp.route("/cases/<int:case_id>/audit.csv")
@login_required
def audit_export(case_id):
    c = cases.get(current_user, case_id)
    return current_app.response_class(audit.export_csv(c.id, history_words), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=case-{c.id}-audit.csv"})


@bp.route("/documents/<int:document_id>")
@login_required
def document(document_id):
    """A document as an attachment: never rendered inline, never sniffed, sandboxed."""
    doc = documents.get(current_user, document_id)
    path = documents.blob_path(current_app.config["FILES_DIR"], doc.sha256)
    if not path.exists():
        raise Conflict("the file of document {doc} is missing from storage", doc=doc.id)
    response = send_file(path, mimetype=doc.content_type, as_attachment=True,
                         download_name=doc.filename, max_age=0, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
