"""Handover pages: 转办 transfer and 委派 delegate on the task page, 催办 urge and 抄送 CC on
the case page. The forms live in partial templates (tasks/_handover.html, cases/_cc.html),
fed by the helpers of this blueprint's context processor."""
from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine.casework import copies, handover, tasks
from engine.errors import Conflict, Forbidden, InvalidInput

bp = Blueprint("handover_pages", __name__)
MAX_FORM_USERS = copies.MAX_USERS


@bp.app_context_processor
def handover_helpers():
    return {"handover_colleagues": lambda task: handover.colleagues(current_user, task),
            "may_urge": lambda task: handover.urge_refusal(current_user, task) is None,
            "may_copy": lambda case: copies.may_copy(current_user, case),
            "case_copies": copies.of_case}


def _refused(exc):
    if isinstance(exc, InvalidInput) and exc.fields.get("reason") == ["a reason is required"]:
        flash(_("Say why: the reason is required."), "error")
    else:
        flash(exc.message, "error")


@bp.route("/tasks/<int:task_id>/transfer", methods=["POST"])
@login_required
def transfer(task_id):
    tasks.get(current_user, task_id)  # 403/404 before the form is read
    try:
        task = handover.transfer(current_user, task_id, request.form.get("to", ""), request.form.get("reason"))
    except (InvalidInput, Conflict, Forbidden) as exc:
        _refused(exc)
        return redirect(url_for("task_pages.task", task_id=task_id))
    flash(_("Transferred to %(user)s.", user=task.assignee_name), "notice")
    return redirect(url_for("pages.inbox"))


@bp.route("/tasks/<int:task_id>/delegate", methods=["POST"])
@login_required
def delegate(task_id):
    tasks.get(current_user, task_id)
    try:
        task = handover.delegate(current_user, task_id, request.form.get("to", ""), request.form.get("reason"))
    except (InvalidInput, Conflict, Forbidden) as exc:
        _refused(exc)
        return redirect(url_for("task_pages.task", task_id=task_id))
    flash(_("Delegated to %(user)s: once filled in, the task comes back to you to complete.",
            user=task.delegated_to_name), "notice")
    return redirect(url_for("task_pages.task", task_id=task_id))


@bp.route("/tasks/<int:task_id>/urge", methods=["POST"])
@login_required
def urge(task_id):
    task = handover.urgeable(current_user, task_id)  # 403 saying why before the form is read
    try:
        handover.urge(current_user, task_id, request.form.get("reason"))
    except (InvalidInput, Conflict) as exc:
        _refused(exc)
    else:
        flash(_("Urged: the holders of %(title)s are notified.", title=task.title), "notice")
    return redirect(url_for("case_pages.case", case_id=task.case_id))


@bp.route("/cases/<int:case_id>/cc", methods=["POST"])
@login_required
def copy_case(case_id):
    copies.copyable(current_user, case_id)
    names = [n for n in request.form.get("users", "").replace("，", ",").replace("\n", ",").split(",")
             if n.strip()][:MAX_FORM_USERS + 1]  # one over the limit: the engine says why
    try:
        copies.copy(current_user, case_id, [n.strip() for n in names], request.form.get("note"))
    except InvalidInput as exc:
        _refused(exc)
    else:
        flash(_("Copied to %(users)s: they may read this case now.", users=", ".join(n.strip() for n in names)),
              "notice")
    return redirect(url_for("case_pages.case", case_id=case_id))
