from flask import g

from engine import rounds
from models.schemas import RoundListSchema, RoundSchema

from . import Blueprint, protected

blp = protected(Blueprint("api_rounds", __name__, url_prefix="/api/v1", description="Rounds"))


@blp.route("/rounds")
@blp.response(200, RoundListSchema)
def list_rounds():
    """Application and evaluation rounds, newest first."""
    items = rounds.all_rounds()
    return {"items": items, "total": len(items)}


@blp.route("/rounds", methods=["POST"])
@blp.arguments(RoundSchema)
@blp.response(201, RoundSchema)
def create_round(args):
    """Open a round (SAMR)."""
    return rounds.create(g.user, **args)
