"""marshmallow schemas of the creation-plan API (web/api/plans.py): what the OpenAPI document
shows. Times are ISO 8601 strings with offset, made by the engine's views."""
from marshmallow import Schema, fields

from models.plans import PROGRESS, REPORT_STATUSES, UNIT_ROLES


class UnitRefSchema(Schema):
    org_id = fields.Integer()
    name = fields.String()
    role = fields.String(metadata={"enum": list(UNIT_ROLES)})


class EvidenceSchema(Schema):
    id = fields.Integer()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_at = fields.String()


class PlanReportSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    task_id = fields.Integer()
    task = fields.String(metadata={"description": "the task's number in the plan"})
    task_title = fields.String()
    unit_id = fields.Integer()
    unit = fields.String()
    role = fields.String(metadata={"enum": list(UNIT_ROLES)})
    period = fields.Integer()
    period_start = fields.String()
    period_end = fields.String()
    due_at = fields.String()
    status = fields.String(metadata={"enum": list(REPORT_STATUSES)})
    progress = fields.String(allow_none=True, metadata={"enum": list(PROGRESS)})
    percent = fields.Integer(allow_none=True)
    narrative = fields.String(allow_none=True)
    figures = fields.Dict(keys=fields.String(), values=fields.Raw())
    consolidation = fields.String(allow_none=True)
    submitted_at = fields.String(allow_none=True)
    submitted_by = fields.String(allow_none=True)
    late = fields.Boolean()
    overdue = fields.Boolean()
    reminded_at = fields.String(allow_none=True)
    escalated_at = fields.String(allow_none=True)
    evidence = fields.List(fields.Nested(EvidenceSchema))


class PlanReportDetailSchema(PlanReportSchema):
    task_description = fields.String()
    indicators = fields.List(fields.Integer())
    peers = fields.List(fields.Nested(PlanReportSchema), metadata={
        "description": "the other units' reports on the task this period (what a lead unit consolidates)"})


class PlanWorkListSchema(Schema):
    items = fields.List(fields.Nested(PlanReportSchema))
    total = fields.Integer()


class PlanTaskSchema(Schema):
    id = fields.Integer()
    number = fields.String()
    title = fields.String()
    description = fields.String()
    section = fields.String()
    horizon = fields.String()
    due_at = fields.String(allow_none=True)
    indicators = fields.List(fields.Integer())
    milestones = fields.List(fields.Dict())
    units = fields.List(fields.Nested(UnitRefSchema))


class PlanSummarySchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    title = fields.String()
    status = fields.String()
    cadence = fields.String(metadata={"description": "ISO 8601 duration of a reporting period, e.g. P3M"})
    starts_at = fields.String()
    ends_at = fields.String(allow_none=True)
    indicator_system = fields.String(allow_none=True)
    indicator_system_name = fields.String(allow_none=True, metadata={
        "description": "the system's official name; the 2024 one is a draft (征求意见稿)"})
    source = fields.String(allow_none=True)
    opened_periods = fields.Integer()
    tasks = fields.Integer()
    region = fields.Dict(metadata={"description": "whose plan: the case's region or a participating county"})
    document_number = fields.String(allow_none=True)
    issuer = fields.String(allow_none=True)
    issued_on = fields.String(allow_none=True)


class PlanItemSchema(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"description": "target | measure"})
    number = fields.String()
    title = fields.String()
    text = fields.String()
    value = fields.String()
    units = fields.List(fields.Dict())
    progress = fields.String()
    percent = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)
    updated_at = fields.String(allow_none=True)
    updated_by = fields.String(allow_none=True)


class PlanSchema(PlanSummarySchema):
    tasks = fields.List(fields.Nested(PlanTaskSchema))
    targets = fields.List(fields.Nested(PlanItemSchema))
    measures = fields.List(fields.Nested(PlanItemSchema))
    indicator_units = fields.List(fields.Dict())


class CountyPartSchema(Schema):
    case_id = fields.Integer()
    region = fields.String()
    stage = fields.String()
    county = fields.String()
    name = fields.String()
    joined_at = fields.String()
    plan = fields.Dict(allow_none=True)


class CountyListSchema(Schema):
    items = fields.List(fields.Nested(CountyPartSchema))
    total = fields.Integer()


class ImportCountsSchema(Schema):
    tasks = fields.Integer()
    indicators = fields.Integer()
    units = fields.Integer()
    assignments = fields.Integer()
    reports_opened = fields.Integer()
    targets = fields.Integer()
    measures = fields.Integer()
    mapping = fields.Dict(allow_none=True, metadata={
        "description": "when the sheet links another indicator system than the case's: from, to, "
                       "mapped [{from, to}], unmapped [{indicator, name, reason, tasks, rows}]"})


class ImportResultSchema(Schema):
    plan = fields.Nested(PlanSummarySchema)
    imported = fields.Nested(ImportCountsSchema)


class DashboardSchema(Schema):
    plan = fields.Nested(PlanSummarySchema)
    now = fields.String()
    case = fields.Dict()
    timeline = fields.Dict(metadata={"description": "starts_at, creation_ends_at (the case's creation "
                                                    "timer), elapsed_percent, days_left, periods, milestones"})
    totals = fields.Dict()
    tasks = fields.List(fields.Dict())
    units = fields.List(fields.Dict())
    groups = fields.List(fields.Dict())
    overdue = fields.List(fields.Dict())
    items = fields.List(fields.Nested(PlanItemSchema))


class IndicatorViewSchema(Schema):
    plan_id = fields.Integer()
    indicator_system = fields.String(allow_none=True)
    indicator = fields.Dict()
    units = fields.List(fields.Dict())
    tasks = fields.List(fields.Dict())
    evidence_count = fields.Integer()


class IndicatorListSchema(Schema):
    plan_id = fields.Integer()
    indicator_system = fields.String(allow_none=True)
    items = fields.List(fields.Dict())
    total = fields.Integer()


class ReminderResultSchema(Schema):
    notification_id = fields.Integer()
    plan_id = fields.Integer()
    unit_id = fields.Integer()
    unit = fields.String()
    open = fields.Integer()
    overdue = fields.Integer()
    message = fields.String()


class EvidenceCreatedSchema(Schema):
    id = fields.Integer()
    filename = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
