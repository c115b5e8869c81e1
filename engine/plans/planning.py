"""A case's creation plan: created, imported or edited by the region's leading-group office;
its reporting periods open as time passes (engine/plans/reminders.py runs that on schedule).

Plan work is kept out of BPMN on purpose (models/plans.py): a plan is tasks × units ×
periods, often a thousand reports, while the case's process stays one instance with a
handful of human tasks. Every change here is one transaction under the case's lock, with
an audit event.
"""
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, select

from engine import access, clock, text
from engine.audit import record
from engine.errors import Conflict, InvalidInput, NotFound, Text
from engine.plans import counties, importing, items
from engine.scoring import catalog, indicators
from engine.scoring.indicators import IndicatorSystem
from engine.tx import lock_case, transactional
from models import Case, Org, User, db
from models.plans import Plan, PlanIndicatorUnit, PlanItem, PlanReport, PlanTask, PlanTaskUnit, ReportStatus

MAX_PERIODS = 60
CADENCES = {"P1M": "monthly", "P2M": "bimonthly", "P3M": "quarterly", "P6M": "half-yearly", "P1Y": "yearly"}


# ---------------------------------------------------------------- lookups
@lru_cache(maxsize=1)
def _systems() -> dict[str, IndicatorSystem]:
    return indicators.load_all()


def system_for(key: str | None) -> IndicatorSystem | None:
    """The indicator system with `key`, or None when no such file exists."""
    return _systems().get(key) if key else None


def case_system_key(case: Case) -> str:
    """The system the case is scored under: its own, or the current one before approval."""
    return case.indicator_system or catalog.current_key()


def region_units(region_id: int) -> list[Org]:
    return Org.query.filter(Org.parent_id == region_id, Org.level == "unit").order_by(Org.id).all()


def case_of(case_id: int) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound("case {case_id} does not exist", case_id=case_id)
    return case


def plan_of(case_id: int, region_id: int | None = None) -> Plan | None:
    """The case's own plan, or with `region_id` a participating county's sub-plan."""
    if region_id is None:
        case = db.session.get(Case, case_id)
        if case is None:
            return None
        region_id = case.region_id
    return Plan.query.filter_by(case_id=case_id, region_id=region_id).first()


def get(actor: User, case_id: int, county: str | None = None) -> Plan:
    """The plan of a case (or of a county's part), for the office, its province and SAMR."""
    case = case_of(case_id)
    region = counties.part(actor, case, county)
    plan = plan_of(case_id, region.id)
    if plan is None:
        raise NotFound("case {case_id} has no creation plan yet", case_id=case_id)
    return plan


def _managed(actor: User, case_id: int, county: str | None = None) -> tuple[Case, Org]:
    """Lock the case and check the actor runs its plan (or the county's part) and the case is
    not past creation."""
    case = lock_case(case_id)
    region = counties.part(actor, case, county, manage=True)
    if case.stage not in access.PLAN_STAGES:
        raise Conflict("case {case} is in stage {stage}: the creation plan can no longer change", case=case.id, stage=case.stage)
    return case, region


# ---------------------------------------------------------------- creating and importing
def _valid_cadence(cadence: str) -> str:
    try:
        if clock.parse_duration(cadence, clock.now()) < timedelta(days=7):
            raise ValueError
    except Exception:  # the duration parser raises a bare Exception
        raise InvalidInput("cadence must be an ISO 8601 duration of a week or more, e.g. P3M",
                           fields={"cadence": ["expected an ISO 8601 duration such as P3M"]}) from None
    return cadence


def _ensure_plan(actor: User, case: Case, region: Org, title: str | None = None, cadence: str | None = None,
                 starts_at: datetime | None = None) -> Plan:
    text.check({"title": title}, one_line=("title",))
    now = clock.now()
    plan = plan_of(case.id, region.id)
    if plan is None:
        plan = Plan(case_id=case.id, region_id=region.id, status="active", created_at=now,
                    created_by=actor.username, opened_periods=0,
                    title=title or f"{region.name}创建全国网络市场监管与服务示范区工作方案",
                    cadence=_valid_cadence(cadence or "P3M"), starts_at=starts_at or now,
                    indicator_system=case_system_key(case))
        db.session.add(plan)
    else:
        if cadence and cadence != plan.cadence:
            if plan.opened_periods:
                raise Conflict("reporting has begun: the cadence can no longer change")
            plan.cadence = _valid_cadence(cadence)
        if starts_at and starts_at != plan.starts_at:
            if plan.opened_periods:
                raise Conflict("reporting has begun: the start can no longer change")
            plan.starts_at = starts_at
        plan.title = title or plan.title
    plan.ends_at = case.next_timer_at if case.stage == "creation" else plan.ends_at
    plan.updated_at = now
    return plan


@transactional
def create(actor: User, case_id: int, title: str | None = None, cadence: str | None = None,
           starts_at: datetime | None = None, county: str | None = None,
           document: dict[str, Any] | None = None) -> Plan:
    """An empty plan the office then fills task by task."""
    case, region = _managed(actor, case_id, county)
    plan = _ensure_plan(actor, case, region, title, cadence, starts_at)
    items.set_document(plan, document)
    db.session.flush()
    record(actor, "plan_created", case, detail={"title": plan.title, "cadence": plan.cadence,
                                                "region": region.code})
    return plan


def check_file(case: Case, region: Org, files: Iterable[tuple[str, bytes, str | None]],
               system_key: str) -> dict[str, list[dict[str, Any]]]:
    """Read and check the uploaded sheets: [(filename, bytes, sheet or None)], their units
    against the region's (the case's or a county's), their indicators against `system_key`."""
    sheets = {}
    for filename, content, sheet in files:
        text.file_name(filename)
        for name, rows in importing.read(content, filename).items():
            sheets[sheet or name] = rows
    resolve = importing.UnitResolver(region, region_units(region.id))
    system = system_for(system_key)
    if system is None:
        raise InvalidInput("no indicator system {key}", fields={"indicator_system": ["unknown indicator system"]},
                           key=system_key)
    return importing.check(sheets, resolve, system)


@transactional
def import_plan(actor: User, case_id: int, files: Sequence[tuple[str, bytes, str | None]], source: str | None = None,
                cadence: str | None = None, starts_at: datetime | None = None, title: str | None = None,
                system_key: str | None = None, county: str | None = None,
                document: dict[str, Any] | None = None) -> tuple[Plan, dict[str, Any]]:
    """Replace the plan's tasks by the sheets' rows, all or nothing. Sheets linking another
    indicator system than the case's are mapped onto the case's; the links without a
    counterpart are reported (`mapping.unmapped`), never kept against the wrong system."""
    case, region = _managed(actor, case_id, county)
    plan = plan_of(case.id, region.id)
    if plan is not None and PlanReport.query.filter_by(plan_id=plan.id, status=ReportStatus.SUBMITTED).first():
        raise Conflict("units have reported on this plan: change tasks one by one instead of re-importing")
    target = case_system_key(case)
    rows = check_file(case, region, files, system_key or target)
    mapped = items.map_links(rows, system_key or target, target, system_for(system_key or target))
    plan = _ensure_plan(actor, case, region, title, cadence, starts_at)
    if plan.id is not None:  # nothing was reported yet: the open reports go with the old tasks
        for table in (PlanReport, PlanTask, PlanIndicatorUnit, PlanItem):
            db.session.execute(delete(table).where(table.plan_id == plan.id))
        db.session.expire(plan, ["tasks", "items"])
        plan.opened_periods = 0
    db.session.flush()
    by_number = {}
    linked: dict[str, set[int]] = {}
    for item in rows["indicators"]:
        for number in item["tasks"]:
            linked.setdefault(number, set()).add(item["indicator"])
    for position, row in enumerate(rows["tasks"], start=1):
        task = _new_task(plan, position, row, extra_indicators=linked.get(row["number"], ()))
        by_number[task.number] = task
    seen: set[tuple[int, int, str]] = set()
    for item in rows["indicators"]:
        for org, role in item["units"]:
            if (item["indicator"], org.id, role) not in seen:  # two source indicators, one counterpart
                seen.add((item["indicator"], org.id, role))
                db.session.add(PlanIndicatorUnit(plan_id=plan.id, indicator=item["indicator"], org_id=org.id,
                                                 role=role, measures=item["measures"]))
    plan.source = (source or ", ".join(f[0] for f in files))[:200]
    plan.indicator_system = target
    items.set_document(plan, document)
    db.session.flush()
    opened = open_periods(plan, clock.now())
    counts = {"tasks": len(rows["tasks"]), "indicators": len({i["indicator"] for i in rows["indicators"]}),
              "units": len({u.org_id for t in by_number.values() for u in t.units}),
              "assignments": sum(len(t.units) for t in by_number.values()), "reports_opened": opened,
              "targets": sum(i.kind == "target" for i in plan.items),
              "measures": sum(i.kind == "measure" for i in plan.items)}
    record(actor, "plan_imported", case, detail={"source": plan.source, "region": region.code, **counts,
                                                 "mapping": mapped})
    return plan, {**counts, "mapping": mapped}


def _new_task(plan: Plan, position: int, row: dict[str, Any], extra_indicators: Iterable[int] = ()) -> PlanTask:
    task = PlanTask(plan_id=plan.id, position=position, number=row["number"], title=row["title"],
                    description=row["description"], section=row["section"], horizon=row["horizon"],
                    due_at=row["due_at"], milestones=row["milestones"],
                    indicators=sorted(set(row["indicators"]) | set(extra_indicators)))
    task.units = [PlanTaskUnit(org_id=org.id, role=role) for org, role in row["units"]]
    plan.tasks.append(task)  # in the loaded collection too: opening a period iterates it
    db.session.flush()
    return task


def _row_from_json(plan: Plan, case: Case, data: dict[str, Any], row: PlanTask | None = None) -> dict[str, Any]:
    """A task entered in a form, checked exactly like a sheet row."""
    def text(key: str) -> str:
        value = data.get(key, "")
        return ";".join(map(str, value)) if isinstance(value, list) else str(value or "")
    values = {c: text(c) for c in importing.TASK_COLUMNS}
    if isinstance(data.get("milestones"), list):
        values["milestones"] = ";".join(f"{m.get('due', '')} {m.get('title', '')}" for m in data["milestones"])
    resolve = importing.UnitResolver(plan.region, region_units(plan.region_id))
    seen = {t.number: 0 for t in plan.tasks if row is None or t.id != row.id}
    try:
        checked = importing.check({"tasks": [(2, values)]}, resolve, system_for(plan.indicator_system))
    except InvalidInput as exc:  # one task, no sheet: name the fields without "row 2"
        raise InvalidInput("the task is invalid", fields={k.split(".", 1)[-1]: [m.split(": ", 1)[-1] for m in v]
                                                          for k, v in exc.fields.items()}) from None
    task = checked["tasks"][0]
    if task["number"] in seen:
        raise InvalidInput("the task is invalid", fields={"number": [Text("task number {number} exists", number=task['number'])]})
    return task


@transactional
def add_task(actor: User, case_id: int, data: dict[str, Any], county: str | None = None) -> PlanTask:
    case, region = _managed(actor, case_id, county)
    plan = plan_of(case.id, region.id) or _ensure_plan(actor, case, region)
    db.session.flush()
    row = _row_from_json(plan, case, data)
    task = _new_task(plan, len(plan.tasks) + 1, row)
    opened = _open_for_task(plan, task, clock.now())
    record(actor, "plan_task_added", case, detail={"number": task.number, "title": task.title,
                                                   "units": len(task.units), "reports_opened": opened})
    return task


@transactional
def update_task(actor: User, case_id: int, task_id: int, data: dict[str, Any], county: str | None = None) -> PlanTask:
    """Change a task's text, dates, indicators and units; reports already filed stay."""
    case, region = _managed(actor, case_id, county)
    plan = plan_of(case.id, region.id)
    task = db.session.get(PlanTask, task_id)
    if plan is None or task is None or task.plan_id != plan.id:
        raise NotFound("task {task_id} is not in case {case_id}'s plan", task_id=task_id, case_id=case_id)
    row = _row_from_json(plan, case, {**_task_json(task), **data}, row=task)
    for key in ("number", "title", "description", "section", "horizon", "due_at", "indicators", "milestones"):
        setattr(task, key, row[key])
    wanted = {org.id: role for org, role in row["units"]}
    for unit in list(task.units):
        if unit.org_id not in wanted:
            task.units.remove(unit)
            db.session.execute(delete(PlanReport).where(PlanReport.task_id == task.id,
                                                        PlanReport.org_id == unit.org_id,
                                                        PlanReport.status == ReportStatus.OPEN))
        else:
            unit.role = wanted.pop(unit.org_id)
    task.units.extend(PlanTaskUnit(org_id=org_id, role=role) for org_id, role in wanted.items())
    db.session.flush()
    _open_for_task(plan, task, clock.now())
    record(actor, "plan_task_updated", case, detail={"number": task.number, "changed": sorted(data)})
    return task


def _task_json(task: PlanTask) -> dict[str, Any]:
    return {"number": task.number, "title": task.title, "description": task.description,
            "section": task.section, "horizon": task.horizon,
            "due_date": task.due_at.astimezone(clock.CHINA).date().isoformat() if task.due_at else "",
            "indicators": [str(i) for i in task.indicators], "milestones": task.milestones,
            "lead_unit": [u.org.name for u in task.units if u.role == "lead"],
            "responsible_units": [u.org.name for u in task.units if u.role == "responsible"]}


# ---------------------------------------------------------------- reporting periods
def periods(plan: Plan, until: datetime | None = None) -> list[tuple[int, datetime, datetime]]:
    """[(number, start, end)] from the plan's start, one cadence each, up to its end.
    Months are counted in Beijing time, so a quarter from 1 Feb ends on 1 May there."""
    out: list[tuple[int, datetime, datetime]]
    out, start = [], plan.starts_at.astimezone(clock.CHINA)
    end_of_plan = plan.ends_at or until
    while len(out) < MAX_PERIODS:
        end = start + clock.parse_duration(plan.cadence, start)
        if end_of_plan is not None and end_of_plan <= start:
            break
        if plan.ends_at is not None:
            end = min(end, plan.ends_at)
        out.append((len(out) + 1, start, end))
        if end_of_plan is None or end >= end_of_plan:
            break
        start = end
    return out


def open_periods(plan: Plan, now: datetime) -> int:
    """Open every period that has begun by `now`: one report per task unit. Returns how
    many reports were created. Idempotent: a period opens once (plan.opened_periods)."""
    created = 0
    if plan.status != "active" or plan.case.stage != "creation":
        return 0  # reporting runs during the creation period only
    for number, start, end in periods(plan, until=now + timedelta(days=1)):
        if number <= plan.opened_periods or start > now:
            continue
        for task in plan.tasks:
            for unit in task.units:
                db.session.add(_report(plan, task, unit, number, start, end))
                created += 1
        plan.opened_periods = number
    return created


def _report(plan: Plan, task: PlanTask, unit: PlanTaskUnit, number: int, start: datetime,
            end: datetime) -> PlanReport:
    return PlanReport(plan_id=plan.id, task_id=task.id, org_id=unit.org_id, role=unit.role, period=number,
                      period_start=start, period_end=end, due_at=end, status=ReportStatus.OPEN, figures={})


def _open_for_task(plan: Plan, task: PlanTask, now: datetime) -> int:
    """A task added or given a unit mid-period reports from the current period on."""
    if not plan.opened_periods:
        return open_periods(plan, now)
    current = next((p for p in periods(plan, until=now) if p[0] == plan.opened_periods), None)
    if current is None or current[2] <= now:
        return 0
    have = set(db.session.execute(select(PlanReport.org_id).where(
        PlanReport.task_id == task.id, PlanReport.period == current[0])).scalars())
    new = [u for u in task.units if u.org_id not in have]
    for unit in new:
        db.session.add(_report(plan, task, unit, *current))
    return len(new)
