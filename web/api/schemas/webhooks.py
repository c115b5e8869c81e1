"""marshmallow schemas of webhook subscriptions and their deliveries (admin API)."""
import json

from marshmallow import Schema, fields, validate

from engine.webhooks.subscriptions import MAX_URL
from models.webhooks import WEBHOOK_EVENTS

ISO = fields.AwareDateTime
EVENT = fields.String(validate=validate.OneOf(WEBHOOK_EVENTS))


class WebhookCreateSchema(Schema):
    url = fields.String(required=True, validate=validate.Length(min=1, max=MAX_URL))
    events = fields.List(EVENT, required=True, validate=validate.Length(min=1, max=len(WEBHOOK_EVENTS)))
    description = fields.String(load_default="", validate=validate.Length(max=200))
    active = fields.Boolean(load_default=True)


class WebhookChangeSchema(Schema):
    url = fields.String(validate=validate.Length(min=1, max=MAX_URL))
    events = fields.List(EVENT, validate=validate.Length(min=1, max=len(WEBHOOK_EVENTS)))
    description = fields.String(validate=validate.Length(max=200))
    active = fields.Boolean()
    rotate_secret = fields.Boolean(metadata={"description": "issue a new secret, shown once in the answer"})


class WebhookSchema(Schema):
    id = fields.Integer()
    url = fields.String()
    description = fields.String()
    events = fields.List(fields.String())
    active = fields.Boolean()
    created_at = ISO()
    created_by = fields.String()
    updated_at = ISO()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(),
                         metadata={"description": "deliveries by status"})


class WebhookWithSecretSchema(WebhookSchema):
    secret = fields.String(metadata={"description": "the signing secret: shown only when created or rotated"})


class WebhookListSchema(Schema):
    items = fields.List(fields.Nested(WebhookSchema))
    total = fields.Integer()


class WebhookDeliverySchema(Schema):
    id = fields.Integer()
    uid = fields.String(metadata={"description": "X-DZ-Delivery"})
    subscription_id = fields.Integer()
    case_id = fields.Integer(allow_none=True)
    event = fields.String()
    status = fields.String(metadata={"description": "pending, sending, delivered or failed"})
    attempts = fields.Integer()
    created_at = ISO()
    next_attempt_at = ISO(allow_none=True)
    delivered_at = ISO(allow_none=True)
    last_status = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    payload = fields.Function(lambda row: json.loads(row.body))


class WebhookDeliveryListSchema(Schema):
    items = fields.List(fields.Nested(WebhookDeliverySchema))
    total = fields.Integer()
