"""Firing due BPMN timers: ask the database which cases are due, load only those."""
from datetime import datetime
from typing import Any

from sqlalchemy import select

from engine import clock
from engine.audit import record
from engine.operations import incidents
from engine.runtime import instances
from engine.tx import lock_case, transactional
from models import Case, db

ACTOR = "scheduler"


def due_case_ids(now: datetime) -> list[int]:
    return db.session.execute(
        select(Case.id).where(Case.next_timer_at <= now, Case.status != "closed",
                              Case.hold.is_(None))  # errored or suspended cases wait for an admin
        .order_by(Case.next_timer_at)).scalars().all()


def run_due(now: datetime | None = None) -> list[dict[str, Any]]:
    """Fire everything due at `now`; one transaction per case. Returns what fired."""
    now = now or clock.now()
    fired = []
    for case_id in due_case_ids(now):
        try:
            result = _fire(case_id, now)
        except instances.StepFailed:
            continue  # recorded as an incident; the other cases still fire
        if result:
            fired.append(result)
    return fired


def fire(case_id: int, now: datetime) -> dict[str, Any] | None:
    """Fire one case's due timers in its own transaction (the scheduler handles errors per case)."""
    return _fire(case_id, now)


@incidents.recorded
@transactional
def _fire(case_id: int, now: datetime) -> dict[str, Any] | None:
    case = lock_case(case_id)
    if case.next_timer_at is None or case.next_timer_at > now:
        return None  # another scheduler got here first
    due_at = case.next_timer_at
    workflow = instances.load(case)
    before = case.stage
    with incidents.watch(case, "timer"):
        instances.run(workflow, workflow.refresh_timers)
        instances.save(case, workflow, ACTOR)
    detail = {"due_at": due_at.isoformat(), "stage_before": before, "stage_after": case.stage}
    record(ACTOR, "timer_fired", case, detail=detail)
    return {"case_id": case.id, **detail}
