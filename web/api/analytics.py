"""Process analytics: where cases wait per step and which paths they take (SAMR, admin;
a province its own province)."""
from io import BytesIO

from flask import g, send_file

from engine.analytics import steps
from web.analytics_workbook import XLSX, workbook
from web.api import Blueprint, protected, requires
from web.api.schemas.analytics import AnalyticsArgsSchema, AnalyticsSchema

blp = protected(Blueprint("api_analytics", __name__, url_prefix="/api/v1", description="Analytics"))
READERS = ("samr", "admin", "province")


@blp.route("/analytics/steps")
@requires(*READERS)
@blp.arguments(AnalyticsArgsSchema, location="query")
@blp.response(200, AnalyticsSchema)
def analytics_steps(args):
    """Per user task of a definition: passed, waiting now, median and p90 days, overdue, sent back; flows taken."""
    return steps.analytics(g.user, args.pop("definition"), args.pop("version", None), **args)


@blp.route("/analytics/steps.xlsx")
@requires(*READERS)
@blp.arguments(AnalyticsArgsSchema, location="query")
def analytics_steps_xlsx(args):
    """The same figures as an .xlsx workbook."""
    result = steps.analytics(g.user, args.pop("definition"), args.pop("version", None), **args)
    return send_file(BytesIO(workbook(result)), mimetype=XLSX, as_attachment=True,
                     download_name=f"analytics-{result['definition'].key}.xlsx")
