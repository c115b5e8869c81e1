"""Notices to people: reminders, supervision notices (督办) and supervision checks due."""
from models import db
from models.types import UTCDateTime

KINDS = ("task_reminder", "task_escalation", "supervision_check_due",
         "plan_report_reminder", "plan_report_escalation", "plan_unit_reminder")


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
