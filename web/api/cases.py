from flask import g

from engine import cases
from models.schemas import CaseListSchema, CaseQuerySchema, CaseSchema, CaseStartSchema

from . import Blueprint, page, protected
from ..views import case_view

blp = protected(Blueprint("api_cases", __name__, url_prefix="/api/v1", description="Cases"))


@blp.route("/cases", methods=["POST"])
@blp.arguments(CaseStartSchema)
@blp.response(201, CaseSchema)
def start_case(args):
    """Start a case for the caller's region in an open application round (Art 5–7)."""
    return case_view(cases.start(g.user, args["round_id"]))


@blp.route("/cases")
@blp.arguments(CaseQuerySchema, location="query")
@blp.response(200, CaseListSchema)
def list_cases(args):
    """Cases the caller may see, newest first."""
    result = page(cases.query(g.user, args.get("stage"), args.get("province_id"),
                              args.get("region_id")), args)
    result["items"] = [case_view(c, history=False) for c in result["items"]]
    return result


@blp.route("/cases/<int:case_id>")
@blp.response(200, CaseSchema)
def get_case(case_id):
    """One case with its active tasks and history."""
    return case_view(cases.get(g.user, case_id))
