"""Working days in China: Monday–Friday, except public holidays, plus the weekends
swapped into working days (调休). The calendar is data (tables calendar_years and
calendar_days, seeded from the pinned chinese-calendar package, editable by an
administrator); a year that is not covered is refused loudly, never guessed.

Deadlines are legal dates in China time: N working days after a moment end at
23:59:59 (+08:00) of the N-th working day after that moment's day (the starting
day itself is not counted).
"""
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from engine.audit import Actor
from engine.clock import CHINA
from engine.errors import EngineError, InvalidInput, Text
from models import CalendarDay, CalendarYear, db


class CalendarMissing(EngineError):
    """The working-day calendar does not cover a year a deadline needs."""
    status, code = 500, "working_day_calendar_missing"


class Calendar:
    """The covered years and exceptions, loaded a year at a time for one computation."""

    def __init__(self) -> None:
        self._years: dict[int, dict[date, bool]] = {}

    def _year(self, year: int) -> dict[date, bool]:
        if year not in self._years:
            if db.session.get(CalendarYear, year) is None:
                raise CalendarMissing(
                    "the working-day calendar does not cover {year}: an administrator must enter "
                    "that year's public holidays and swapped working days "
                    "(PUT /api/v1/admin/calendar/{year})", year=year)
            rows = db.session.execute(select(CalendarDay.day, CalendarDay.workday).where(
                CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))).all()
            self._years[year] = dict(rows)
        return self._years[year]

    def is_workday(self, day: date) -> bool:
        exceptions = self._year(day.year)
        return exceptions.get(day, day.weekday() < 5)


def is_workday(day: date) -> bool:
    return Calendar().is_workday(day)


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (n ≥ 1)."""
    if n < 1:
        raise InvalidInput("a working-day period must be at least one day, not {n}", n=n)
    calendar = Calendar()
    while n:
        day += timedelta(days=1)
        n -= calendar.is_workday(day)
    return day


def deadline(start: datetime, n: int) -> datetime:
    """End of the n-th working day after `start`'s day, China time."""
    last = add_working_days(start.astimezone(CHINA).date(), int(n))
    return datetime.combine(last, time(23, 59, 59), CHINA)


def covered_until() -> date | None:
    """Last day of the unbroken run of covered years that contains today's year (or None)."""
    from engine import clock
    years = set(db.session.execute(select(CalendarYear.year)).scalars())
    year = clock.now().astimezone(CHINA).year
    if year not in years:
        return None
    while year + 1 in years:
        year += 1
    return date(year, 12, 31)


def year_view(year: int) -> dict[str, Any]:
    covered = db.session.get(CalendarYear, year)
    days = CalendarDay.query.filter(CalendarDay.day >= date(year, 1, 1),
                                    CalendarDay.day <= date(year, 12, 31)).order_by(CalendarDay.day)
    return {"year": year, "covered": covered is not None,
            "source": covered.source if covered else None,
            "days": [{"day": d.day, "workday": d.workday, "name": d.name} for d in days]}


def put_year(year: int, days: list[dict[str, Any]], actor: Actor) -> dict[str, Any]:
    """Replace a year's exceptions (holidays on weekdays, working weekends) and mark it
    covered. Days that follow the Monday–Friday rule anyway are dropped. Audited; the
    caller's transaction commits."""
    from engine.audit import record
    if not 1990 <= year <= 2200:
        raise InvalidInput("year {year} is out of range", fields={"year": ["out of range"]}, year=year)
    rows = {}
    for item in days:
        day = item["day"]
        if day.year != year:
            raise InvalidInput("{day} is not in {year}", fields={"days": [Text("{day} is not in {year}", day=day, year=year)]}, day=day, year=year)
        if bool(item["workday"]) != (day.weekday() < 5):
            rows[day] = CalendarDay(day=day, workday=bool(item["workday"]), name=item.get("name"))
    CalendarDay.query.filter(CalendarDay.day >= date(year, 1, 1),
                             CalendarDay.day <= date(year, 12, 31)).delete()
    db.session.add_all(rows.values())
    entry = db.session.get(CalendarYear, year) or CalendarYear(year=year)
    entry.source = f"edited by {getattr(actor, 'username', actor)}"[:64]
    db.session.add(entry)
    record(actor, "calendar_changed", detail={"year": year, "exceptions": len(rows)})
    return year_view(year)


def check_coverage(now: datetime, warn_days: float) -> str:
    """Fail loudly (for the scheduler's job record) when the calendar runs out soon."""
    until = covered_until()
    if until is None or (until - now.astimezone(CHINA).date()).days < warn_days:
        raise CalendarMissing(
            "the working-day calendar ends {until}: enter the next year's "
            "public holidays and swapped working days (PUT /api/v1/admin/calendar/<year>)", until=until or 'before this year')
    return until.isoformat()
