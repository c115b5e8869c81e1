"""Process analytics page: the definition's main diagram with a heat colour per step (median
or p90 days), the cases per flow and a table beside it; the figures as .xlsx; and on the
case page, the case's own time per step against the medians (cases/_analytics.html)."""
from io import BytesIO

from flask import Blueprint, abort, render_template, request, send_file
from flask_login import current_user
from marshmallow import ValidationError

from engine.analytics import steps
from engine.runtime import trail
from models import Org
from models.orgs import ZONES
from web import ui
from web.analytics_workbook import XLSX, workbook
from web.api.schemas.analytics import AnalyticsArgsSchema, AnalyticsSchema

bp = Blueprint("analytics_pages", __name__)
READERS = ("samr", "admin", "province")


def _args():
    try:
        raw = request.args.to_dict()
        raw.pop("diagram", None)  # the page's own choice of drawing, not a filter
        args = AnalyticsArgsSchema().load({k: v for k, v in raw.items() if v != ""})
    except ValidationError as exc:
        abort(400, description="; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in exc.messages.items()))
    return args, args.pop("definition"), args.pop("version", None)


@bp.route("/analytics", endpoint="analytics")
@ui.roles_required(*READERS)
def analytics_page():
    args, key, version = _args()
    result = steps.analytics(current_user, key, version, **args)
    definition = result["definition"]
    files = sorted(name for name in trail.sources(definition) if name.endswith(".bpmn"))
    # the main diagram, or a called process's (a name the version was deployed with; else 404)
    diagram = request.args.get("diagram") or trail.main_file(definition)
    data = {**AnalyticsSchema().dump(result), "xml": trail.source(definition, diagram[:200])}
    provinces = Org.query.filter_by(level="province").order_by(Org.code).all()
    return render_template("analytics/analytics.html", result=result, data=data, args=request.args,
                           provinces=provinces, zones=ZONES, files=files, diagram=diagram)


@bp.route("/analytics.xlsx", endpoint="export")
@ui.roles_required(*READERS)
def export():
    args, key, version = _args()
    result = steps.analytics(current_user, key, version, **args)
    return send_file(BytesIO(workbook(result)), mimetype=XLSX, as_attachment=True,
                     download_name=f"analytics-{result['definition'].key}.xlsx")


@bp.app_context_processor
def case_figures():
    """`case_analytics(case)` for the case page's partial."""
    return {"case_analytics": lambda case: steps.of_case(current_user, case)}
