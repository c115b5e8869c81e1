"""SAMR's dashboard: cases by stage and province (charts), deadlines this month, overdue
work, certified and revoked zones. Chart.js comes from node_modules (`npm ci`)."""
from pathlib import Path

from flask import Blueprint, abort, render_template, send_from_directory
from flask_login import current_user

from engine.casework import reports
from models.process import END_STAGES, STAGES
from web import ui
from web.labels import stage_label

bp = Blueprint("dashboard_pages", __name__)
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
ASSETS = {"chart.js": "chart.js/dist"}


@bp.route("/assets/<lib>/<path:filename>")
def asset(lib, filename):
    """Browser libraries as `npm ci` installed them (never copied into the repository)."""
    if lib not in ASSETS:
        abort(404)
    return send_from_directory(NODE_MODULES / ASSETS[lib], filename, max_age=3600)


@bp.route("/dashboard")
@ui.roles_required("samr", "admin")
def dashboard():
    data = reports.dashboard(current_user)
    stages = [s for s in STAGES + END_STAGES if data["by_stage"].get(s)]
    chart = {"stages": {"labels": [str(stage_label(s)) for s in stages],
                        "values": [data["by_stage"][s] for s in stages]},
             "provinces": {"labels": [p["province"] for p in data["by_province"]],
                           "values": [p["count"] for p in data["by_province"]]}}
    return render_template("dashboard/dashboard.html", data=data, chart=chart, stages=stages,
                           user=current_user)
