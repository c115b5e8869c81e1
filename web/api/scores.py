"""Indicator systems and a case's scores (API.md)."""
from flask import g

from engine.casework import cases
from engine.scoring import catalog, records
from web.api import Blueprint, protected
from web.api.schemas.scores import CaseScoresSchema, IndicatorSystemListSchema, IndicatorSystemSchema

blp = protected(Blueprint("api_scores", __name__, url_prefix="/api/v1",
                          description="Indicator systems and scores"))


@blp.route("/indicator-systems")
@blp.response(200, IndicatorSystemListSchema)
def list_systems():
    """The indicator systems loaded at start; `current` is the one new approvals get.
    Reference data: every signed-in role may read it."""
    items = [catalog.summary(s) for _, s in sorted(catalog.systems().items())]
    return {"items": items, "total": len(items)}


@blp.route("/indicator-systems/<key>")
@blp.response(200, IndicatorSystemSchema)
def get_system(key):
    """Groups, indicators, maxima, pass rule and validation warnings of one version."""
    return catalog.detail(catalog.get(key))


@blp.route("/cases/<int:case_id>/scores")
@blp.response(200, CaseScoresSchema)
def case_scores(case_id):
    """Totals, group rates against the pass rule, failing indicators and the comparison of
    self, province and expert scores (only what the caller's role and region may see)."""
    return records.report(cases.get(g.user, case_id), g.user)
