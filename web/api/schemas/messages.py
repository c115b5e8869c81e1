"""marshmallow schemas of the message centre and mail preferences (/api/v1/me/…)."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from engine.casework.messages import MAX_IDS
from engine.mail.preferences import MAX_ADDRESS, MODES
from web.api.schemas.common import ID_RANGE, PageArgsSchema
from web.api.schemas.scheduling import NotificationSchema


class MyNotificationQuerySchema(PageArgsSchema):
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    unread = fields.Boolean(load_default=False)


class MyNotificationListSchema(Schema):
    items = fields.List(fields.Nested(NotificationSchema))
    total = fields.Integer()
    unread = fields.Integer()


class MarkReadSchema(Schema):
    ids = fields.List(fields.Integer(validate=ID_RANGE), validate=validate.Length(min=1, max=MAX_IDS))
    all = fields.Boolean()

    @validates_schema
    def one_of(self, data, **_kwargs):
        if ("ids" in data) == bool(data.get("all")):
            raise ValidationError('give either "ids" or "all": true', "ids")


class MarkedSchema(Schema):
    marked = fields.Integer()
    unread = fields.Integer()


class MailPreferencesSchema(Schema):
    email = fields.String(allow_none=True, validate=validate.Length(max=MAX_ADDRESS))
    mode = fields.String(required=True, validate=validate.OneOf(MODES))
