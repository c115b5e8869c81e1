"""marshmallow schemas of the scheduler's admin API, notifications and the calendar."""
from marshmallow import Schema, fields, validate

from web.api.schemas.common import ID_RANGE, PageArgsSchema

ISO = fields.AwareDateTime


class JobRunSchema(Schema):
    id = fields.Integer()
    job = fields.String()
    holder = fields.String(allow_none=True)
    started_at = ISO()
    duration_ms = fields.Float()
    outcome = fields.String()
    detail = fields.Dict()
    error = fields.String(allow_none=True)


class JobSchema(Schema):
    name = fields.String()
    description = fields.String(allow_none=True)
    trigger = fields.String(allow_none=True)
    next_run_at = ISO(allow_none=True)
    holder = fields.String(allow_none=True)
    last_runs = fields.List(fields.Nested(JobRunSchema))


class LeaseSchema(Schema):
    holder = fields.String()
    acquired_at = ISO()
    expires_at = ISO()
    active = fields.Boolean()


class JobListSchema(Schema):
    items = fields.List(fields.Nested(JobSchema))
    total = fields.Integer()
    scheduler = fields.Nested(LeaseSchema, allow_none=True)


class JobRunQuerySchema(PageArgsSchema):
    job = fields.String()
    outcome = fields.String(validate=validate.OneOf(("ok", "error")))


class JobRunListSchema(Schema):
    items = fields.List(fields.Nested(JobRunSchema))
    total = fields.Integer()


class JobRunResultSchema(Schema):
    job = fields.String()
    outcome = fields.String()
    detail = fields.Raw()
    error = fields.String(allow_none=True)


class SettingSchema(Schema):
    key = fields.String()
    value = fields.String()
    type = fields.String()
    description = fields.String(allow_none=True)
    updated_at = ISO(allow_none=True)
    updated_by = fields.String(allow_none=True)


class SettingListSchema(Schema):
    items = fields.List(fields.Nested(SettingSchema))
    total = fields.Integer()


class SettingChangeSchema(Schema):
    value = fields.String(required=True, validate=validate.Length(min=1, max=200))


class CalendarDaySchema(Schema):
    day = fields.Date(required=True)
    workday = fields.Boolean(required=True)
    name = fields.String(allow_none=True, validate=validate.Length(max=64))


class CalendarYearSchema(Schema):
    year = fields.Integer()
    covered = fields.Boolean()
    source = fields.String(allow_none=True)
    days = fields.List(fields.Nested(CalendarDaySchema))


class CalendarChangeSchema(Schema):
    days = fields.List(fields.Nested(CalendarDaySchema), required=True)


class DeadlineQuerySchema(Schema):
    working_days = fields.Integer(required=True, validate=validate.Range(min=1, max=1000))
    start = fields.AwareDateTime(data_key="from")


class DeadlineSchema(Schema):
    start = fields.AwareDateTime(data_key="from")
    working_days = fields.Integer()
    deadline = fields.AwareDateTime()


class NotificationSchema(Schema):
    id = fields.Integer()
    created_at = ISO()
    kind = fields.String()
    case_id = fields.Integer(allow_none=True)
    task_id = fields.Integer(allow_none=True)
    role = fields.String(allow_none=True)
    org_id = fields.Integer(allow_none=True)
    title = fields.String()
    detail = fields.Dict()
    read_at = ISO(allow_none=True)


class NotificationQuerySchema(PageArgsSchema):
    case_id = fields.Integer(validate=ID_RANGE)
    unread = fields.Boolean(load_default=False)


class NotificationListSchema(Schema):
    items = fields.List(fields.Nested(NotificationSchema))
    total = fields.Integer()
