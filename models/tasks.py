"""The inbox projection: one row per user task that is or was ready."""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class DelegationState(StrEnum):
    """Where a delegated task (委派) is: with the colleague filling it in, or back with the
    delegator, who completes it (engine/casework/handover.py)."""
    PENDING = "pending"
    RETURNED = "returned"


DELEGATION_STATES = tuple(DelegationState)


COVERED = ("case_id", "delegated_to_id", "delegation_state")  # read from the index, not the table


class HumanTask(db.Model):
    """Mirrors a ready SpiffWorkflow user task so inboxes never deserialise a case.

    A completed task keeps its row (completed_at set): a second completion is a
    conflict the user can be told about, not a missing task.
    """
    __tablename__ = "human_tasks"
    __table_args__ = (
        # Open rows in inbox order per scope (SAMR, a province, a region): the first page comes
        # straight from the index; trailing columns cover the inbox summary (migration 0010)
        # with its delegation count, and a searched inbox's case ids (migration 0019_inbox_indexes).
        db.Index("ix_human_tasks_open_due", "role", "due_at", "id", "stage", "region_id", "round_id", "assignee_id",
                 *COVERED, sqlite_where=db.text("completed_at IS NULL"), postgresql_where=db.text("completed_at IS NULL")),
        db.Index("ix_human_tasks_open_province_due", "role", "province_id", "due_at", "id",
                 "stage", "region_id", "round_id", "assignee_id",
                 *COVERED, sqlite_where=db.text("completed_at IS NULL"), postgresql_where=db.text("completed_at IS NULL")),
        db.Index("ix_human_tasks_open_region_due", "role", "region_id", "due_at", "id", "stage", "round_id", "assignee_id",
                 *COVERED, sqlite_where=db.text("completed_at IS NULL"), postgresql_where=db.text("completed_at IS NULL")),
    )
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, index=True)
    task_guid = db.Column(db.String(36), nullable=False, unique=True)
    name = db.Column(db.String(100), nullable=False)       # BPMN element id
    title = db.Column(db.String(200), nullable=False)      # BPMN element name
    role = db.Column(db.String(32), nullable=False)        # the lane
    region_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), nullable=False)
    province_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), nullable=False)
    round_id = db.Column(db.Integer, db.ForeignKey("rounds.id"))
    stage = db.Column(db.String(32))
    form = db.Column(db.String(100), nullable=False)
    assignee_id = db.Column(db.Integer, db.ForeignKey("users.id"), index=True)
    created_at = db.Column(UTCDateTime, nullable=False)
    due_at = db.Column(UTCDateTime, index=True)
    completed_at = db.Column(UTCDateTime)
    completed_by = db.Column(db.String(64))
    # 委派: the holder (assignee) keeps the task; the colleague fills it in, then it comes back
    delegated_to_id = db.Column(db.Integer, db.ForeignKey("users.id"), index=True)
    delegated_by_id = db.Column(db.Integer, db.ForeignKey("users.id"))
    delegation_state = db.Column(db.String(16))  # DELEGATION_STATES, or none

    # Plain lazy loads: the case and user are usually in the session already, and
    # eager joins cost more per query than they save (see bench/complete_task.py).
    case = db.relationship("Case")
    assignee = db.relationship("User", foreign_keys=[assignee_id])
    delegated_to = db.relationship("User", foreign_keys=[delegated_to_id])
    delegated_by = db.relationship("User", foreign_keys=[delegated_by_id])

    @property
    def assignee_name(self):
        return self.assignee.username if self.assignee else None

    @property
    def delegated_to_name(self):
        return self.delegated_to.username if self.delegated_to else None

    @property
    def delegated_by_name(self):
        return self.delegated_by.username if self.delegated_by else None
