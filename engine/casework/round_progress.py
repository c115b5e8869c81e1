"""Where a round stands: its phases against the calendar, every case of it by province
and stage, and what is overdue — within what the caller may see (engine/access.py).

Read-only, counted over rows (cases, human_tasks); no instance is deserialised.
"""
from datetime import datetime
from typing import Any

from engine import access, clock
from engine.casework import rounds
from models import Case, HumanTask, Org, Round, User
from models.process import Stage
from models.rounds import Deadline, RoundKind

# The phases of a round in order: (key, the case stages in it, the deadline that ends it).
PHASES = {
    RoundKind.APPLICATION: [
        ("application", (Stage.APPLICATION,), Deadline.SUBMISSION),
        ("provincial_review", (Stage.INITIAL_REVIEW,), Deadline.PROVINCIAL_REVIEW),
        ("recommendation", (Stage.RECOMMENDATION,), Deadline.RECOMMENDATION),
        ("approval", (Stage.APPROVAL,), None),
    ],
    RoundKind.EVALUATION: [
        ("evaluation_prereview", (Stage.SELF_ASSESSMENT, Stage.EVALUATION_PREREVIEW), None),
        ("evaluation", (Stage.EVALUATION,), None),
        ("public_notice", (Stage.PUBLIC_NOTICE,), None),
        ("certification", (Stage.CERTIFICATION,), None),
    ],
}


def progress(actor: User, round_id: int) -> dict[str, Any]:
    round_ = rounds.get(round_id)
    now = clock.now()
    column = Case.round_id if round_.kind == RoundKind.APPLICATION else Case.evaluation_round_id
    cases = (Case.query.filter(column == round_id, access.case_filter(actor))
             .order_by(Case.province_id, Case.id).all())
    provinces = {o.id: o.name for o in Org.query.filter(Org.id.in_(sorted({c.province_id for c in cases})))} if cases else {}
    open_rows = (HumanTask.query.filter(HumanTask.case_id.in_([c.id for c in cases]),
                                        HumanTask.completed_at.is_(None))
                 .order_by(HumanTask.due_at.asc().nulls_last(), HumanTask.id).all()) if cases else []
    overdue = [t for t in open_rows if t.due_at is not None and t.due_at < now]
    late_cases = {t.case_id for t in overdue}
    return {
        "round": round_,
        "now": now,
        "phases": _phases(round_, cases, overdue, now),
        "cases": [{"id": c.id, "region_name": c.region.name, "province_id": c.province_id,
                   "province_name": provinces.get(c.province_id), "stage": c.stage, "status": c.status,
                   "overdue": c.id in late_cases} for c in cases],
        "overdue": [{"task_id": t.id, "case_id": t.case_id, "name": t.name, "title": t.title, "role": t.role,
                     "region_name": t.case.region.name, "province_name": provinces.get(t.province_id),
                     "due_at": t.due_at, "days_overdue": (now - t.due_at).days} for t in overdue],
    }


def _phases(round_: Round, cases: list[Case], overdue: list[HumanTask], now: datetime) -> list[dict[str, Any]]:
    """Each phase: its deadline, whether it has passed, the cases in it now and the late ones.
    The phase under way is the first whose deadline has not passed (or that has none)."""
    result, current_found = [], False
    for key, stages, which in PHASES[RoundKind(round_.kind)]:
        deadline = round_.deadline(which) if which else None
        passed = deadline is not None and deadline < now
        state = "passed" if passed else ("upcoming" if current_found else "current")
        current_found = current_found or not passed
        if round_.kind == RoundKind.APPLICATION and now < round_.opens_at:
            state = "upcoming"
        result.append({"key": key, "deadline": deadline, "state": state,
                       "cases": sum(1 for c in cases if c.stage in stages),
                       "overdue": sum(1 for t in overdue if t.stage in stages)})
    return result


def count_by_stage(cases: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """province name → stage → number of cases (the page's table)."""
    table: dict[str, dict[str, int]] = {}
    for c in cases:
        row = table.setdefault(c["province_name"] or "", {})
        row[c["stage"]] = row.get(c["stage"], 0) + 1
    return table

