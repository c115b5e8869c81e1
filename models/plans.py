"""Creation plans (创建方案) as data: a case's plan, its tasks for member units, reporting
periods, progress reports with evidence, and the reminders sent about them.

Plan work is not BPMN: a plan has dozens of tasks × units × periods, which would swamp a
process instance. These tables hold it; member units see their open reports beside their
human tasks (engine/plans/work.py). Everything hangs off the case with ON DELETE CASCADE.
"""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class PlanStatus(StrEnum):
    """A plan: being written, in force, or closed with its case's creation period."""
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class UnitRole(StrEnum):
    """A member unit on a plan task: leads it, or shares the responsibility."""
    LEAD = "lead"
    RESPONSIBLE = "responsible"


class ReportStatus(StrEnum):
    """A progress report: still to be filed for its period, or filed."""
    OPEN = "open"
    SUBMITTED = "submitted"


class Progress(StrEnum):
    """What a member unit says of its task in a report."""
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    DELAYED = "delayed"
    COMPLETED = "completed"


PLAN_STATUSES = tuple(PlanStatus)
UNIT_ROLES = tuple(UnitRole)
REPORT_STATUSES = tuple(ReportStatus)
PROGRESS = tuple(Progress)

CASCADE = {"ondelete": "CASCADE"}


class Plan(db.Model):
    __tablename__ = "plans"
    # One plan per case and region: the case's own (region = the case's region) and, for a
    # prefecture's case, a sub-plan per participating county (region = the county, Art 5, 10).
    __table_args__ = (db.UniqueConstraint("case_id", "region_id", name="uq_plans_case_id"),)
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id", **CASCADE), nullable=False)
    region_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), nullable=False, index=True)
    title = db.Column(db.String(200), nullable=False)
    document_number = db.Column(db.String(100))   # 发文字号, e.g. 永川府办发〔2023〕14号
    issuer = db.Column(db.String(200))            # 发布机构
    issued_on = db.Column(db.Date)                # 成文日期
    status = db.Column(db.String(16), nullable=False, default="active")
    indicator_system = db.Column(db.String(50))   # bpmn/indicators/<key>.json the links refer to
    cadence = db.Column(db.String(20), nullable=False, default="P3M")  # ISO 8601 duration
    starts_at = db.Column(UTCDateTime, nullable=False)   # first reporting period begins
    ends_at = db.Column(UTCDateTime)   # the creation period's end when known
    opened_periods = db.Column(db.Integer, nullable=False, default=0)  # reporting periods opened so far
    source = db.Column(db.String(200))  # file name or example key it was imported from
    created_at = db.Column(UTCDateTime, nullable=False)
    created_by = db.Column(db.String(64), nullable=False)
    updated_at = db.Column(UTCDateTime, nullable=False)

    case = db.relationship("Case")
    region = db.relationship("Org", lazy="joined")
    tasks = db.relationship("PlanTask", back_populates="plan", order_by="PlanTask.position",
                            cascade="all, delete-orphan", passive_deletes=True)
    items = db.relationship("PlanItem", back_populates="plan", order_by="PlanItem.position",
                            cascade="all, delete-orphan", passive_deletes=True)


class ItemKind(StrEnum):
    """What a plan states besides its tasks: a quantified target (创建目标), or an
    organisational measure (组织实施 / 组织保障)."""
    TARGET = "target"
    MEASURE = "measure"


ITEM_KINDS = tuple(ItemKind)


class PlanItem(db.Model):
    """A plan's target or organisational measure, tracked like a task: the office records
    its progress (not_started | on_track | delayed | completed) and a percent."""
    __tablename__ = "plan_items"
    __table_args__ = (db.UniqueConstraint("plan_id", "kind", "number", name="uq_plan_items_plan_id"),)
    id = db.Column(db.Integer, primary_key=True)
    plan_id = db.Column(db.Integer, db.ForeignKey("plans.id", **CASCADE), nullable=False, index=True)
    kind = db.Column(db.String(16), nullable=False)
    position = db.Column(db.Integer, nullable=False)
    number = db.Column(db.String(20), nullable=False)
    title = db.Column(db.String(300), nullable=False)
    text = db.Column(db.Text, nullable=False, default="")
    value = db.Column(db.String(100), nullable=False, default="")   # a target's figure, as the plan gives it
    units = db.Column(db.JSON, nullable=False, default=list)        # [{"name", "role"}] as the plan names them
    progress = db.Column(db.String(16), nullable=False, default="not_started")
    percent = db.Column(db.Integer)
    note = db.Column(db.Text)
    updated_at = db.Column(UTCDateTime)
    updated_by = db.Column(db.String(64))

    plan = db.relationship("Plan", back_populates="items")


class CaseCounty(db.Model):
    """A county or county-level city taking part in its prefecture's case (Art 5, Art 10):
    its own member units, its own sub-plan (a Plan with region = the county)."""
    __tablename__ = "case_counties"
    __table_args__ = (db.UniqueConstraint("case_id", "org_id", name="uq_case_counties_case_id"),)
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id", **CASCADE), nullable=False, index=True)
    org_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), nullable=False, index=True)
    joined_at = db.Column(UTCDateTime, nullable=False)
    joined_by = db.Column(db.String(64), nullable=False)

    org = db.relationship("Org", lazy="joined")


class PlanTask(db.Model):
    __tablename__ = "plan_tasks"
    __table_args__ = (db.UniqueConstraint("plan_id", "number", name="uq_plan_tasks_plan_number"),)
    id = db.Column(db.Integer, primary_key=True)
    plan_id = db.Column(db.Integer, db.ForeignKey("plans.id", **CASCADE), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False)
    number = db.Column(db.String(20), nullable=False)   # the plan's own numbering
    title = db.Column(db.String(300), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    section = db.Column(db.String(200), nullable=False, default="")
    horizon = db.Column(db.String(100), nullable=False, default="")
    due_at = db.Column(UTCDateTime)
    indicators = db.Column(db.JSON, nullable=False, default=list)   # indicator numbers
    milestones = db.Column(db.JSON, nullable=False, default=list)   # [{"due": "2025-06-30", "title"}]

    plan = db.relationship("Plan", back_populates="tasks")
    units = db.relationship("PlanTaskUnit", back_populates="task", cascade="all, delete-orphan",
                            passive_deletes=True, order_by="PlanTaskUnit.id", lazy="selectin")


class PlanTaskUnit(db.Model):
    """A member unit's part in a task: its lead unit, or one of its responsible units."""
    __tablename__ = "plan_task_units"
    __table_args__ = (db.UniqueConstraint("task_id", "org_id", name="uq_plan_task_units_task_org"),)
    id = db.Column(db.Integer, primary_key=True)
    task_id = db.Column(db.Integer, db.ForeignKey("plan_tasks.id", **CASCADE), nullable=False, index=True)
    org_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), nullable=False, index=True)
    role = db.Column(db.String(16), nullable=False)  # lead | responsible

    task = db.relationship("PlanTask", back_populates="units")
    org = db.relationship("Org", lazy="joined")


class PlanIndicatorUnit(db.Model):
    """An indicator decomposition row (Yongchuan 附件): who leads and who answers for an
    indicator of the plan's indicator system."""
    __tablename__ = "plan_indicator_units"
    __table_args__ = (db.UniqueConstraint("plan_id", "indicator", "org_id", "role",
                                          name="uq_plan_indicator_units_row"),)
    id = db.Column(db.Integer, primary_key=True)
    plan_id = db.Column(db.Integer, db.ForeignKey("plans.id", **CASCADE), nullable=False, index=True)
    indicator = db.Column(db.Integer, nullable=False)
    org_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), nullable=False)
    role = db.Column(db.String(16), nullable=False)
    measures = db.Column(db.String(200), nullable=False, default="")

    org = db.relationship("Org", lazy="joined")


class PlanReport(db.Model):
    """One unit's progress report on one task for one reporting period."""
    __tablename__ = "plan_reports"
    __table_args__ = (
        db.UniqueConstraint("task_id", "org_id", "period", name="uq_plan_reports_task_org_period"),
        db.Index("ix_plan_reports_open_due", "status", "due_at"),
        db.Index("ix_plan_reports_org_status", "org_id", "status"),
    )
    id = db.Column(db.Integer, primary_key=True)
    plan_id = db.Column(db.Integer, db.ForeignKey("plans.id", **CASCADE), nullable=False, index=True)
    task_id = db.Column(db.Integer, db.ForeignKey("plan_tasks.id", **CASCADE), nullable=False, index=True)
    org_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), nullable=False)
    role = db.Column(db.String(16), nullable=False)   # the unit's role in the task
    period = db.Column(db.Integer, nullable=False)    # 1, 2, …
    period_start = db.Column(UTCDateTime, nullable=False)
    period_end = db.Column(UTCDateTime, nullable=False)
    due_at = db.Column(UTCDateTime, nullable=False)
    status = db.Column(db.String(16), nullable=False, default="open")
    progress = db.Column(db.String(16))               # PROGRESS
    percent = db.Column(db.Integer)                   # 0–100
    narrative = db.Column(db.Text)
    figures = db.Column(db.JSON, nullable=False, default=dict)   # {"label": number}
    consolidation = db.Column(db.Text)                # the lead unit's summary of the others
    submitted_at = db.Column(UTCDateTime)
    submitted_by = db.Column(db.String(64))
    reminded_at = db.Column(UTCDateTime)              # overdue reminder to the unit
    escalated_at = db.Column(UTCDateTime)             # 督办 to the leading-group office

    task = db.relationship("PlanTask")
    org = db.relationship("Org", lazy="joined")
    evidence = db.relationship("PlanEvidence", back_populates="report", cascade="all, delete-orphan",
                               passive_deletes=True, order_by="PlanEvidence.id", lazy="selectin")


class PlanEvidence(db.Model):
    """A file attached to a progress report; the bytes live in the files directory under
    plan-evidence/<sha256> (backed up with it), stored once per content."""
    __tablename__ = "plan_evidence"
    id = db.Column(db.Integer, primary_key=True)
    report_id = db.Column(db.Integer, db.ForeignKey("plan_reports.id", **CASCADE), nullable=False, index=True)
    filename = db.Column(db.String(200), nullable=False)
    content_type = db.Column(db.String(100), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    uploaded_at = db.Column(UTCDateTime, nullable=False)
    uploaded_by = db.Column(db.String(64), nullable=False)

    report = db.relationship("PlanReport", back_populates="evidence")
