"""Notices to people: reminders (also before a round's deadlines), supervision notices (督办)
and supervision checks due."""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class NoticeKind(StrEnum):
    """What a notification is about: new tasks, reminders (催办), supervision notices (督办), checks due,
    send-backs (退回) and their resubmission, urging (催办), copies (抄送), transfers (转办)
    and delegations (委派)."""
    TASK_CREATED = "task_created"            # a new task waits for the user or their office (新待办)
    TASK_REMINDER = "task_reminder"
    TASK_ESCALATION = "task_escalation"
    SUPERVISION_CHECK_DUE = "supervision_check_due"
    PLAN_REPORT_REMINDER = "plan_report_reminder"
    PLAN_REPORT_ESCALATION = "plan_report_escalation"
    PLAN_UNIT_REMINDER = "plan_unit_reminder"
    ROUND_DEADLINE_REMINDER = "round_deadline_reminder"
    TASK_RETURNED = "task_returned"          # a step was sent back to the role (退回)
    TASK_RESUBMITTED = "task_resubmitted"    # what the user sent back was submitted again
    # handover (engine/casework/handover.py, copies.py): the task's id is in `detail`, as for
    # send-backs, so the one-per-task constraint stays the reminders' and escalations' alone
    TASK_URGED = "task_urged"                # a role above asks for the task to be done (催办)
    CASE_CC = "case_cc"                      # the case was copied to the user (抄送)
    TASK_TRANSFERRED = "task_transferred"    # the task is now the user's (转办)
    TASK_DELEGATED = "task_delegated"        # the user fills the task in for its holder (委派)
    TASK_DELEGATION_RETURNED = "task_delegation_returned"  # filled in: back to the holder


KINDS = tuple(NoticeKind)


class Notification(db.Model):
    """Addressed to a user, or to a role within an organisation (the org scopes it:
    a province's bureau, an applicant's region; none for national roles)."""
    __tablename__ = "notifications"
    # One reminder and one escalation per human task, however many schedulers run.
    __table_args__ = (db.UniqueConstraint("task_id", "kind", name="uq_notifications_task_kind"),
                      db.Index("ix_notifications_role_org", "role", "org_id"))
    id = db.Column(db.Integer, primary_key=True)
    created_at = db.Column(UTCDateTime, nullable=False)
    kind = db.Column(db.String(32), nullable=False)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), index=True)
    task_id = db.Column(db.Integer, db.ForeignKey("human_tasks.id"))
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), index=True)
    role = db.Column(db.String(32))
    org_id = db.Column(db.Integer, db.ForeignKey("orgs.id"))
    title = db.Column(db.String(300), nullable=False)
    detail = db.Column(db.JSON, nullable=False, default=dict)
    read_at = db.Column(UTCDateTime)
