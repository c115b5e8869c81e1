"""marshmallow schemas: the shape of every API input and output (API.md)."""
from marshmallow import Schema, fields, validate

from models import MAX_ID
from models.orgs import LEVELS, ROLES, ZONES
from models.process import END_STAGES, MEASURES, STAGES, STATUSES
from web.api.schemas.returns import ReopenedSchema, ReturnTargetSchema
from web.api.schemas.tasks import DelegationFields
from web.labels import system_name

# Ids and counts a request may carry stop at the database's integer range (models.MAX_ID):
# a larger number is invalid input (400), not an overflow in the driver (500).
ID_RANGE = validate.Range(min=1, max=MAX_ID)

ISO = fields.AwareDateTime


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_ID))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class TokenRequestSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class TokenSchema(Schema):
    token = fields.String(required=True)
    expires_in = fields.Integer()


class AccountLockSchema(Schema):
    """An account's sign-in throttling for clients it has not signed in from before."""
    username = fields.String(required=True)
    failed_logins = fields.Integer(required=True)
    locked_until = ISO(allow_none=True)


class MembershipSchema(Schema):
    role = fields.String(validate=validate.OneOf(ROLES))
    org_id = fields.Integer()


class MeSchema(Schema):
    username = fields.String()
    display_name = fields.String(allow_none=True)
    roles = fields.List(fields.Nested(MembershipSchema))


class OrgSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    name_en = fields.String(allow_none=True)
    level = fields.String(validate=validate.OneOf(LEVELS))
    admin_level = fields.String(allow_none=True)
    parent_id = fields.Integer(allow_none=True)
    zone = fields.String(allow_none=True, validate=validate.OneOf(ZONES))


class OrgListSchema(Schema):
    items = fields.List(fields.Nested(OrgSchema))
    total = fields.Integer()


class TaskSchema(DelegationFields):
    id = fields.Integer()
    case_id = fields.Integer()
    name = fields.String()
    title = fields.String()
    role = fields.String()
    form = fields.String()
    stage = fields.String(allow_none=True)
    assignee = fields.String(attribute="assignee_name", allow_none=True)
    created_at = ISO()
    due_at = ISO(allow_none=True)


class TaskListSchema(Schema):
    items = fields.List(fields.Nested(TaskSchema))
    total = fields.Integer()


class TaskQuerySchema(PageArgsSchema):
    case_id = fields.Integer(validate=ID_RANGE)
    role = fields.String(validate=validate.OneOf(ROLES))
    assigned = fields.String(load_default="any", validate=validate.OneOf(("me", "unassigned", "any")))
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "words the task's case contains"})


class DefinitionRefSchema(Schema):
    key = fields.String()
    version = fields.Integer()


class HistoryEntrySchema(Schema):
    at = ISO()
    actor = fields.String()
    action = fields.String()
    task = fields.String(attribute="task_name", allow_none=True)
    detail = fields.Dict()
    who = fields.String(metadata={"description": "the actor by display name (a system by word)"})
    what = fields.String(metadata={"description": "the action in words, with the decision taken"})
    step = fields.String(metadata={"description": "the step by its name"})


class CaseSchema(Schema):
    id = fields.Integer()
    region_id = fields.Integer()
    province_id = fields.Integer()
    round_id = fields.Integer(allow_none=True)
    evaluation_round_id = fields.Integer(allow_none=True)
    region_name = fields.String()
    stage = fields.String(validate=validate.OneOf(STAGES + END_STAGES))
    status = fields.String(validate=validate.OneOf(STATUSES))
    definition = fields.Nested(DefinitionRefSchema)
    indicator_system = fields.String(allow_none=True)
    measures = fields.String(validate=validate.OneOf(MEASURES), metadata={
        "description": "Art 24: the management measures the case runs under, kept from its start"})
    measures_title = fields.String()
    indicator_system_name = fields.Function(
        lambda case: system_name(getattr(case, "indicator_system", None) if not isinstance(case, dict)
                                 else case.get("indicator_system")) or None,
        metadata={"description": "the system's official name; the 2024 one is a draft (征求意见稿)"})
    created_at = ISO()
    updated_at = ISO()
    next_timer_at = ISO(allow_none=True)
    hold = fields.String(allow_none=True)  # "errored" (open incident), "suspended" or null
    active_tasks = fields.List(fields.Nested(TaskSchema))
    history = fields.List(fields.Nested(HistoryEntrySchema))


class CaseSummarySchema(CaseSchema):
    class Meta:
        exclude = ("history",)


class CaseListSchema(Schema):
    items = fields.List(fields.Nested(CaseSummarySchema))
    total = fields.Integer()


class CaseQuerySchema(PageArgsSchema):
    stage = fields.String(validate=validate.OneOf(STAGES + END_STAGES))
    province_id = fields.Integer(validate=ID_RANGE)
    region_id = fields.Integer(validate=ID_RANGE)
    q = fields.String(validate=validate.Length(max=200), metadata={
        "description": "words (at most 10) the region, case data or comments contain"})


class CaseStartSchema(Schema):
    round_id = fields.Integer(required=True, validate=ID_RANGE)


class CaseEnvelopeSchema(Schema):
    case = fields.Nested(CaseSchema)


class TaskDetailSchema(TaskSchema):
    form_schema = fields.Dict(data_key="form_definition")
    case = fields.Nested(CaseSummarySchema)
    data = fields.Dict()
    return_targets = fields.List(fields.Nested(ReturnTargetSchema))
    reopened = fields.Nested(ReopenedSchema, allow_none=True)
    filled_in = fields.Dict(allow_none=True, metadata={
        "description": "委派: what the delegate filled in, once the task is back with its holder"})


class ClockSchema(Schema):
    now = ISO()


class ClockChangeSchema(Schema):
    advance = fields.String(validate=validate.Regexp(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$"))
    set = ISO()


class FiredSchema(Schema):
    case_id = fields.Integer()
    due_at = fields.String()
    stage_before = fields.String()
    stage_after = fields.String()


class FiredListSchema(Schema):
    fired = fields.List(fields.Nested(FiredSchema))


class DefinitionSchema(Schema):
    id = fields.Integer()
    key = fields.String()
    version = fields.Integer()
    hash = fields.String()
    name = fields.String(allow_none=True)
    deployed_at = ISO()
    deployed_by = fields.String()


class DefinitionListSchema(Schema):
    items = fields.List(fields.Nested(DefinitionSchema))
    total = fields.Integer()


    total = fields.Integer()


class ObjectionSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    contact = fields.String(required=True, validate=validate.Length(min=3, max=200))
    content = fields.String(required=True, validate=validate.Length(min=2, max=5000))  # 数据造假 is a whole objection


class ObjectionReceiptSchema(Schema):
    confirmation = fields.String()
    case_id = fields.Integer()
    received_at = ISO()
