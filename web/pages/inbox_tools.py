"""The inbox's tools beside its list: saved filters (save the current one, delete one) and
claiming the ticked tasks at once. Forms post here and come back to the inbox."""
from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine.casework import inbox_filters, tasks
from engine.errors import Conflict, InvalidInput
from web import inputs

bp = Blueprint("inbox_tools", __name__)
FILTER_ARGS = ("tab", "stage", "region", "round", "due", "sort", "q")


def _inbox(params):
    return redirect(url_for("pages.inbox", **{k: v for k, v in params.items() if v}))


@bp.route("/inbox/filters", methods=["POST"])
@login_required
def save_filter():
    """Save the inbox filter the form carries (the page's current arguments) under a name."""
    params = {k: request.form.get(k, "").strip() for k in FILTER_ARGS}
    try:
        saved = inbox_filters.save(current_user, request.form.get("name", ""), params)
    except (InvalidInput, Conflict) as exc:
        flash(exc.message, "error")
    else:
        flash(_("Filter saved: %(name)s", name=saved.name), "notice")
    return _inbox(params)


@bp.route("/inbox/filters/<int:filter_id>/delete", methods=["POST"])
@login_required
def delete_filter(filter_id):
    inbox_filters.delete(current_user, filter_id)  # another's: 404
    flash(_("Filter deleted."), "notice")
    return _inbox({})


@bp.route("/inbox/claim", methods=["POST"])
@login_required
def claim_selected():
    """Claim every ticked task; say how many were claimed and why any were not."""
    raw = request.form.getlist("task")
    if len(raw) > tasks.MAX_BULK_CLAIM:
        raise InvalidInput(_("Tick at most %(n)s tasks at once.", n=tasks.MAX_BULK_CLAIM), {"task": ["too many"]})
    ids = [inputs.whole("task", {"task": value}) for value in raw]
    if not ids:
        flash(_("Tick the tasks to claim first."), "error")
    else:
        results = tasks.claim_many(current_user, ids)
        claimed = [r for r in results if r["result"] == "claimed"]
        flash(_("Claimed %(n)s of %(total)s tasks.", n=len(claimed), total=len(results)), "notice")
        for refused in (r for r in results if r["result"] == "refused"):
            flash(f"#{refused['id']}: {refused['reason']}", "error")
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("pages.inbox"))
