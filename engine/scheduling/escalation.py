"""Overdue human tasks: first a reminder to the assignee (or the task's role), then,
after a grace period, a supervision notice (督办) to the role above.

Both thresholds are settings (engine/thresholds.py). Each task is handled in its own
transaction under its case's lock, and a unique (task, kind) constraint on
notifications makes a second reminder impossible even with two schedulers running.
"""
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from engine import clock, thresholds
from engine.audit import record
from engine.casework import notifications
from engine.tx import lock_case, transactional
from models import HumanTask, Notification, db

ACTOR = "scheduler"
REMINDER, ESCALATION = "task_reminder", "task_escalation"
# Who supervises whom: applicant → province → SAMR. SAMR has no one above it.
ABOVE = {"member_unit": "applicant", "applicant": "province", "province": "samr", "expert": "samr"}


def _overdue(kind: str, older_than: datetime, limit: int) -> list[int]:
    sent = exists().where(Notification.task_id == HumanTask.id, Notification.kind == kind)
    q = select(HumanTask.id).where(HumanTask.completed_at.is_(None), HumanTask.due_at <= older_than, ~sent)
    if kind == ESCALATION:
        q = q.where(HumanTask.role.in_(ABOVE))
    return db.session.execute(q.order_by(HumanTask.due_at).limit(limit)).scalars().all()


def run(now: datetime | None = None, limit: int = 500) -> dict[str, list[dict[str, Any]]]:
    """Remind and escalate what is overdue at `now`; returns what was sent."""
    now = now or clock.now()
    reminded = [r for r in (_notify(i, REMINDER, now) for i in
                            _overdue(REMINDER, thresholds.before("escalation.reminder_after", now), limit)) if r]
    escalated = [r for r in (_notify(i, ESCALATION, now) for i in
                             _overdue(ESCALATION, thresholds.before("escalation.grace", now), limit)) if r]
    db.session.commit()  # end the read transaction (SQLite holds its lock until then)
    return {"reminded": reminded, "escalated": escalated}


def _notify(task_id: int, kind: str, now: datetime) -> dict[str, Any] | None:
    try:
        return _notify_locked(task_id, kind, now)
    except IntegrityError:
        return None  # another scheduler sent it first


@transactional
def _notify_locked(task_id: int, kind: str, now: datetime) -> dict[str, Any] | None:
    task = db.session.get(HumanTask, task_id)
    lock_case(task.case_id)
    db.session.refresh(task)
    if task.completed_at is not None or task.due_at is None or task.due_at > now:
        return None
    if Notification.query.filter_by(task_id=task.id, kind=kind).first():
        return None
    overdue = {"due_at": task.due_at.isoformat(), "title": task.title}
    if kind == REMINDER:
        to = ({"user_id": task.assignee_id} if task.assignee_id else
              {"role": task.role, "org_id": notifications.scope_org(task.role, task)})
        title = f"催办：{task.title}已于 {clock.local_text(task.due_at)} 到期"
        action = "task_reminded"
    else:
        role = ABOVE[task.role]
        to = {"role": role, "org_id": notifications.scope_org(role, task)}
        title = f"督办：{task.title}逾期未办（{clock.local_text(task.due_at)} 到期）"
        action = "task_escalated"
    notifications.send(kind, title, case_id=task.case_id, task_id=task.id, detail=overdue, **to)
    db.session.flush()  # the unique constraint speaks here, inside our try
    audit = {**overdue, **{k: v for k, v in to.items() if v is not None}, "role": to.get("role", task.role)}
    record(ACTOR, action, task.case_id, task.name, audit)
    return {"task_id": task.id, "case_id": task.case_id, **audit}
