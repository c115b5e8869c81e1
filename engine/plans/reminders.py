"""Plan reporting on schedule: open reporting periods as they begin; remind a unit whose
progress report is overdue (`plan.reminder_after`), then, after `plan.grace`, notify the
region's leading-group office (督办). Thresholds are settings (engine/thresholds.py); the
scheduler runs `run` as its periodic job "plans"; the office can also remind a unit by hand.

One notification per unit, plan and period (a unit late on five tasks gets one reminder
that names them). Each unit is handled in its own transaction under the case's lock, and
`reminded_at` / `escalated_at` on the reports make a second notice impossible, however many
schedulers run.
"""
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from engine import clock, text, thresholds
from engine.audit import record
from engine.casework import notifications
from engine.errors import Conflict, InvalidInput, NotFound
from engine.plans import counties, planning
from engine.tx import lock_case, transactional
from models import Case, Org, User, db
from models.plans import Plan, PlanReport, PlanTask, ReportStatus
from models.process import Stage

ACTOR = "scheduler"
REMINDER, ESCALATION, URGE = "plan_report_reminder", "plan_report_escalation", "plan_unit_reminder"


def run(now: datetime | None = None, limit: int = 500) -> dict[str, Any]:
    """Open periods, then remind and escalate what is overdue at `now`."""
    now = now or clock.now()
    opened = 0
    for plan_id in _active_plan_ids():
        opened += _open(plan_id, now)
    reminded = [r for r in (_notify(k, REMINDER, now) for k in _overdue(
        PlanReport.reminded_at, thresholds.before("plan.reminder_after", now), limit)) if r]
    escalated = [r for r in (_notify(k, ESCALATION, now) for k in _overdue(
        PlanReport.escalated_at, thresholds.before("plan.grace", now), limit)) if r]
    db.session.commit()  # end the read transaction (SQLite holds its lock until then)
    return {"opened": opened, "reminded": reminded, "escalated": escalated}


def _active_plan_ids() -> list[int]:
    ids = db.session.execute(select(Plan.id).join(Case, Case.id == Plan.case_id).where(
        Plan.status == "active", Case.stage == Stage.CREATION).order_by(Plan.id)).scalars().all()
    db.session.commit()
    return ids


@transactional
def _open(plan_id: int, now: datetime) -> int:
    plan = db.session.get(Plan, plan_id)
    case = lock_case(plan.case_id)
    db.session.refresh(plan)
    if case.stage != "creation":
        return 0
    if case.next_timer_at is not None and plan.ends_at != case.next_timer_at:
        plan.ends_at = case.next_timer_at  # the creation period's end (its boundary timer)
    created = planning.open_periods(plan, now)
    if created:
        record(ACTOR, "plan_period_opened", case, detail={"period": plan.opened_periods, "reports": created})
    return created


def _overdue(sent_column: InstrumentedAttribute[Any], due_before: datetime, limit: int) -> list[tuple[int, int, int]]:
    """(plan, unit, period) groups with an open report due before `due_before`, not yet notified."""
    rows = db.session.execute(
        select(PlanReport.plan_id, PlanReport.org_id, PlanReport.period)
        .join(Plan, Plan.id == PlanReport.plan_id).join(Case, Case.id == Plan.case_id)
        .where(PlanReport.status == ReportStatus.OPEN, PlanReport.due_at <= due_before, sent_column.is_(None),
               Case.stage == Stage.CREATION)
        .group_by(PlanReport.plan_id, PlanReport.org_id, PlanReport.period)
        .order_by(PlanReport.plan_id, PlanReport.period, PlanReport.org_id).limit(limit)).all()
    db.session.commit()
    return [tuple(r) for r in rows]


@transactional
def _notify(key: tuple[int, int, int], kind: str, now: datetime) -> dict[str, Any] | None:
    plan_id, org_id, period = key
    plan = db.session.get(Plan, plan_id)
    case = lock_case(plan.case_id)
    column = PlanReport.reminded_at if kind == REMINDER else PlanReport.escalated_at
    setting = "plan.reminder_after" if kind == REMINDER else "plan.grace"
    reports = (PlanReport.query.filter(PlanReport.plan_id == plan_id, PlanReport.org_id == org_id,
                                       PlanReport.period == period, PlanReport.status == ReportStatus.OPEN,
                                       PlanReport.due_at <= thresholds.before(setting, now), column.is_(None))
               .populate_existing().order_by(PlanReport.task_id).all())
    if not reports or case.stage != "creation":
        return None  # filed meanwhile, or another scheduler was first
    unit = db.session.get(Org, org_id)
    tasks = [db.session.get(PlanTask, r.task_id) for r in reports]
    due = min(r.due_at for r in reports)
    detail = {"plan_id": plan.id, "unit_id": unit.id, "unit": unit.name, "period": period,
              "due_at": due.isoformat(), "tasks": [t.number for t in tasks], "report_ids": [r.id for r in reports]}
    numbers = "、".join(t.number for t in tasks)
    if kind == REMINDER:
        to = {"role": "member_unit", "org_id": unit.id}
        title = f"催办：第{period}期创建任务进展报告（任务 {numbers}）已于 {clock.local_text(due)} 到期，请尽快报送"
        action = "plan_report_reminded"
    else:
        to = {"role": "applicant", "org_id": plan.region_id}  # a county's sub-plan: the county's office
        title = f"督办：{unit.name}第{period}期进展报告逾期未报（任务 {numbers}，{clock.local_text(due)} 到期）"
        action = "plan_report_escalated"
    for report in reports:
        setattr(report, column.key, now)
    notifications.send(kind, title, case_id=case.id, detail=detail, **to)
    record(ACTOR, action, case, detail={**detail, "to": to})
    return {"case_id": case.id, **detail}


@transactional
def remind(actor: User, case_id: int, org_id: int, message: str | None = None,
           county: str | None = None) -> dict[str, Any]:
    """催办 by hand: the office reminds a unit of its plan work (overdue or not)."""
    case = lock_case(case_id)
    region = counties.part(actor, case, county, manage=True)
    plan = planning.plan_of(case.id, region.id)
    if plan is None:
        raise NotFound("case {case_id} has no creation plan", case_id=case_id)
    unit = db.session.get(Org, org_id) if isinstance(org_id, int) else None
    if unit is None or unit.parent_id != region.id or unit.level != "unit":
        raise InvalidInput("choose a member unit of the case's region", fields={"org_id": ["not a member unit here"]})
    if message is not None and (not isinstance(message, str) or len(message) > 1000):
        raise InvalidInput("the message is a text of at most 1,000 characters", fields={"message": ["too long"]})
    text.check({"message": message})
    now = clock.now()
    pending = PlanReport.query.filter(PlanReport.plan_id == plan.id, PlanReport.org_id == unit.id,
                                      PlanReport.status == ReportStatus.OPEN, PlanReport.period_start <= now).all()
    if not pending:
        raise Conflict("{unit} has no open plan work to remind it of", unit=unit.name)
    overdue = [r for r in pending if r.due_at < now]
    detail = {"plan_id": plan.id, "unit_id": unit.id, "unit": unit.name, "open": len(pending),
              "overdue": len(overdue), "message": message or ""}
    title = f"催办：{case.region.name}创建办提醒您报送创建任务进展（待报 {len(pending)} 项" + (
        f"，其中逾期 {len(overdue)} 项）" if overdue else "）")
    note = notifications.send(URGE, title, case_id=case.id, role="member_unit", org_id=unit.id, detail=detail)
    record(actor, "plan_unit_reminded", case, detail=detail)
    db.session.flush()
    return {"notification_id": note.id, **detail}
