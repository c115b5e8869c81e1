"""Objections from the public during a public notice (Art 15)."""
from models import db
from models.types import UTCDateTime


class Objection(db.Model):
    __tablename__ = "objections"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, index=True)
    confirmation = db.Column(db.String(32), nullable=False, unique=True)
    name = db.Column(db.String(100), nullable=False)
    contact = db.Column(db.String(200), nullable=False)
    content = db.Column(db.Text, nullable=False)
    received_at = db.Column(UTCDateTime, nullable=False)
    client = db.Column(db.String(64))  # hashed client address, for throttling and abuse review
