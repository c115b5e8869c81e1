"""The Chinese working-day calendar: the years it covers and the days that differ
from the Monday–Friday rule (public holidays on weekdays, swapped working weekends)."""
from models import db


class CalendarYear(db.Model):
    """A year listed here is covered; working-day arithmetic refuses any other."""
    __tablename__ = "calendar_years"
    year = db.Column(db.Integer, primary_key=True)
    source = db.Column(db.String(64), nullable=False)  # chinese-calendar x.y, or who edited it


class CalendarDay(db.Model):
    __tablename__ = "calendar_days"
    day = db.Column(db.Date, primary_key=True)
    workday = db.Column(db.Boolean, nullable=False)  # False: holiday; True: swapped working day
    name = db.Column(db.String(64))
