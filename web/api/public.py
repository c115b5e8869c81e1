"""The public side (no login): notices with their end, and objections (Art 15)."""
import hashlib

from flask import request

from engine.casework import objections, reports
from web.api import Blueprint
from web.api.schemas.common import NoticeListSchema, ObjectionReceiptSchema, ObjectionSchema
from web.api.schemas.public import ZoneListSchema
from web.extensions import limiter

blp = Blueprint("api_public", __name__, url_prefix="/api/v1/public", description="Public notice")


def client_id():
    """A salted hash of the client address: enough to throttle, nothing to identify."""
    return hashlib.sha256(f"dzbpm:{request.remote_addr}".encode()).hexdigest()[:32]


@blp.route("/notices")
@blp.response(200, NoticeListSchema)
def list_notices():
    """Cases in public notice and when each notice ends."""
    items = objections.notices()
    return {"items": items, "total": len(items)}


@blp.route("/notices/<int:case_id>/objections", methods=["POST"])
@limiter.limit("5 per minute;30 per day")
@blp.arguments(ObjectionSchema)
@blp.response(201, ObjectionReceiptSchema)
def object_to(args, case_id):
    """Raise an objection during the notice; the answer carries a confirmation number."""
    return objections.submit(case_id, args["name"], args["contact"], args["content"], client_id())


@blp.route("/zones")
@blp.response(200, ZoneListSchema)
def list_zones():
    """Certified demonstration zones and revoked ones (Art 16, 22)."""
    items = reports.zones()
    return {"items": items, "total": len(items)}
