"""marshmallow schemas of handing a task over: 转办 transfer, 委派 delegate, 催办 urge."""
from marshmallow import Schema, fields, validate

from models.tasks import DELEGATION_STATES

MAX_REASON = 2000
USERNAME = validate.Length(min=1, max=64)


class TransferSchema(Schema):
    to = fields.String(required=True, validate=USERNAME,
                       metadata={"description": "a colleague's username: the task's role, the same office"})
    reason = fields.String(required=True, validate=validate.Length(min=1, max=MAX_REASON))


class DelegateSchema(Schema):
    to = fields.String(required=True, validate=USERNAME,
                       metadata={"description": "a colleague's username: the task's role, the same office"})
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=MAX_REASON))


class UrgeSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=MAX_REASON))


class UrgedSchema(Schema):
    """One 催办, as the audit trail has it."""
    task_id = fields.Integer()
    at = fields.AwareDateTime()
    by = fields.String(attribute="actor")
    reason = fields.String()
    to = fields.String(metadata={"description": "the claimant's username, or `role@org id` of the group"})


class DelegationFields(Schema):
    """委派 on a task (inbox item and task detail)."""
    delegated_to = fields.String(attribute="delegated_to_name", allow_none=True,
                                 metadata={"description": "who fills the task in for its holder"})
    delegated_by = fields.String(attribute="delegated_by_name", allow_none=True)
    delegation_state = fields.String(allow_none=True, validate=validate.OneOf(DELEGATION_STATES),
                                     metadata={"description": "pending: with the delegate; "
                                               "returned: filled in, back with the holder to complete"})
