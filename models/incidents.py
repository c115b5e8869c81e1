"""Incidents: a diagram step that failed, recorded outside the failed transaction."""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class IncidentState(StrEnum):
    """An incident: waiting for an administrator, fixed by a retry, or dismissed."""
    OPEN = "open"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


INCIDENT_STATES = tuple(IncidentState)


class Incident(db.Model):
    """What failed, where, and enough to run the step again once the diagram is fixed."""
    __tablename__ = "incidents"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, index=True)
    state = db.Column(db.String(16), nullable=False, index=True)   # INCIDENT_STATES
    kind = db.Column(db.String(16), nullable=False)                # "task" or "timer"
    element = db.Column(db.String(100))                            # BPMN element id
    message = db.Column(db.Text, nullable=False)
    definition_version = db.Column(db.Integer)
    # How to run the step again: {"task_id", "actor", "data"} for a task completion.
    retry = db.Column(db.JSON, nullable=False, default=dict)
    attempts = db.Column(db.Integer, nullable=False, default=1)
    opened_at = db.Column(UTCDateTime, nullable=False)
    closed_at = db.Column(UTCDateTime)
    closed_by = db.Column(db.String(64))

    case = db.relationship("Case", lazy="joined")
