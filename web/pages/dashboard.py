"""SAMR's dashboard: cases by stage and province (charts), deadlines this month, overdue
work, certified and revoked zones. Chart.js comes from node_modules (`npm ci`)."""
from pathlib import Path

from flask import Blueprint, abort, render_template, request, send_from_directory
from flask_login import current_user

from engine.casework import reports, round_statistics, rounds
from models.process import END_STAGES, STAGES
from web import ui
from web.labels import stage_label
from web.pages.round_statistics import chart_data

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
    # One round's figures below (the newest unless one is chosen): Art 8–16 run per round.
    all_rounds = rounds.all_rounds()
    chosen = request.args.get("round", type=int)
    current = next((r for r in all_rounds if r.id == chosen), all_rounds[0] if all_rounds else None)
    stats = round_statistics.statistics(current_user, current.id) if current else None
    return render_template("dashboard/dashboard.html", data=data, chart=chart, stages=stages,
                           user=current_user, rounds=all_rounds, stats=stats,
                           round_chart=chart_data(stats) if stats else None)
