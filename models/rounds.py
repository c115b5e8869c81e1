"""Rounds opened by SAMR: application rounds and evaluation rounds."""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class RoundKind(StrEnum):
    """A round SAMR opens: for applications (Art 5) or for evaluations (Art 13)."""
    APPLICATION = "application"
    EVALUATION = "evaluation"


ROUND_KINDS = tuple(RoundKind)


class Round(db.Model):
    __tablename__ = "rounds"
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(16), nullable=False)
    name = db.Column(db.String(200), nullable=False)
    opens_at = db.Column(UTCDateTime, nullable=False)
    closes_at = db.Column(UTCDateTime, nullable=False)

    def is_open(self, now):
        return self.opens_at <= now < self.closes_at
