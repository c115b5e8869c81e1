"""marshmallow schemas of saved inbox filters and bulk claims."""
from marshmallow import Schema, fields, validate

from engine.casework import worklist
from engine.casework.inbox_filters import MAX_NAME
from engine.casework.search import MAX_QUERY
from engine.casework.tasks import MAX_BULK_CLAIM
from models.process import STAGES
from web.api.schemas.common import ID_RANGE, ISO


class InboxQuerySchema(Schema):
    """The inbox page's filter arguments (`/inbox?tab=&stage=&region=&round=&due=&sort=&q=`)."""
    tab = fields.String(validate=validate.OneOf(worklist.TABS))
    stage = fields.String(validate=validate.OneOf(STAGES))
    region = fields.Integer(validate=ID_RANGE)
    round = fields.Integer(validate=ID_RANGE)
    case = fields.Integer(validate=ID_RANGE)
    due = fields.String(validate=validate.OneOf(worklist.DUE_STATES))
    sort = fields.String(validate=validate.OneOf(worklist.SORTS))
    q = fields.String(validate=validate.Length(max=MAX_QUERY))


class SavedFilterInSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=MAX_NAME))
    query = fields.Nested(InboxQuerySchema, required=True)


class SavedFilterSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    query = fields.Dict(attribute="params", keys=fields.String(), values=fields.String())
    created_at = ISO()


class SavedFilterListSchema(Schema):
    items = fields.List(fields.Nested(SavedFilterSchema))
    total = fields.Integer()


class BulkClaimSchema(Schema):
    ids = fields.List(fields.Integer(validate=ID_RANGE), required=True,
                      validate=validate.Length(min=1, max=MAX_BULK_CLAIM))


class ClaimResultSchema(Schema):
    id = fields.Integer()
    result = fields.String(validate=validate.OneOf(("claimed", "refused")))
    code = fields.String(allow_none=True, metadata={"description": "why refused: conflict, forbidden, not_found"})
    reason = fields.String(allow_none=True)


class BulkClaimResultSchema(Schema):
    items = fields.List(fields.Nested(ClaimResultSchema))
    claimed = fields.Integer()
    refused = fields.Integer()
