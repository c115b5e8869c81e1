"""The audit trail: append-only events, named subject_past_tense_verb."""
from . import db
from .types import UTCDateTime


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(UTCDateTime, nullable=False)
    actor = db.Column(db.String(64), nullable=False)   # username, "scheduler" or "public"
    action = db.Column(db.String(64), nullable=False)  # e.g. task_completed, timer_fired
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), index=True)
    task_name = db.Column(db.String(100))
    detail = db.Column(db.JSON, nullable=False, default=dict)
