"""The audit trail: append-only events, named subject_past_tense_verb.

The ORM refuses to update or delete an event, one by one or in bulk: no route or
service can rewrite history.
"""
from sqlalchemy import event
from sqlalchemy.orm import Session

from models import db
from models.types import UTCDateTime


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(UTCDateTime, nullable=False)
    actor = db.Column(db.String(64), nullable=False)   # username, "scheduler" or "public"
    action = db.Column(db.String(64), nullable=False)  # e.g. task_completed, timer_fired
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), index=True)
    task_name = db.Column(db.String(100))
    detail = db.Column(db.JSON, nullable=False, default=dict)


class AuditImmutable(Exception):
    """Raised when code tries to change or delete an audit event."""


@event.listens_for(Session, "before_flush")
def _refuse_changes(session, _context, _instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditImmutable("audit events are append-only")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state):
    if (state.is_update or state.is_delete) and any(
            m.class_ is AuditEvent for m in state.all_mappers):
        raise AuditImmutable("audit events are append-only")
