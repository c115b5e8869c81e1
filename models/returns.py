"""Send-backs (退回) and recalls (撤回): why a task is open again, and whom the case goes
back to once the reopened step is submitted again."""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class ReopenKind(StrEnum):
    """How a finished step became open again."""
    RETURNED = "returned"  # a later step's holder sent the case back to it (退回)
    RECALLED = "recalled"  # who completed it took it back before the next step was touched (撤回)


REOPEN_KINDS = tuple(ReopenKind)
CASCADE = {"ondelete": "CASCADE"}


class TaskReturn(db.Model):
    """One send-back or recall. A send-back stays pending (resolved_at empty) until the
    reopened step is submitted again; then the step it was sent back from opens for the
    sender (back_task_id)."""
    __tablename__ = "task_returns"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id", **CASCADE), nullable=False, index=True)
    kind = db.Column(db.String(16), nullable=False)  # REOPEN_KINDS
    # the task it was sent back from (returned), or the task taken back (recalled)
    task_id = db.Column(db.Integer, db.ForeignKey("human_tasks.id", **CASCADE), nullable=False)
    target = db.Column(db.String(100), nullable=False)  # BPMN element id of the step open again
    reopened_task_id = db.Column(db.Integer, db.ForeignKey("human_tasks.id", **CASCADE), index=True)
    actor_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    reason = db.Column(db.Text)
    at = db.Column(UTCDateTime, nullable=False)
    resolved_at = db.Column(UTCDateTime)
    back_task_id = db.Column(db.Integer, db.ForeignKey("human_tasks.id", **CASCADE))

    task = db.relationship("HumanTask", foreign_keys=[task_id])
    reopened_task = db.relationship("HumanTask", foreign_keys=[reopened_task_id])
    actor = db.relationship("User")
