"""Schemas of the public side's lists (no login)."""
from marshmallow import Schema, fields

from web.api.schemas.common import ISO


class ZoneSchema(Schema):
    case_id = fields.Integer()
    region_name = fields.String()
    province_name = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "certified | revoked"})
    document_number = fields.String(allow_none=True)
    certified_on = fields.String(allow_none=True)
    revoked_at = ISO(allow_none=True)


class ZoneListSchema(Schema):
    items = fields.List(fields.Nested(ZoneSchema))
    total = fields.Integer()
