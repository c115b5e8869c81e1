"""The public side (no login): notices with their end, title, text and regions, objections
(Art 15), the zones with their decisions (Art 16, 22) and the public decisions as PDF."""
import hashlib

from flask import request

from engine.casework import decisions, experience, objections, publication
from web.api import Blueprint
from web.api.schemas.common import ObjectionReceiptSchema, ObjectionSchema
from web.api.schemas.experience import LibrarySchema
from web.api.schemas.public import NoticeListSchema, ZoneListSchema
from web.extensions import limiter
from web.pages import letter_pdf
from web.views import public_document_url

blp = Blueprint("api_public", __name__, url_prefix="/api/v1/public", description="Public notice")


def client_id():
    """A salted hash of the client address: enough to throttle, nothing to identify."""
    return hashlib.sha256(f"dzbpm:{request.remote_addr}".encode()).hexdigest()[:32]


@blp.route("/notices")
@blp.response(200, NoticeListSchema)
def list_notices():
    """Cases in public notice and when each notice ends, with the notice SAMR published
    (title, text, number) and every region on it."""
    items = [{**n, "url": public_document_url(n["document_id"])} for n in publication.notices()]
    return {"items": items, "total": len(items)}


@blp.route("/notices/<int:case_id>/objections", methods=["POST"])
@limiter.limit("5 per minute;30 per day")
@blp.arguments(ObjectionSchema)
@blp.response(201, ObjectionReceiptSchema)
def object_to(args, case_id):
    """Raise an objection during the notice; the answer carries a confirmation number."""
    return objections.submit(case_id, args["name"], args["contact"], args["content"], client_id())


def _with_urls(zone):
    for key in ("certification", "revocation"):
        if zone.get(key):
            zone[key] = {**zone[key], "url": public_document_url(zone[key]["document_id"])}
    return zone


@blp.route("/zones")
@blp.response(200, ZoneListSchema)
def list_zones():
    """Certified demonstration zones and revoked ones (Art 16, 22), with the certification's
    number, date and announcement and, for a revoked zone, the revocation's number."""
    items = [_with_urls(z) for z in publication.zones()]
    return {"items": items, "total": len(items)}


@blp.route("/documents/<int:document_id>.pdf")
@blp.response(200, content_type="application/pdf")
def document_pdf(document_id):
    """A public decision (notice, certification, revocation) as a PDF; others are 404."""
    return letter_pdf.response(decisions.public_document(document_id))


@blp.route("/experiences")
@blp.response(200, LibrarySchema)
def list_experiences():
    """The experience library (Art 20): the zones' replicable practice SAMR curated, newest first."""
    items = experience.library()
    return {"items": items, "total": len(items)}
