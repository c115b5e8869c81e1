"""A small clock page for demos (only with ADJUSTABLE_CLOCK): move time, fire what is due."""
from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _

from engine import clock
from engine.scheduling import timers
from web import ui

bp = Blueprint("clock_pages", __name__)


@bp.route("/admin/clock", methods=["GET", "POST"], endpoint="clock")
@ui.roles_required("admin", "samr")
def clock_page():
    if not current_app.config["ADJUSTABLE_CLOCK"]:
        abort(404)
    fired, error = None, None
    if request.method == "POST":
        duration = (request.form.get("advance") or "").strip().upper()
        if duration:
            try:
                clock.clock.advance(clock.parse_duration(duration, clock.now()))
            except Exception:  # the parser raises several kinds on a bad duration
                error = _("Not an ISO 8601 duration (for example P15D or P2Y1D).")
        if not error and request.form.get("run_timers"):
            fired = timers.run_due()
    return render_template("clock/clock.html", now=clock.now(), fired=fired, error=error), 400 if error else 200
