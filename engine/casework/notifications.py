"""Notices in people's inboxes: addressed to a user, or to a role in an organisation
(the same scoping as tasks: a province's bureau, an applicant region, national roles)."""
from typing import Any

from sqlalchemy import ColumnElement, false, or_
from sqlalchemy.orm import Query

from engine import clock
from engine.errors import Forbidden, NotFound
from engine.mail import outbox  # noqa: F401  (writes each notification's mail in its transaction)
from models import HumanTask, Notification, User, db


def scope_org(role: str, task: HumanTask) -> int | None:
    """The organisation that scopes `role` for a task's case (None for national roles)."""
    if role == "province":
        return task.province_id
    if role in ("applicant", "member_unit"):
        return task.region_id
    return None


def send(kind: str, title: str, case_id: int | None = None, task_id: int | None = None, user_id: int | None = None,
         role: str | None = None, org_id: int | None = None, detail: dict[str, Any] | None = None) -> Notification:
    note = Notification(created_at=clock.now(), kind=kind, case_id=case_id, task_id=task_id,
                        user_id=user_id, role=role, org_id=org_id, title=title, detail=detail or {})
    db.session.add(note)
    return note


def visible_to(user: User) -> ColumnElement[bool]:
    """SQL condition: the notifications `user` receives."""
    clauses = [Notification.user_id == user.id]
    for m in user.roles:
        if m.role in ("samr", "expert"):
            clauses.append((Notification.role == m.role) & Notification.user_id.is_(None))
        elif m.role in ("province", "applicant"):
            clauses.append((Notification.role == m.role) & (Notification.org_id == m.org_id))
        elif m.role == "member_unit" and m.org.parent_id is not None:
            # addressed to all member units of the region, or to this unit (plan reminders)
            clauses.append((Notification.role == "member_unit")
                           & Notification.org_id.in_((m.org.parent_id, m.org_id)))
    return or_(*clauses) if clauses else false()


def addressed_to(user: User, case_id: int | None = None, unread: bool = False) -> Query[Notification]:
    q = Notification.query.filter(visible_to(user))
    if case_id:
        q = q.filter(Notification.case_id == case_id)
    if unread:
        q = q.filter(Notification.read_at.is_(None))
    return q.order_by(Notification.created_at.desc(), Notification.id.desc())


def mark_read(user: User, note_id: int) -> Notification:
    note = db.session.get(Notification, note_id)
    if note is None:
        raise NotFound("notification {note_id} does not exist", note_id=note_id)
    if not Notification.query.filter(Notification.id == note_id, visible_to(user)).first():
        raise Forbidden("this notification is not addressed to you")
    note.read_at = note.read_at or clock.now()
    db.session.commit()
    return note
