"""Read-only summaries: SAMR's dashboard (with the public list of zones) and a case's scores.

Everything is counted in SQL over rows (cases, human_tasks, audit_events); no instance is
deserialised.
"""
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import Query

from engine import access, clock
from engine.casework import publication
from engine.clock import CHINA
from engine.errors import Forbidden
from models import AuditEvent, Case, HumanTask, Org, User, db

SCORE_FIELDS = {  # task → the score fields its form records
    "early_self_assessment": ("self_score_total",), "self_assessment": ("self_score_total",),
    "expert_scoring": ("score_total",), "evaluation_decision": ("evaluation_score",),
}


def _month(now: datetime) -> tuple[datetime, datetime]:
    local = now.astimezone(CHINA)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


def dashboard(actor: User) -> dict[str, Any]:
    """Cases by stage and by province, deadlines this month, overdue work, zones."""
    if not (actor.has_role("samr") or actor.has_role("admin")):
        raise Forbidden("the national dashboard is SAMR's")
    now = clock.now()
    start, end = _month(now)
    by_stage = dict(db.session.query(Case.stage, func.count(Case.id)).group_by(Case.stage).all())
    by_province = [{"province": name, "count": n} for name, n in
                   db.session.query(Org.name, func.count(Case.id)).join(Org, Org.id == Case.province_id)
                   .filter(Case.status != "closed").group_by(Org.name).order_by(Org.name).all()]
    open_tasks = HumanTask.query.filter(HumanTask.completed_at.is_(None))
    deadlines = (open_tasks.filter(HumanTask.due_at >= start, HumanTask.due_at < end)
                 .order_by(HumanTask.due_at).limit(100).all())
    timers = (Case.query.filter(Case.next_timer_at >= start, Case.next_timer_at < end)
              .order_by(Case.next_timer_at).limit(100).all())
    overdue = open_tasks.filter(HumanTask.due_at < now).order_by(HumanTask.due_at).limit(100).all()
    overdue_total = open_tasks.filter(HumanTask.due_at < now).count()
    return {"now": now, "month_start": start, "by_stage": by_stage, "by_province": by_province,
            "deadlines": deadlines, "timers": timers, "overdue": overdue,
            "overdue_total": overdue_total, "zones": publication.zones()}


def _total_field(source: str | None) -> str:
    return {"self": "self_score_total", "province": "province_score_total",
            "samr": "evaluation_score"}.get(source or "", "score_total")


def scores(case_id: int) -> list[dict[str, Any]]:
    """Scores recorded on the case, oldest first: [{at, task, actor, field, value}].
    Totals come from the engine's `scores_recorded` events (per-indicator forms); forms of
    older definition versions typed them, and their completions are read as before."""
    result = []
    for e in (AuditEvent.query.filter(AuditEvent.case_id == case_id,
                                      ((AuditEvent.action == "task_completed") & AuditEvent.task_name.in_(SCORE_FIELDS))
                                      | (AuditEvent.action == "scores_recorded"))
              .order_by(AuditEvent.at, AuditEvent.id)):
        if e.action == "scores_recorded":
            d = e.detail or {}
            result.append({"at": e.at, "task": e.task_name, "actor": e.actor, "field": _total_field(d.get("source")),
                           "value": d.get("total"), "qualified": d.get("passed"), "decision": None})
            continue
        data = (e.detail or {}).get("data") or {}
        for name in SCORE_FIELDS[e.task_name]:
            if name in data:
                result.append({"at": e.at, "task": e.task_name, "actor": e.actor, "field": name,
                               "value": data[name], "qualified": data.get("qualified"),
                               "decision": data.get("decision")})
    return result


def deadlines(case: Case) -> list[dict[str, Any]]:
    """What falls due next on a case: open tasks with a due date, and its next timer."""
    items = [{"what": t.title, "due_at": t.due_at, "task_id": t.id}
             for t in HumanTask.query.filter(HumanTask.case_id == case.id, HumanTask.completed_at.is_(None),
                                             HumanTask.due_at.isnot(None)).order_by(HumanTask.due_at)]
    if case.next_timer_at is not None:
        items.append({"what": "timer", "due_at": case.next_timer_at, "task_id": None})
    return sorted(items, key=lambda i: i["due_at"])


def visible_cases(actor: User) -> Query[Case]:
    return Case.query.filter(access.case_filter(actor))

