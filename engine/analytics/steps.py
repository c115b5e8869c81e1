"""Per step of a definition: how many cases passed, how many wait there now, how long they
spent (median and 90th percentile in calendar days, median in working days), how many missed
their due date and how often the case was sent back from there.

Counted over the inbox rows (human_tasks: created_at, completed_at, due_at), the waits in
timers and message events (event_waits, the same columns), the send-backs
(task_returns) and the cancellations in the audit trail; no instance is deserialised. A row
holds its step's latest run (a step sent back to opens its row again), so a step counts once
per case. A row closed by a send-back from it, or cancelled by a boundary event, did not pass.
Percentiles are nearest-rank: p90 of ten values is the ninth.
"""
import math
import statistics
from collections import OrderedDict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import literal, select

from engine import clock
from engine.analytics import flows
from engine.clock import CHINA
from engine.errors import Forbidden, InvalidInput, NotFound
from engine.workdays import Calendar, CalendarMissing
from models import AuditEvent, Case, EventWait, HumanTask, Org, ProcessDefinition, User, db
from models.process import CaseStatus
from models.returns import ReopenKind, TaskReturn

DAY = timedelta(days=1)
CHINA_OFFSET = 8 * 3600
MAX_SPAN_DAYS = 366 * 60  # a working-day table longer than this is a bad row, not a programme


def scope(actor: User, province_id: int | None) -> int | None:
    """The province the caller may see (None: all). A province sees its own only."""
    if actor.has_role("samr") or actor.has_role("admin"):
        return province_id
    own = [m.org_id for m in actor.roles if m.role == "province"]
    if not own:
        raise Forbidden("process analytics are for SAMR, administrators and provincial bureaus")
    if province_id is not None and province_id not in own:
        raise Forbidden("a provincial bureau sees the analytics of its own province only")
    return province_id if province_id is not None else own[0]


def definitions(key: str, version: int | None) -> list[ProcessDefinition]:
    query = ProcessDefinition.query.filter_by(key=key)
    if version is not None:
        query = query.filter_by(version=version)
    found = query.order_by(ProcessDefinition.version.desc()).all()
    if not found:
        if version is not None:
            raise NotFound("no deployed process definition '{key}' version {version}", key=key, version=version)
        raise NotFound("no deployed process definition '{key}'", key=key)
    return found


def _day(moment: datetime) -> int:
    """The China date of a moment as a day number (cheaper than astimezone per row)."""
    return int((moment.timestamp() + CHINA_OFFSET) // 86400)


class WorkingDays:
    """Working days between two moments (days after the first one's day up to the second's,
    China time), from a cumulative table over the span the rows need."""

    def __init__(self, first: date, last: date) -> None:
        if (last - first).days > MAX_SPAN_DAYS:
            raise InvalidInput("the rows span more years than the working-day calendar covers")
        calendar, total = Calendar(), 0
        self.first = (first - date(1970, 1, 1)).days
        self.upto = []
        day = first
        while day <= last:
            total += calendar.is_workday(day)
            self.upto.append(total)
            day += DAY

    def between(self, start: datetime, end: datetime) -> int:
        return max(0, self.upto[_day(end) - self.first] - self.upto[_day(start) - self.first])


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _scoped(query: Any, filters: dict[str, Any]) -> Any:
    if filters.get("round_id") is not None:
        query = query.where((Case.round_id == filters["round_id"])
                            | (Case.evaluation_round_id == filters["round_id"]))
    if filters.get("province_id") is not None:
        query = query.where(Case.province_id == filters["province_id"])
    if filters.get("zone") is not None:
        query = query.join(Org, Org.id == Case.province_id).where(Org.zone == filters["zone"])
    if filters.get("case_id") is not None:
        query = query.where(Case.id == filters["case_id"])
    return query


def _rows(definition_ids: list[int], filters: dict[str, Any]) -> list[Any]:
    """The inbox rows, then the event waits (timers, messages) with negative ids so the two
    never collide; `passed` is false for a wait that ended without its event."""
    case_columns = (Case.definition_id, Case.stage.label("case_stage"), Case.status.label("case_status"))
    tasks = (select(HumanTask.id, HumanTask.case_id, HumanTask.province_id, HumanTask.name, HumanTask.title,
                    HumanTask.created_at, HumanTask.completed_at, HumanTask.due_at, *case_columns,
                    literal(True).label("passed"), literal(False).label("event"))
             .join(Case, Case.id == HumanTask.case_id).where(Case.definition_id.in_(definition_ids)))
    waits = (select((-EventWait.id).label("id"), EventWait.case_id, Case.province_id, EventWait.name, EventWait.title,
                    EventWait.created_at, EventWait.completed_at, EventWait.due_at, *case_columns,
                    EventWait.passed, literal(True).label("event"))
             .join(Case, Case.id == EventWait.case_id).where(Case.definition_id.in_(definition_ids)))
    return [*db.session.execute(_scoped(tasks, filters)).all(), *db.session.execute(_scoped(waits, filters)).all()]


def _not_passed(rows: list[Any]) -> set[int]:
    """Rows closed by a send-back from them or cancelled by a boundary event in their run, and
    waits that ended without their event."""
    by_id = {r.id: r for r in rows}
    by_step = {(r.case_id, r.name): r for r in rows}
    case_ids = list({r.case_id for r in rows})
    closed = {r.id for r in rows if r.passed is False}
    for chunk in range(0, len(case_ids), 500):
        ids = case_ids[chunk:chunk + 500]
        for task_id, at in db.session.execute(select(TaskReturn.task_id, TaskReturn.at).where(
                TaskReturn.case_id.in_(ids), TaskReturn.kind == ReopenKind.RETURNED)):
            row = by_id.get(task_id)
            if row is not None and row.completed_at is not None and at >= row.created_at:
                closed.add(row.id)
        for case_id, name, at in db.session.execute(select(
                AuditEvent.case_id, AuditEvent.task_name, AuditEvent.at).where(
                AuditEvent.case_id.in_(ids), AuditEvent.action == "task_cancelled")):
            row = by_step.get((case_id, name))
            if row is not None and row.completed_at is not None and at >= row.created_at:
                closed.add(row.id)
    return closed


def _sent_back(rows: list[Any]) -> dict[str, int]:
    names = {r.id: r.name for r in rows}
    counts: dict[str, int] = {}
    case_ids = list({r.case_id for r in rows})
    for chunk in range(0, len(case_ids), 500):
        for (task_id,) in db.session.execute(select(TaskReturn.task_id).where(
                TaskReturn.case_id.in_(case_ids[chunk:chunk + 500]), TaskReturn.kind == ReopenKind.RETURNED)):
            if task_id in names:
                counts[names[task_id]] = counts.get(names[task_id], 0) + 1
    return counts


def _in_period(row: Any, filters: dict[str, Any]) -> bool:
    start, end = filters.get("start"), filters.get("end")
    return (start is None or row.completed_at >= start) and (end is None or row.completed_at < end)


def _calendar(rows: list[Any], now: datetime) -> WorkingDays | None:
    """The working days over the rows' span; None (working-day figures left empty, calendar
    days still given) when the calendar misses a year: the deadlines fail loudly on that, a
    report should not."""
    if not rows:
        return None
    first = min(r.created_at for r in rows).astimezone(CHINA).date()
    last = max(max(r.completed_at or now for r in rows), now).astimezone(CHINA).date()
    try:
        return WorkingDays(first, last)
    except CalendarMissing:
        return None


def _empty(name: str) -> dict[str, Any]:
    return {"name": name, "days": [], "working": [], "waiting_now": 0, "overdue": 0, "waiting_days": []}


def _figures(rows: list[Any], closed: set[int], filters: dict[str, Any], now: datetime,
             workdays: WorkingDays | None) -> dict[str, dict[str, Any]]:
    """Per element: durations, waiting and overdue counts (keys as in the API's items)."""
    steps: dict[str, dict[str, Any]] = {}
    for r in rows:
        step = steps.setdefault(r.name, _empty(r.title))
        if r.completed_at is None:
            step["waiting_now"] += 1
            step["waiting_days"].append((now - r.created_at) / DAY)
            step["overdue"] += r.due_at is not None and now > r.due_at
        elif r.id not in closed and _in_period(r, filters):
            step["days"].append((r.completed_at - r.created_at) / DAY)
            if workdays is not None:
                step["working"].append(workdays.between(r.created_at, r.completed_at))
            step["overdue"] += r.due_at is not None and r.completed_at > r.due_at
    return steps


def _item(element: str, step: dict[str, Any], sent_back: int) -> dict[str, Any]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 2)
    days, working = step["days"], step["working"]
    return {"element": element, "name": step["name"], "passed": len(days), "waiting_now": step["waiting_now"],
            "median_days": rounded(statistics.median(days)) if days else None,
            "p90_days": rounded(percentile(days, 0.9)),
            "median_working_days": rounded(statistics.median(working)) if working else None,
            "p90_working_days": rounded(percentile(working, 0.9)),
            "longest_waiting_days": rounded(max(step["waiting_days"], default=None)),
            "overdue": step["overdue"], "sent_back": sent_back}


def _sequences(rows: list[Any], closed: set[int]) -> dict[int, dict[int, list[str]]]:
    """Per definition version, per case: its steps in order (passed ones, then the open ones,
    then, for a closed case, where it ended)."""
    order: dict[int, dict[int, list[Any]]] = {}
    for r in rows:
        if not r.event and (r.completed_at is None or r.id not in closed):  # paths run from user task to user task
            order.setdefault(r.definition_id, {}).setdefault(r.case_id, []).append(r)
    far = datetime.max.replace(tzinfo=CHINA)

    def ordered(group: list[Any]) -> list[str]:
        names = [r.name for r in sorted(group, key=lambda r: (r.completed_at or far, r.created_at, r.id))]
        closed_case = group[0].case_status == CaseStatus.CLOSED
        return names + [flows.END + group[0].case_stage] if closed_case else names
    return {d: {c: ordered(group) for c, group in cases.items()} for d, cases in order.items()}


# Figures already computed, by what they depend on: the filters, the newest audit event (every
# state change writes one, so a new one means rows may have changed) and the minute (open
# rows' waiting time and overdue count move with the clock). Per process, a few entries.
_CACHE: "OrderedDict[tuple[Any, ...], tuple[int, dict[str, Any]]]" = OrderedDict()
CACHE_SIZE = 32


def analytics(actor: User, key: str, version: int | None = None, **filters: Any) -> dict[str, Any]:
    """The figures per step and the flows taken, within what the caller may see."""
    filters["province_id"] = scope(actor, filters.get("province_id"))
    latest_event = tuple(db.session.execute(select(AuditEvent.id, AuditEvent.at)
                                            .order_by(AuditEvent.id.desc()).limit(1)).first() or ())
    cache_key = (key, version, tuple(sorted(filters.items())), latest_event, int(clock.now().timestamp() // 60))
    if cache_key in _CACHE:
        _CACHE.move_to_end(cache_key)
        definition_id, cached = _CACHE[cache_key]
        return {**cached, "definition": db.session.get(ProcessDefinition, definition_id)}
    result = _compute(key, version, filters)
    _CACHE[cache_key] = (result["definition"].id, {k: v for k, v in result.items() if k != "definition"})
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def _compute(key: str, version: int | None, filters: dict[str, Any]) -> dict[str, Any]:
    versions = definitions(key, version)
    rows = _rows([d.id for d in versions], filters)
    closed, now = _not_passed(rows), clock.now()
    workdays = _calendar(rows, now)
    steps, sent_back = _figures(rows, closed, filters, now, workdays), _sent_back(rows)
    taken: dict[str, int] = {}
    by_id = {d.id: d for d in versions}
    for definition_id, cases in _sequences([r for r in rows if r.completed_at is None or _in_period(r, filters)],
                                           closed).items():
        for flow, count in flows.taken(by_id[definition_id], list(cases.values())).items():
            taken[flow] = taken.get(flow, 0) + count
    graph = flows.graph_of(versions[0])
    items = [_item(element, step, sent_back.get(element, 0)) for element, step in steps.items()]
    return {"definition": versions[0], "items": sorted(items, key=lambda i: i["element"]),
            "containers": _containers(graph, rows, closed, filters, now, workdays),
            "flows": [{"id": f, "taken": n} for f, n in sorted(taken.items())],
            "owner": graph.owner, "provinces": _by_province(rows, closed, filters, now, workdays)}


RANKED_STEPS = ("initial_review", "recommendation")  # the provinces' own steps (Art 8)


def _by_province(rows: list[Any], closed: set[int], filters: dict[str, Any], now: datetime,
                 workdays: WorkingDays | None) -> list[dict[str, Any]]:
    """Review and recommendation per province, the quickest median review first; overdue counts
    the due dates, which the round's deadlines bound (engine.runtime.instances._round_due)."""
    groups: dict[int, list[Any]] = {}
    for r in rows:
        if r.name in RANKED_STEPS:
            groups.setdefault(r.province_id, []).append(r)
    names = dict(db.session.execute(select(Org.id, Org.name).where(Org.id.in_(list(groups))))
                 .all()) if groups else {}
    ranked = []
    for province_id, group in groups.items():
        figures = _figures(group, closed, filters, now, workdays)
        ranked.append({"province_id": province_id, "province": names.get(province_id, ""),
                       "steps": [_item(name, figures[name], 0) for name in RANKED_STEPS if name in figures]})
    never = float("inf")
    return sorted(ranked, key=lambda p: (next((s["median_days"] for s in p["steps"] if s["element"] == RANKED_STEPS[0]
                                               and s["median_days"] is not None), never), p["province"]))


def _containers(graph: flows.Graph, rows: list[Any], closed: set[int], filters: dict[str, Any], now: datetime,
                workdays: WorkingDays | None) -> list[dict[str, Any]]:
    """The main diagram's call activities: per case, from its first step inside one opening to
    its last one there completed (passed), or still open (waiting now)."""
    spans: dict[tuple[str, int], list[Any]] = {}
    for r in rows:
        owner = graph.owner.get(r.name, r.name)
        if owner != r.name and (r.completed_at is None or r.id not in closed):
            spans.setdefault((owner, r.case_id), []).append(r)
    pooled: dict[str, dict[str, Any]] = {}
    for (owner, _), group in spans.items():
        into = pooled.setdefault(owner, _empty(graph.names.get(owner, owner)))
        start = min(r.created_at for r in group)
        open_rows = [r for r in group if r.completed_at is None]
        if open_rows:
            into["waiting_now"] += 1
            into["waiting_days"].append((now - start) / DAY)
            into["overdue"] += any(r.due_at is not None and now > r.due_at for r in open_rows)
            continue
        last = max(group, key=lambda r: r.completed_at)
        if _in_period(last, filters):
            into["days"].append((last.completed_at - start) / DAY)
            if workdays is not None:
                into["working"].append(workdays.between(start, last.completed_at))
            into["overdue"] += any(r.due_at is not None and r.completed_at > r.due_at for r in group)
    return [_item(element, step, 0) for element, step in sorted(pooled.items())]


def of_case(actor: User, case: Case) -> list[dict[str, Any]] | None:
    """The case's own time per step beside the medians of its definition version (within
    what the caller may see); None for callers who do not see analytics."""
    if not any(actor.has_role(role) for role in ("samr", "admin", "province")):
        return None
    medians = {i["element"]: i for i in analytics(actor, case.definition.key, case.definition.version)["items"]}
    rows = _rows([case.definition_id], {"case_id": case.id})
    if not rows:
        return []
    closed, now = _not_passed(rows), clock.now()
    own = _figures(rows, closed, {}, now, _calendar(rows, now))
    result = []
    for r in sorted(rows, key=lambda r: (r.created_at, r.id)):
        step, median = own[r.name], medians.get(r.name, {})
        days = step["days"][0] if step["days"] else (step["waiting_days"][0] if step["waiting_days"] else None)
        result.append({"element": r.name, "name": r.title, "open": r.completed_at is None,
                       "days": None if days is None else round(days, 2),
                       "working_days": step["working"][0] if step["working"] else None,
                       "median_days": median.get("median_days"),
                       "median_working_days": median.get("median_working_days")})
    return result
