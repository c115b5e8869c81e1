"""The message centre (/messages): the user's notifications, newest first, paged, marked
read one by one or all at once; the unread count in every page's header (_unread.html)."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import DataRequired, NumberRange

from engine.casework import messages, notifications
from engine.errors import NotFound
from models import MAX_ID
from web import inputs, ui

bp = Blueprint("message_pages", __name__)
PER_PAGE = 20
LABELS = {
    "task_created": _l("New task"), "task_due_soon": _l("Due soon"), "task_overdue": _l("Overdue"),
    "task_reminder": _l("Reminder"), "task_escalation": _l("Supervision notice"), "task_urged": _l("Urging"),
    "case_cc": _l("Copy (CC)"), "task_transferred": _l("Transferred to you"), "task_delegated": _l("Delegation"),
    "task_delegation_returned": _l("Delegation filled in"), "task_returned": _l("Sent back"), "task_resubmitted": _l("Resubmitted"),
    "supervision_check_due": _l("Supervision check due"), "plan_report_reminder": _l("Reminder"),
    "plan_report_escalation": _l("Supervision notice"), "plan_unit_reminder": _l("Reminder"),
    "round_deadline_reminder": _l("Round deadline"),
}


class ReadForm(FlaskForm):
    note = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=MAX_ID)])


@bp.app_context_processor
def unread_helper():
    """`unread_count()` for the header: counted only when a page shows it."""
    def unread_count():
        return messages.unread_count(current_user) if current_user.is_authenticated else 0
    return {"unread_count": unread_count}


@bp.route("/messages")
@login_required
def message_list():
    page_no, unread = ui.page_no(), request.args.get("unread") == "1"
    q = notifications.addressed_to(current_user, unread=unread)
    total = q.order_by(None).count()
    items = q.limit(PER_PAGE).offset((page_no - 1) * PER_PAGE).all()
    result = {"pages": max(1, -(-total // PER_PAGE)), "total": total}
    return render_template("messages/messages.html", items=items, result=result, page=page_no, unread=unread,
                           labels=LABELS, form=ReadForm(formdata=None), args_without=ui.args_without)


@bp.route("/messages/read", methods=["POST"])
@login_required
def read():
    form = ReadForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        messages.mark_read(current_user, [form.note.data])
    except NotFound:
        abort(404)
    return redirect(_back())


@bp.route("/messages/read-all", methods=["POST"])
@login_required
def read_all():
    if not FlaskForm().validate_on_submit():  # the CSRF token alone
        abort(400)
    messages.mark_all_read(current_user)
    return redirect(_back())


def _back():
    page = inputs.whole("page", default=1)
    return url_for("message_pages.message_list", page=page) if page > 1 else url_for("message_pages.message_list")
