"""Mail of notifications: one outbox row per notification and recipient, written in the
notification's own transaction and sent after it commits (engine/mail/)."""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class MailMode(StrEnum):
    """How a user receives the mail of their notifications."""
    IMMEDIATE = "immediate"  # one mail per notification, right after it is written
    DIGEST = "digest"        # one mail a day listing what came in
    OFF = "off"              # no mail; the message centre only


class MailStatus(StrEnum):
    PENDING = "pending"    # waiting for its next attempt (or for the day's digest)
    SENDING = "sending"    # claimed by one delivery pass until lease_until
    SENT = "sent"
    FAILED = "failed"      # gave up after the last attempt


class MailOutbox(db.Model):
    __tablename__ = "mail_outbox"
    # The dedupe key (notification and recipient) is unique: a notification mails a user once.
    __table_args__ = (db.Index("ix_mail_outbox_due", "status", "next_attempt_at"),)
    id = db.Column(db.Integer, primary_key=True)
    dedupe_key = db.Column(db.String(64), nullable=False, unique=True)
    notification_id = db.Column(db.Integer, db.ForeignKey("notifications.id", ondelete="CASCADE"), index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    recipient = db.Column(db.String(254), nullable=False)
    subject = db.Column(db.String(300), nullable=False)
    body = db.Column(db.Text, nullable=False)
    digest = db.Column(db.Boolean, nullable=False, default=False)
    status = db.Column(db.String(16), nullable=False, default=MailStatus.PENDING)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(UTCDateTime, nullable=False)
    next_attempt_at = db.Column(UTCDateTime, nullable=False)
    lease_until = db.Column(UTCDateTime)
    claimed_by = db.Column(db.String(64))
    sent_at = db.Column(UTCDateTime)
    last_error = db.Column(db.String(500))
