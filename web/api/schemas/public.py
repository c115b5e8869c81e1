"""Schemas of the public side's lists (no login): notices and zones."""
from marshmallow import Schema, fields

from web.api.schemas.common import ISO


class RegionRefSchema(Schema):
    case_id = fields.Integer()
    region_name = fields.String()
    province_name = fields.String(allow_none=True)


class NoticeSchema(Schema):
    case_id = fields.Integer()
    region_name = fields.String()
    province_name = fields.String(allow_none=True)
    ends_at = ISO(allow_none=True)
    title = fields.String(allow_none=True, metadata={"description": "the notice's title as SAMR published it"})
    text = fields.String(allow_none=True, metadata={"description": "the notice's text as SAMR published it"})
    document_number = fields.String(allow_none=True)
    published_at = ISO(allow_none=True)
    regions = fields.List(fields.Nested(RegionRefSchema),
                          metadata={"description": "every region on this notice (a round's list)"})
    url = fields.String(allow_none=True, metadata={"description": "the notice as a PDF"})


class NoticeListSchema(Schema):
    items = fields.List(fields.Nested(NoticeSchema))
    total = fields.Integer()


class DecisionRefSchema(Schema):
    document_id = fields.Integer()
    number = fields.String()
    title = fields.String()
    issued_at = ISO()
    url = fields.String(metadata={"description": "the decision as a PDF"})


class ZoneSchema(Schema):
    case_id = fields.Integer()
    region_name = fields.String()
    province_name = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "certified | revoked"})
    document_number = fields.String(allow_none=True, metadata={"description": "the certification's 文号"})
    certified_on = fields.String(allow_none=True)
    announcement = fields.String(allow_none=True)
    certification = fields.Nested(DecisionRefSchema, allow_none=True)
    revoked_at = ISO(allow_none=True)
    revocation_document_number = fields.String(allow_none=True, metadata={"description": "the revocation's 文号"})
    revocation = fields.Nested(DecisionRefSchema, allow_none=True)


class ZoneListSchema(Schema):
    items = fields.List(fields.Nested(ZoneSchema))
    total = fields.Integer()
