"""The caller's saved inbox filters (`/api/v1/me/filters`): their own only."""
from flask import g

from engine.casework import inbox_filters
from web.api import Blueprint, protected
from web.api.schemas.search import SavedFilterInSchema, SavedFilterListSchema, SavedFilterSchema

blp = protected(Blueprint("api_filters", __name__, url_prefix="/api/v1", description="Saved inbox filters"))


@blp.route("/me/filters")
@blp.response(200, SavedFilterListSchema)
def list_filters():
    """Your saved inbox filters, oldest first."""
    items = inbox_filters.mine(g.user)
    return {"items": items, "total": len(items)}


@blp.route("/me/filters", methods=["POST"])
@blp.arguments(SavedFilterInSchema)
@blp.response(201, SavedFilterSchema)
def save_filter(args):
    """Name an inbox filter (at most 20 per user, names unique)."""
    return inbox_filters.save(g.user, args["name"], args["query"])


@blp.route("/me/filters/<int:filter_id>", methods=["DELETE"])
@blp.response(204)
def delete_filter(filter_id):
    """Delete one of your saved filters (another user's: 404)."""
    inbox_filters.delete(g.user, filter_id)
    return ""
