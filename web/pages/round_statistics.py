"""A round in figures (charts and tables by province and zone) and its cases as .xlsx:
for SAMR and administrators every province, for a province its own cases."""
from flask import Blueprint, render_template
from flask_login import current_user

from engine.casework import round_statistics
from web import ui
from web.labels import milestone_label, zone_label
from web.round_workbook import send_workbook

bp = Blueprint("round_statistics_pages", __name__)
READERS = ("samr", "admin", "province")


def chart_data(stats):
    """What web/static/js/round_charts.js draws: milestones by province and by zone."""
    def series(groups, label):
        return {"labels": [label(g) for g in groups],
                "datasets": [{"label": str(milestone_label(m)),
                              "values": [g["milestones"][m] for g in groups]} for m in stats["milestones"]]}
    return {"provinces": series(stats["by_province"], lambda g: g["province"]),
            "zones": series(stats["by_zone"], lambda g: str(zone_label(g["zone"])))}


@bp.route("/rounds/<int:round_id>/statistics", endpoint="statistics")
@ui.roles_required(*READERS)
def statistics_page(round_id):
    stats = round_statistics.statistics(current_user, round_id)
    return render_template("rounds/statistics.html", stats=stats, round=stats["round"],
                           chart=chart_data(stats))


@bp.route("/rounds/<int:round_id>/cases.xlsx", endpoint="export")
@ui.roles_required(*READERS)
def export(round_id):
    return send_workbook(round_statistics.statistics(current_user, round_id))
