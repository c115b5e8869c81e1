"""Webhooks for other systems: subscriptions an administrator registers, and the outbox of
deliveries, one row per subscription and event, written in the event's own transaction and
sent after it commits (engine/webhooks/)."""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class WebhookEvent(StrEnum):
    CASE_STARTED = "case_started"
    STAGE_CHANGED = "stage_changed"
    TASK_CREATED = "task_created"
    TASK_COMPLETED = "task_completed"
    NOTICE_PUBLISHED = "notice_published"
    ZONE_CERTIFIED = "zone_certified"
    ZONE_REVOKED = "zone_revoked"


WEBHOOK_EVENTS = tuple(WebhookEvent)


class DeliveryStatus(StrEnum):
    PENDING = "pending"      # waiting for its (next) attempt; attempts > 0: retrying
    SENDING = "sending"      # claimed by one sender until lease_until (then due again)
    DELIVERED = "delivered"  # the receiver answered 2xx
    FAILED = "failed"        # gave up after the last attempt; an administrator may retry it


class WebhookSubscription(db.Model):
    __tablename__ = "webhook_subscriptions"
    id = db.Column(db.Integer, primary_key=True)
    url = db.Column(db.String(500), nullable=False)
    description = db.Column(db.String(200), nullable=False, default="")
    events = db.Column(db.JSON, nullable=False)          # list of WebhookEvent values
    secret = db.Column(db.String(100), nullable=False)   # the HMAC key (engine/webhooks/signing.py)
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(UTCDateTime, nullable=False)
    created_by = db.Column(db.String(64), nullable=False)
    updated_at = db.Column(UTCDateTime, nullable=False)


class WebhookDelivery(db.Model):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (db.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
                      db.Index("ix_webhook_deliveries_order", "subscription_id", "case_id", "id"))
    id = db.Column(db.Integer, primary_key=True)
    uid = db.Column(db.String(36), nullable=False, unique=True)  # X-DZ-Delivery: receivers deduplicate by it
    subscription_id = db.Column(db.Integer, db.ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"),
                                nullable=False)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    event = db.Column(db.String(32), nullable=False)
    body = db.Column(db.Text, nullable=False)  # the JSON sent, fixed when written: every attempt sends it
    status = db.Column(db.String(16), nullable=False, default=DeliveryStatus.PENDING)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(UTCDateTime, nullable=False)
    next_attempt_at = db.Column(UTCDateTime, nullable=False)
    lease_until = db.Column(UTCDateTime)
    claimed_by = db.Column(db.String(64))
    delivered_at = db.Column(UTCDateTime)
    last_status = db.Column(db.Integer)  # the receiver's HTTP status of the last attempt
    last_error = db.Column(db.String(500))
