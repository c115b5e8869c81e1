"""Indicator scores as rows: one per case, indicator and source, queryable without
deserialising instances (reports, comparisons, the score API)."""
from models import db
from models.types import UTCDateTime

# "self" (the applicant's self-assessment), "province" (pre-review), "expert:<username>",
# "samr" (the consolidated evaluation).
SCORE_SOURCES = ("self", "province", "expert", "samr")


class Score(db.Model):
    """One score for one indicator from one source. Rows are never updated but to close
    them: a newer sheet of the same source (or a new self-assessment, which starts a new
    evaluation attempt) sets `superseded_at` on the older ones."""
    __tablename__ = "scores"
    __table_args__ = (db.Index("ix_scores_case_current", "case_id", "superseded_at", "source"),)
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    indicator_system = db.Column(db.String(50), nullable=False)
    indicator = db.Column(db.Integer, nullable=False)
    source = db.Column(db.String(80), nullable=False)
    value = db.Column(db.Numeric(7, 3), nullable=False)
    reason = db.Column(db.Text)               # why a score was adjusted (province) or auto-scored
    auto = db.Column(db.Boolean, nullable=False, default=False)  # computed from reported figures
    evidence = db.Column(db.JSON)             # attachment ids given for this indicator
    task_id = db.Column(db.Integer)           # the human task whose completion recorded it
    recorded_at = db.Column(UTCDateTime, nullable=False)
    recorded_by = db.Column(db.String(64), nullable=False)
    superseded_at = db.Column(UTCDateTime)
