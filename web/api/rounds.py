from flask import g

from engine.casework import recommendations, rounds
from web.api import Blueprint, protected, requires
from web.api.schemas.common import (
    CaseListSchema,
    RecommendationListSchema,
    RoundListSchema,
    RoundSchema,
    WaitingRecommendationListSchema,
)
from web.views import case_view

blp = protected(Blueprint("api_rounds", __name__, url_prefix="/api/v1", description="Rounds"))


@blp.route("/rounds")
@blp.response(200, RoundListSchema)
def list_rounds():
    """Application and evaluation rounds, newest first."""
    items = rounds.all_rounds()
    return {"items": items, "total": len(items)}


@blp.route("/rounds", methods=["POST"])
@requires("samr")
@blp.arguments(RoundSchema)
@blp.response(201, RoundSchema)
def create_round(args):
    """Open a round (SAMR)."""
    return rounds.create(g.user, **args)


@blp.route("/rounds/<int:round_id>/recommendations")
@blp.response(200, WaitingRecommendationListSchema)
def waiting_recommendations(round_id):
    """The caller's cases of this round that wait for its recommendation (province)."""
    items = recommendations.waiting(g.user, round_id)
    return {"items": items, "total": len(items)}


@blp.route("/rounds/<int:round_id>/recommendations", methods=["POST"])
@requires("province")
@blp.arguments(RecommendationListSchema)
@blp.response(200, CaseListSchema)
def submit_recommendations(args, round_id):
    """Submit the province's ranked list for the round: every waiting case, at once (Art 8)."""
    cases = recommendations.submit(g.user, round_id, args["items"])
    return {"items": [case_view(c, history=False) for c in cases], "total": len(cases)}
