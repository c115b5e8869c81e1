"""The waiting-event projection: one row per run of a catching event a case waits in."""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class WaitKind(StrEnum):
    TIMER = "timer"      # an intermediate timer event (公示期满)
    MESSAGE = "message"  # a receive task or message catch event (受理异议)
    OTHER = "other"      # a signal, condition or other caught event


class EventWait(db.Model):
    """Mirrors a waiting intermediate catch event or receive task, as human_tasks mirrors a
    ready user task, so process analytics count time in events without deserialising a case.
    Boundary events are left out: the case waits in the activity they sit on.

    `passed` is false when the wait ended without its event (an event-based choice, a
    boundary event cancelling it).
    """
    __tablename__ = "event_waits"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, index=True)
    task_guid = db.Column(db.String(36), nullable=False, unique=True)
    name = db.Column(db.String(100), nullable=False)    # BPMN element id
    title = db.Column(db.String(200), nullable=False)   # BPMN element name
    kind = db.Column(db.String(16), nullable=False)     # WaitKind
    created_at = db.Column(UTCDateTime, nullable=False)
    due_at = db.Column(UTCDateTime)                     # a timer's moment
    completed_at = db.Column(UTCDateTime)
    passed = db.Column(db.Boolean)
