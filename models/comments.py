"""办理意见 and 常用语: what people wrote on a case (an opinion given with a task's completion,
or a comment at any time), and each user's own list of common phrases."""
from enum import StrEnum

from models import db
from models.types import UTCDateTime

CASCADE = {"ondelete": "CASCADE"}


class CommentKind(StrEnum):
    OPINION = "opinion"  # written with the completion of a task (办理意见)
    COMMENT = "comment"  # posted on the case, optionally about one of its tasks


COMMENT_KINDS = tuple(CommentKind)
# The key a task's completion (and its draft) carries the opinion under, beside the form's
# fields; no form may have a field of that name (engine/definitions/lint.py).
OPINION_FIELD = "opinion"


class CaseComment(db.Model):
    """One opinion or comment. The office and the step are kept as they were when it was
    written: a later move of the person or a renamed step does not rewrite what was filed."""
    __tablename__ = "case_comments"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id", **CASCADE), nullable=False, index=True)
    task_id = db.Column(db.Integer, db.ForeignKey("human_tasks.id", **CASCADE), index=True)
    kind = db.Column(db.String(16), nullable=False)  # COMMENT_KINDS
    author_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    org_id = db.Column(db.Integer, db.ForeignKey("orgs.id"))  # the office the author wrote for
    step = db.Column(db.String(200))  # the task's title then
    text = db.Column(db.Text, nullable=False)
    at = db.Column(UTCDateTime, nullable=False)

    author = db.relationship("User")
    org = db.relationship("Org")
    task = db.relationship("HumanTask")


class UserPhrases(db.Model):
    """A user's own common phrases; without a row, their office's defaults apply."""
    __tablename__ = "user_phrases"
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", **CASCADE), primary_key=True)
    phrases = db.Column(db.JSON, nullable=False, default=list)
    updated_at = db.Column(UTCDateTime, nullable=False)
