"""Administrator pages: the scheduler's jobs, their runs and errors, thresholds, and
accounts paused by repeated wrong passwords."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine import thresholds
from engine.accounts import signin
from engine.errors import EngineError
from models import JobRun, db
from web.api.scheduling import jobs_overview
from web.errors import say_error

bp = Blueprint("admin_pages", __name__, url_prefix="/admin")


def _admin_only():
    if not current_user.has_role("admin"):
        abort(403)


@bp.route("/jobs")
@login_required
def jobs():
    _admin_only()
    errors_only = request.args.get("errors") == "1"
    runs = JobRun.query
    if errors_only:
        runs = runs.filter(JobRun.outcome == "error")
    runs = runs.order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(50).all()
    return render_template("admin/jobs.html", overview=jobs_overview(), runs=runs,
                           errors_only=errors_only, settings=thresholds.all_settings())


@bp.route("/settings/<key>", methods=["POST"])
@login_required
def change_setting(key):
    """Change one threshold from the jobs page (CSRF-protected form)."""
    _admin_only()
    try:
        thresholds.put(key, request.form.get("value", "").strip(), current_user)
        db.session.commit()
    except EngineError as exc:
        db.session.rollback()
        flash(say_error(exc), "error")
    return redirect(url_for("admin_pages.jobs") + "#settings")


@bp.route("/accounts")
@login_required
def accounts():
    """Accounts whose sign-ins from new clients are paused, and a form to lift a pause."""
    _admin_only()
    return render_template("admin/accounts.html", paused=signin.paused())


@bp.route("/accounts/unlock", methods=["POST"])
@login_required
def unlock_account():
    _admin_only()
    username = request.form.get("username", "").strip()
    try:
        signin.unlock(current_user, username)
        flash(_("The account %(name)s may sign in again.", name=username), "notice")
    except EngineError:
        flash(_("There is no account %(name)s.", name=username), "error")
    return redirect(url_for("admin_pages.accounts"))
