from functools import wraps

from flask import current_app, g
from sqlalchemy.orm import selectinload

from engine import audit
from engine.casework import cases, copies
from models import Case
from web.api import Blueprint, page, protected, requires
from web.api.schemas.cases import CopyListSchema, CopyRequestSchema
from web.api.schemas.common import CaseListSchema, CaseQuerySchema, CaseSchema, CaseStartSchema
from web.views import case_view, case_views, history_words

blp = protected(Blueprint("api_cases", __name__, url_prefix="/api/v1", description="Cases"))


@blp.route("/cases", methods=["POST"])
@requires("applicant")
@blp.arguments(CaseStartSchema)
@blp.response(201, CaseSchema)
def start_case(args):
    """Start a case for the caller's region in an open application round (Art 5–7)."""
    return case_view(cases.start(g.user, args["round_id"]))


@blp.route("/cases")
@blp.arguments(CaseQuerySchema, location="query")
@blp.response(200, CaseListSchema)
def list_cases(args):
    """Cases the caller may see, newest first; `q` finds those whose region, case data or
    comments contain every word."""
    query = cases.query(g.user, args.get("stage"), args.get("province_id"), args.get("region_id"), args.get("q"))
    # the page's definitions (key, version) in one query; regions come joined (models/process.py)
    result = page(query.options(selectinload(Case.definition)), args)
    result["items"] = case_views(result["items"])
    return result


@blp.route("/cases/<int:case_id>")
@blp.response(200, CaseSchema)
def get_case(case_id):
    """One case with its active tasks and history."""
    return case_view(cases.get(g.user, case_id))


@blp.route("/cases/<int:case_id>/audit.csv")
@blp.response(200, content_type="text/csv")
def export_audit(case_id):
    """The case's audit trail as a CSV file: every event with who, what, when and detail."""
    case = cases.get(g.user, case_id)
    return current_app.response_class(audit.export_csv(case.id, history_words), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=case-{case.id}-audit.csv"})


def may_copy(view):
    """403/404 before the body is read unless the caller may act on the case."""
    @wraps(view)
    def wrapper(*args, case_id, **kwargs):
        copies.copyable(g.user, case_id)
        return view(*args, case_id=case_id, **kwargs)
    return wrapper


@blp.route("/cases/<int:case_id>/cc", methods=["POST"])
@may_copy
@blp.arguments(CopyRequestSchema)
@blp.response(201, CopyListSchema)
def copy_case(args, case_id):
    """抄送: each named user may read the case from now on and is notified; nothing else is
    granted. An unknown name: 400 naming it, nothing copied."""
    return {"case_id": case_id, "items": copies.copy(g.user, case_id, args["users"], args.get("note"))}
