"""Schemas of experience reports and the experience library (Art 19-20), and of support
measures and pilots (Art 21)."""
from marshmallow import Schema, fields, validate

from engine.casework.experience import LIMITS
from models.experience import EXPERIENCE_STATUSES, SUPPORT_KINDS
from web.api.schemas.common import ISO


def _text(name, description, required=True):
    return fields.String(required=required, validate=validate.Length(max=LIMITS[name]),
                         metadata={"description": description})


class ExperienceInputSchema(Schema):
    title = _text("title", "标题")
    highlights = _text("highlights", "工作亮点")
    progress = _text("progress", "重大进展和重要成效")
    practice = _text("practice", "可复制可推广的经验做法")


class ExperienceCurationSchema(Schema):
    library_title = _text("library_title", "经验库中的标题 (default: the report's)", required=False)
    summary = _text("summary", "经验库中向社会展示的摘要")


class ExperienceSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    region_name = fields.String()
    title = fields.String()
    highlights = fields.String()
    progress = fields.String()
    practice = fields.String()
    submitted_by = fields.String()
    submitted_at = ISO()
    status = fields.String(validate=validate.OneOf(EXPERIENCE_STATUSES), metadata={
        "description": "submitted (in SAMR's inbox) | published (in the experience library)"})
    library_title = fields.String(allow_none=True)
    summary = fields.String(allow_none=True)
    curated_by = fields.String(allow_none=True)
    curated_at = ISO(allow_none=True)


class ExperienceListSchema(Schema):
    items = fields.List(fields.Nested(ExperienceSchema))
    total = fields.Integer()


class ExperienceQuerySchema(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(EXPERIENCE_STATUSES))


class LibraryItemSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    summary = fields.String()
    highlights = fields.String()
    practice = fields.String()
    region_name = fields.String()
    province_name = fields.String(allow_none=True)
    published_at = ISO()


class LibrarySchema(Schema):
    items = fields.List(fields.Nested(LibraryItemSchema))
    total = fields.Integer()


class SupportInputSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(SUPPORT_KINDS), metadata={
        "description": "informatisation | monitoring | enforcement | training | commendation | pilot (先行先试)"})
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    content = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    started_on = fields.Date(required=True, metadata={"description": "yyyy-mm-dd, from 2000 to ten years ahead"})


class SupportSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    kind = fields.String(validate=validate.OneOf(SUPPORT_KINDS))
    title = fields.String()
    content = fields.String()
    started_on = fields.Date()
    recorded_by = fields.String()
    recorded_at = ISO()


class SupportListSchema(Schema):
    items = fields.List(fields.Nested(SupportSchema))
    total = fields.Integer()
