"""Copies of cases (抄送): who was given read access to a case, by whom, when and why."""
from models import db
from models.types import UTCDateTime

MAX_NOTE = 500


class CaseCopy(db.Model):
    """One user may read one case from `at` on (engine/access.py:case_filter); nothing else
    is granted. A second copy to the same user keeps the first row."""
    __tablename__ = "case_copies"
    __table_args__ = (db.UniqueConstraint("case_id", "user_id", name="uq_case_copies_case_user"),)
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    at = db.Column(UTCDateTime, nullable=False)
    note = db.Column(db.String(MAX_NOTE))

    user = db.relationship("User", foreign_keys=[user_id])
    by = db.relationship("User", foreign_keys=[by_id])
