"""Art 22 as a procedure: the dates the supervision decisions set, computed by the engine.

- An interview (约谈) or a warning (警示) asks the zone for a rectification report (整改报告)
  by a deadline: the date SAMR typed (`rectification_deadline`, end of that day in China),
  or else the setting `supervision.rectification_period` from now. The report task is due
  then (its `due_at` property names `rectification_due`), and the escalation job reminds
  and escalates a missed one (engine/scheduling/escalation.py).
- A revocation is first a notice (告知书) with a period to state the case (陈述申辩):
  `supervision.statement_working_days` working days (default 10, engine/workdays.py). The
  statement task is due at its end, a boundary timer ends it then, and SAMR's
  `revocation_decision` is refused before it (its `not_before` property, engine/casework/tasks.py).

`engine_data` is called by engine.casework.tasks.complete_locked: what it returns goes into
the task data beside the form's fields, and into the decision's letter.
"""
from datetime import datetime, time
from typing import Any

from engine import clock, thresholds, workdays
from engine.errors import Conflict, InvalidInput, Text
from models import HumanTask

FORMS = ("supervision_decision",)


def engine_data(task: HumanTask, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    if task.form not in FORMS:
        return {}
    decision = data.get("decision")
    if decision in ("interview", "warning"):
        return {"rectification_due": _rectification_due(data.get("rectification_deadline"), now).isoformat()}
    if decision == "revocation":
        days = int(thresholds.number("supervision.statement_working_days"))
        return {"statement_period_end": workdays.deadline(now, days).isoformat(), "statement_working_days": days,
                "revocation_raised_by": task.name}  # a revocation not decided returns to that loop
    return {}


def _rectification_due(typed: str | None, now: datetime) -> datetime:
    if not typed:
        return thresholds.after("supervision.rectification_period", now)
    due = datetime.combine(datetime.fromisoformat(typed).date(), time(23, 59, 59), clock.CHINA)
    if due <= now:
        raise InvalidInput("the rectification deadline {typed} has passed", {
            "rectification_deadline": [Text("must be today or later, not {typed}", typed=typed)]}, typed=typed)
    return due


def check_not_before(props: dict[str, str], task_data: dict[str, Any], now: datetime) -> None:
    """A task whose `not_before` property names a moment in its data waits for it (409)."""
    variable = props.get("not_before")
    value = task_data.get(variable) if variable else None
    if not value:
        return
    end = clock.parse_moment(str(value))
    if now < end:
        raise Conflict("the period to state its case ends at {end}: the decision can be taken only after it",
                       end=clock.local_text(end))
