"""Administrator pages: the scheduler's jobs, their runs and errors, and thresholds."""
from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from engine import thresholds
from models import JobRun

from .api.scheduling import jobs_overview

bp = Blueprint("admin_pages", __name__, url_prefix="/admin")


@bp.route("/jobs")
@login_required
def jobs():
    if not current_user.has_role("admin"):
        abort(403)
    errors_only = request.args.get("errors") == "1"
    runs = JobRun.query
    if errors_only:
        runs = runs.filter(JobRun.outcome == "error")
    runs = runs.order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(50).all()
    return render_template("admin_jobs.html", overview=jobs_overview(), runs=runs,
                           errors_only=errors_only, settings=thresholds.all_settings())
