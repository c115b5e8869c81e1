"""What the leading-group office sees of its plan: progress per task, per unit and per
indicator group, what is overdue, and the creation period's timeline; and, for
self-assessment, each indicator with the tasks and evidence linked to it.

Figures (all derived from plan_reports, one query per plan):
- a unit's progress on a task is its latest filed report's percent;
- a task's percent is its lead unit's latest (the lead consolidates), else the mean of the
  latest percents of the units that reported, else None (nobody reported yet);
- a group's percent is the mean of its linked tasks' percents (tasks without reports count 0);
- overdue = a report still open after its due time.
"""
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeAlias

from engine import clock
from engine.errors import NotFound
from engine.plans import items, planning
from models import Case, User
from models.plans import Plan, PlanIndicatorUnit, PlanReport, PlanTask, ReportStatus

Percents: TypeAlias = dict[int, tuple[float | None, str | None]]  # task id → (percent, progress)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None


def task_percents(plan: Plan, reports: list[PlanReport]) -> Percents:
    latest: dict[tuple[int, int], PlanReport] = {}  # (task, org) → latest submitted report
    for r in reports:
        key = (r.task_id, r.org_id)
        if r.status == ReportStatus.SUBMITTED and (key not in latest or latest[key].period < r.period):
            latest[key] = r
    out = {}
    for task in plan.tasks:
        mine = [latest[(task.id, u.org_id)] for u in task.units if (task.id, u.org_id) in latest]
        lead = [r for r in mine if r.role == "lead"]
        out[task.id] = (lead[0].percent, lead[0].progress) if lead else (
            _mean(r.percent for r in mine), max(mine, key=lambda r: r.period).progress if mine else None)
    return out


def _task_rows(plan: Plan, by_task: defaultdict[int, list[PlanReport]], percents: Percents,
               overdue: list[PlanReport]) -> list[dict[str, Any]]:
    """Each task with its units, progress and this period's filing."""
    tasks = []
    for t in plan.tasks:
        rs = by_task[t.id]
        current = [r for r in rs if r.period == plan.opened_periods]
        tasks.append({
            "id": t.id, "number": t.number, "title": t.title, "section": t.section,
            "lead": [u.org.name for u in t.units if u.role == "lead"],
            "responsible": [u.org.name for u in t.units if u.role == "responsible"],
            "indicators": t.indicators, "due_at": _iso(t.due_at), "milestones": t.milestones,
            "percent": percents[t.id][0], "progress": percents[t.id][1],
            "current_expected": len(current), "current_submitted": sum(r.status == ReportStatus.SUBMITTED for r in current),
            "overdue": sum(r in overdue for r in rs)})
    return tasks


def _unit_rows(plan: Plan, by_unit: defaultdict[int, list[PlanReport]],
               overdue: list[PlanReport]) -> dict[int, dict[str, Any]]:
    """{org_id: entry}: each unit's assignments and how it files (percent: its latest period's mean)."""
    units: dict[int, dict[str, Any]] = {}
    for t in plan.tasks:
        for u in t.units:
            entry = units.setdefault(u.org_id, {"org_id": u.org_id, "name": u.org.name, "tasks": 0, "lead_of": 0})
            entry["tasks"] += 1
            entry["lead_of"] += u.role == "lead"
    for org_id, entry in units.items():
        rs = by_unit[org_id]
        filed = [r for r in rs if r.status == ReportStatus.SUBMITTED]
        entry.update(expected=len(rs), submitted=len(filed),
                     on_time=sum(r.submitted_at <= r.due_at for r in filed),
                     open=len(rs) - len(filed), overdue=sum(r in overdue for r in rs),
                     percent=_mean(r.percent for r in filed if r.period == max(x.period for x in filed)) if filed else None)
    return units


def _totals(plan: Plan, reports: list[PlanReport], units: dict[int, dict[str, Any]], overdue: list[PlanReport],
            percents: Percents) -> dict[str, Any]:
    filed = [r for r in reports if r.status == ReportStatus.SUBMITTED]
    return {"tasks": len(plan.tasks), "units": len(units),
            "assignments": sum(len(t.units) for t in plan.tasks), "reports": len(reports),
            "submitted": len(filed), "on_time": sum(r.submitted_at <= r.due_at for r in filed),
            "open": len(reports) - len(filed), "overdue": len(overdue),
            "reminded": sum(r.reminded_at is not None for r in reports),
            "escalated": sum(r.escalated_at is not None for r in reports),
            "percent": _mean(p for p, _ in percents.values()),
            "completed_tasks": sum(p == "completed" for _, p in percents.values())}


def _overdue_rows(overdue: list[PlanReport], now: datetime) -> list[dict[str, Any]]:
    return [{"report_id": r.id, "task": r.task.number, "title": r.task.title, "unit_id": r.org_id,
             "unit": r.org.name, "period": r.period, "due_at": _iso(r.due_at),
             "days_overdue": (now - r.due_at).days, "reminded_at": _iso(r.reminded_at),
             "escalated_at": _iso(r.escalated_at)}
            for r in sorted(overdue, key=lambda r: (r.due_at, r.org.name, r.task.position))]


def dashboard(actor: User, case_id: int, county: str | None = None) -> dict[str, Any]:
    plan = planning.get(actor, case_id, county)
    case, now = plan.case, clock.now()
    reports = PlanReport.query.filter_by(plan_id=plan.id).all()
    percents = task_percents(plan, reports)
    by_task, by_unit = defaultdict(list), defaultdict(list)
    for r in reports:
        by_task[r.task_id].append(r)
        by_unit[r.org_id].append(r)
    overdue = [r for r in reports if r.status == ReportStatus.OPEN and r.due_at < now]
    units = _unit_rows(plan, by_unit, overdue)
    return {
        "plan": summary(plan), "now": _iso(now), "case": {"id": case.id, "stage": case.stage,
                                                         "region": case.region.name},
        "items": [items.item_view(i) for i in plan.items],
        "timeline": timeline(plan, case, now, reports),
        "totals": _totals(plan, reports, units, overdue, percents),
        "tasks": _task_rows(plan, by_task, percents, overdue),
        "units": sorted(units.values(), key=lambda u: (-u["overdue"], u["name"])),
        "groups": groups(plan, percents),
        "overdue": _overdue_rows(overdue, now),
    }


def summary(plan: Plan) -> dict[str, Any]:
    return {"id": plan.id, "case_id": plan.case_id, "title": plan.title, "status": plan.status,
            "cadence": plan.cadence, "starts_at": _iso(plan.starts_at), "ends_at": _iso(plan.ends_at),
            "indicator_system": plan.indicator_system, "indicator_system_name": system_name(plan.indicator_system),
            "source": plan.source, "opened_periods": plan.opened_periods, "tasks": len(plan.tasks),
            "region": {"id": plan.region_id, "code": plan.region.code, "name": plan.region.name,
                       "level": plan.region.level},
            "document_number": plan.document_number, "issuer": plan.issuer,
            "issued_on": plan.issued_on.isoformat() if plan.issued_on else None}


def system_name(key: str | None) -> str | None:
    """The system's official name: the 2024 one reads 《…（征求意见稿）》, a draft."""
    system = planning.system_for(key)
    return system.name if system else key


def timeline(plan: Plan, case: Case, now: datetime, reports: list[PlanReport]) -> dict[str, Any]:
    ends = case.next_timer_at if case.stage == "creation" else plan.ends_at
    span = (ends - plan.starts_at).total_seconds() if ends else None
    counts: defaultdict[int, dict[str, int]] = defaultdict(lambda: {"expected": 0, "submitted": 0, "overdue": 0})
    for r in reports:
        c = counts[r.period]
        c["expected"] += 1
        c["submitted"] += r.status == ReportStatus.SUBMITTED
        c["overdue"] += r.status == ReportStatus.OPEN and r.due_at < now
    return {
        "starts_at": _iso(plan.starts_at), "creation_ends_at": _iso(ends), "now": _iso(now),
        "elapsed_percent": round(min(max((now - plan.starts_at).total_seconds() / span, 0), 1) * 100, 1)
        if span else None,
        "days_left": (ends - now).days if ends else None,
        "periods": [{"number": n, "start": _iso(s), "end": _iso(e), "due_at": _iso(e),
                     "opened": n <= plan.opened_periods, "current": s <= now < e, **counts[n]}
                    for n, s, e in planning.periods(plan, until=now)],
        "milestones": sorted(([{"task": t.number, "due": m["due"], "title": m["title"]}
                               for t in plan.tasks for m in t.milestones]
                              + [{"task": t.number, "due": t.due_at.astimezone(clock.CHINA).date().isoformat(),
                                  "title": t.title} for t in plan.tasks if t.due_at]), key=lambda m: m["due"]),
    }


def groups(plan: Plan, percents: Percents) -> list[dict[str, Any]]:
    system = planning.system_for(plan.indicator_system)
    if system is None:
        return []
    out = []
    for g in system.groups:
        numbers = {i["number"] for i in system.indicators_of(g["number"])}
        linked = [t for t in plan.tasks if numbers & set(t.indicators)]
        out.append({"number": g["number"], "name": g["name"], "max": g["max"], "indicators": len(numbers),
                    "linked_indicators": len(numbers & {n for t in plan.tasks for n in t.indicators}),
                    "tasks": len(linked),
                    "percent": _mean(percents[t.id][0] or 0 for t in linked)})
    return out


def indicator(actor: User, case_id: int, number: int, county: str | None = None) -> dict[str, Any]:
    """One indicator of the plan's system with its units, linked tasks, reports and evidence."""
    plan = planning.get(actor, case_id, county)
    system = planning.system_for(plan.indicator_system)
    ind = next((i for i in system.indicators if i["number"] == number), None) if system else None
    if system is not None and ind is None:
        raise NotFound("indicator {number} is not in {system}", number=number, system=system.key)
    units = PlanIndicatorUnit.query.filter_by(plan_id=plan.id, indicator=number).order_by(PlanIndicatorUnit.id).all()
    linked = [t for t in plan.tasks if number in t.indicators]
    reports = (PlanReport.query.filter(PlanReport.task_id.in_([t.id for t in linked]),
                                       PlanReport.status == ReportStatus.SUBMITTED)
               .order_by(PlanReport.period.desc(), PlanReport.id).all()) if linked else []
    percents = task_percents(plan, reports)
    by_task = defaultdict(list)
    for r in reports:
        by_task[r.task_id].append(r)
    group = system.group(ind["group"]) if system and ind else None
    return {
        "plan_id": plan.id, "indicator_system": plan.indicator_system,
        "indicator": {"number": number, "name": ind["name"], "max": ind["max"], "text": ind["text"],
                      "group": {"number": group["number"], "name": group["name"]}}
        if ind and group else {"number": number},
        "units": [{"org_id": u.org_id, "name": u.org.name, "role": u.role, "measures": u.measures} for u in units],
        "tasks": [{"id": t.id, "number": t.number, "title": t.title, "percent": percents[t.id][0],
                   "progress": percents[t.id][1],
                   "units": [{"org_id": u.org_id, "name": u.org.name, "role": u.role} for u in t.units],
                   "reports": [report_view(r) for r in by_task[t.id]]} for t in linked],
        "evidence_count": sum(len(r.evidence) for r in reports),
    }


def indicators(actor: User, case_id: int, county: str | None = None) -> dict[str, Any]:
    """Every indicator of the plan's system with its linked tasks' progress and evidence
    count: the overview a self-assessment starts from (details: `indicator`)."""
    plan = planning.get(actor, case_id, county)
    system = planning.system_for(plan.indicator_system)
    reports = PlanReport.query.filter_by(plan_id=plan.id, status=ReportStatus.SUBMITTED).all()
    percents = task_percents(plan, reports)
    evidence: defaultdict[int, int] = defaultdict(int)
    for r in reports:
        evidence[r.task_id] += len(r.evidence)
    units = defaultdict(list)
    for u in PlanIndicatorUnit.query.filter_by(plan_id=plan.id).order_by(PlanIndicatorUnit.id):
        units[u.indicator].append({"name": u.org.name, "role": u.role})
    out = []
    for ind in (system.indicators if system else []):
        linked = [t for t in plan.tasks if ind["number"] in t.indicators]
        out.append({"number": ind["number"], "name": ind["name"], "group": ind["group"], "max": ind["max"],
                    "tasks": [t.number for t in linked], "units": units[ind["number"]],
                    "percent": _mean(percents[t.id][0] or 0 for t in linked),
                    "evidence_count": sum(evidence[t.id] for t in linked)})
    return {"plan_id": plan.id, "indicator_system": plan.indicator_system, "items": out, "total": len(out)}


def report_view(r: PlanReport) -> dict[str, Any]:
    return {"id": r.id, "task_id": r.task_id, "task": r.task.number, "task_title": r.task.title,
            "unit_id": r.org_id, "unit": r.org.name, "role": r.role, "period": r.period,
            "period_start": _iso(r.period_start), "period_end": _iso(r.period_end), "due_at": _iso(r.due_at),
            "status": r.status, "progress": r.progress, "percent": r.percent, "narrative": r.narrative,
            "figures": r.figures, "consolidation": r.consolidation, "submitted_at": _iso(r.submitted_at),
            "submitted_by": r.submitted_by, "late": bool(r.submitted_at and r.submitted_at > r.due_at),
            "overdue": r.status == ReportStatus.OPEN and r.due_at < clock.now(),
            "reminded_at": _iso(r.reminded_at), "escalated_at": _iso(r.escalated_at),
            "evidence": [{"id": e.id, "filename": e.filename, "content_type": e.content_type, "size": e.size,
                          "sha256": e.sha256, "uploaded_at": _iso(e.uploaded_at)} for e in r.evidence]}


def task_view(t: PlanTask) -> dict[str, Any]:
    return {"id": t.id, "number": t.number, "title": t.title, "description": t.description,
            "section": t.section, "horizon": t.horizon, "due_at": _iso(t.due_at), "indicators": t.indicators,
            "milestones": t.milestones,
            "units": [{"org_id": u.org_id, "name": u.org.name, "role": u.role} for u in t.units]}


def plan_view(plan: Plan) -> dict[str, Any]:
    return {**summary(plan), "tasks": [task_view(t) for t in plan.tasks],
            "targets": [items.item_view(i) for i in plan.items if i.kind == "target"],
            "measures": [items.item_view(i) for i in plan.items if i.kind == "measure"],
            "indicator_units": [{"indicator": u.indicator, "org_id": u.org_id, "name": u.org.name, "role": u.role,
                                 "measures": u.measures}
                                for u in PlanIndicatorUnit.query.filter_by(plan_id=plan.id)
                                .order_by(PlanIndicatorUnit.indicator, PlanIndicatorUnit.id)]}
