"""Audit events: who did what, when, to which case — written in the caller's transaction."""
from models import AuditEvent, db

from . import clock


def record(actor, action, case=None, task_name=None, detail=None):
    """Append one event; `actor` is a User, a username, or a system name."""
    event = AuditEvent(at=clock.now(), actor=getattr(actor, "username", actor), action=action,
                       case_id=getattr(case, "id", case), task_name=task_name,
                       detail=detail or {})
    db.session.add(event)
    return event


def history(case_id):
    return (AuditEvent.query.filter_by(case_id=case_id)
            .order_by(AuditEvent.at, AuditEvent.id).all())
