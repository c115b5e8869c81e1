"""marshmallow schemas of send-back (退回) and recall (撤回)."""
from marshmallow import Schema, fields, validate

from models.returns import REOPEN_KINDS

MAX_REASON = 2000


class ReturnSchema(Schema):
    to = fields.String(required=True, validate=validate.Length(min=1, max=100),
                       metadata={"description": "an earlier user task's name (one of the task's `return_targets`)"})
    reason = fields.String(required=True, validate=validate.Length(min=1, max=MAX_REASON))


class RecallSchema(Schema):
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=MAX_REASON))


class ReturnTargetSchema(Schema):
    name = fields.String()
    title = fields.String()


class ReopenedSchema(Schema):
    """Why an open task is open again."""
    kind = fields.String(validate=validate.OneOf(REOPEN_KINDS))
    by = fields.String()
    at = fields.AwareDateTime()
    reason = fields.String(allow_none=True)
    from_task = fields.String(data_key="from", metadata={"description": "the step it was sent back from"})
    from_title = fields.String()
