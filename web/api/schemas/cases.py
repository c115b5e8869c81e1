"""marshmallow schemas of copying a case (抄送)."""
from marshmallow import Schema, fields, validate

from engine.casework.copies import MAX_USERS
from models.handover import MAX_NOTE


class CopyRequestSchema(Schema):
    users = fields.List(fields.String(validate=validate.Length(min=1, max=64)), required=True,
                        validate=validate.Length(min=1, max=MAX_USERS),
                        metadata={"description": f"usernames, at most {MAX_USERS}"})
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=MAX_NOTE))


class CopySchema(Schema):
    username = fields.String(attribute="user.username")
    display_name = fields.String(attribute="user.display_name", allow_none=True)
    by = fields.String(attribute="by.username")
    at = fields.AwareDateTime()
    note = fields.String(allow_none=True)


class CopyListSchema(Schema):
    case_id = fields.Integer()
    items = fields.List(fields.Nested(CopySchema))
