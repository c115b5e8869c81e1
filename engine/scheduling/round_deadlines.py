"""Reminders before a round's deadlines: an open task the round's calendar binds
(models.rounds.DEADLINE_OF_FORM) whose deadline is less than `round.remind_before` away
gets one reminder, to its assignee or else to its role in its scope.

Overdue work is escalation's (engine/scheduling/escalation.py); this job speaks before.
As there, each task is handled under its case's lock, and the unique (task, kind)
constraint on notifications makes a second reminder impossible with two schedulers.
"""
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.exc import IntegrityError

from engine import clock, thresholds
from engine.audit import record
from engine.casework import notifications
from engine.tx import lock_case, transactional
from models import HumanTask, Notification, Round, db
from models.rounds import DEADLINE_OF_FORM

ACTOR = "scheduler"
KIND = "round_deadline_reminder"


def _bound(now: datetime, horizon: datetime) -> Any:
    """SQL: the task's form is bound to a deadline of its round that falls in (now, horizon]."""
    return or_(*[and_(HumanTask.form == form, getattr(Round, f"{which}_deadline") > now,
                      getattr(Round, f"{which}_deadline") <= horizon)
                 for form, which in DEADLINE_OF_FORM.items()])


def run(now: datetime | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """Remind what falls due within the window at `now`; returns the reminders sent."""
    now = now or clock.now()
    horizon = thresholds.after("round.remind_before", now)
    sent = exists().where(Notification.task_id == HumanTask.id, Notification.kind == KIND)
    ids = db.session.execute(
        select(HumanTask.id).join(Round, Round.id == HumanTask.round_id)
        .where(HumanTask.completed_at.is_(None), _bound(now, horizon), ~sent)
        .order_by(HumanTask.id).limit(limit)).scalars().all()
    db.session.commit()  # end the read transaction (SQLite holds its lock until then)
    return [r for r in (_remind(i, now) for i in ids) if r]


def _remind(task_id: int, now: datetime) -> dict[str, Any] | None:
    try:
        return _remind_locked(task_id, now)
    except IntegrityError:
        return None  # another scheduler sent it first


@transactional
def _remind_locked(task_id: int, now: datetime) -> dict[str, Any] | None:
    task = db.session.get(HumanTask, task_id)
    lock_case(task.case_id)
    db.session.refresh(task)
    round_ = db.session.get(Round, task.round_id)
    bound = round_.deadline_for_form(task.form) if round_ is not None else None
    if task.completed_at is not None or bound is None or bound[1] <= now:
        return None
    if Notification.query.filter_by(task_id=task.id, kind=KIND).first():
        return None
    which, deadline = bound
    to = ({"user_id": task.assignee_id} if task.assignee_id else
          {"role": task.role, "org_id": notifications.scope_org(task.role, task)})
    title = f"提醒：{round_.name}{task.title}将于 {clock.local_text(deadline)} 截止（{task.case.region.name}）"
    detail = {"round_id": round_.id, "deadline": which, "deadline_at": deadline.isoformat(), "title": task.title}
    notifications.send(KIND, title, case_id=task.case_id, task_id=task.id, detail=detail, **to)
    db.session.flush()  # the unique constraint speaks here, inside our try
    audit = {**detail, **{k: v for k, v in to.items() if v is not None}, "role": to.get("role", task.role)}
    record(ACTOR, "round_deadline_reminded", task.case_id, task.name, audit)
    return {"task_id": task.id, "case_id": task.case_id, **audit}
