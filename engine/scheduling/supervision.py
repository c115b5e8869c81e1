"""The time-driven side of supervision of certified zones (Art 22).

The supervision process (bpmn/zone_supervision.bpmn) keeps a check-record task open
for SAMR and one for the province for as long as the zone is certified; each recorded
check loops back and opens a new one. This periodic job gives an open check task a
due date once `supervision.check_interval` has passed since it opened, and tells the
role: from then on, reminders and escalation of overdue tasks take over. Interval and
response period are settings.
"""
from datetime import datetime
from typing import Any

from sqlalchemy import select

from engine import clock, thresholds
from engine.audit import record
from engine.casework import notifications
from engine.tx import lock_case, transactional
from models import Case, HumanTask, db

ACTOR = "scheduler"
STAGE = "supervision"
CHECK_TASKS = ("supervision_check", "province_supervision")


def due_checks(now: datetime) -> list[int]:
    opened_before = thresholds.before("supervision.check_interval", now)
    return db.session.execute(
        select(HumanTask.id).join(Case, Case.id == HumanTask.case_id).where(
            Case.stage == STAGE, Case.status != "closed", HumanTask.name.in_(CHECK_TASKS),
            HumanTask.completed_at.is_(None), HumanTask.due_at.is_(None),
            HumanTask.created_at <= opened_before).order_by(HumanTask.created_at)).scalars().all()


def run(now: datetime | None = None) -> dict[str, list[dict[str, Any]]]:
    """Call for the checks that are due at `now`; returns what was done."""
    now = now or clock.now()
    called = [c for c in (_call_for_check(i, now) for i in due_checks(now)) if c]
    db.session.commit()  # end the read transaction
    return {"checks_due": called}


@transactional
def _call_for_check(task_id: int, now: datetime) -> dict[str, Any] | None:
    task = db.session.get(HumanTask, task_id)
    lock_case(task.case_id)
    db.session.refresh(task)
    if task.completed_at is not None or task.due_at is not None:
        return None  # recorded meanwhile, or another scheduler was first
    task.due_at = thresholds.after("supervision.response_period", now)
    detail = {"task_id": task.id, "due_at": task.due_at.isoformat(), "title": task.title,
              "opened_at": task.created_at.isoformat()}
    notifications.send("supervision_check_due", f"督促检查到期：{task.title}", case_id=task.case_id,
                       role=task.role, org_id=notifications.scope_org(task.role, task), detail=detail)
    record(ACTOR, "supervision_check_due", task.case_id, task.name, detail)
    return {"case_id": task.case_id, **detail}
