"""Schemas of opinions and comments (办理意见), common phrases (常用语) and the opinion given
with a task's completion."""
from marshmallow import Schema, ValidationError, fields, validate

from engine.casework.comments import MAX_TEXT
from engine.casework.phrases import MAX_LENGTH, MAX_PHRASES
from engine.errors import InvalidInput
from models.comments import COMMENT_KINDS, OPINION_FIELD
from web.api.schemas.common import ID_RANGE, ISO


class CommentInputSchema(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    task_id = fields.Integer(load_default=None, allow_none=True, validate=ID_RANGE,
                             metadata={"description": "one of the case's tasks the comment is about"})


class CommentSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    task_id = fields.Integer(allow_none=True)
    kind = fields.String(validate=validate.OneOf(COMMENT_KINDS),
                         metadata={"description": "opinion (given with a completion) | comment"})
    author = fields.String(metadata={"description": "username"})
    author_name = fields.String(metadata={"description": "display name"})
    office = fields.String(allow_none=True, metadata={"description": "the organisation written for"})
    office_id = fields.Integer(allow_none=True)
    at = ISO()
    step = fields.String(allow_none=True, metadata={"description": "the task's title"})
    text = fields.String()


class CommentListSchema(Schema):
    items = fields.List(fields.Nested(CommentSchema))
    total = fields.Integer()


class PhrasesInputSchema(Schema):
    phrases = fields.List(fields.String(validate=validate.Length(min=1, max=MAX_LENGTH)), required=True,
                          validate=validate.Length(max=MAX_PHRASES))


class PhrasesSchema(Schema):
    phrases = fields.List(fields.String())
    defaults = fields.Boolean(metadata={"description": "true while the office's defaults apply"})


class OpinionSchema(Schema):
    """The `opinion` key a task's completion may carry beside the form's fields."""
    opinion = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=MAX_TEXT))


def opinion_of(body):
    """Take `opinion` out of a completion's JSON body (it never goes into the workflow data)."""
    try:
        return OpinionSchema().load({"opinion": body.pop(OPINION_FIELD, None)})["opinion"]
    except ValidationError as exc:
        raise InvalidInput("opinion is not acceptable", exc.normalized_messages()) from exc
