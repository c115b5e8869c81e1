"""The Chinese working-day calendar: weekends, public holidays, swapped working weekends
(调休), held in the database, editable, and loud about years it does not cover."""
from datetime import date, datetime

import pytest

from engine import workdays
from engine.clock import CHINA
from engine.runtime import instances
from models import CalendarDay, CalendarYear, db


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


def test_national_day_2024_and_its_swapped_working_days(ctx):
    assert not workdays.is_workday(date(2024, 10, 1))   # National Day, a Tuesday
    assert not workdays.is_workday(date(2024, 10, 7))   # Monday, still the holiday
    assert workdays.is_workday(date(2024, 9, 29))       # Sunday, swapped working day
    assert workdays.is_workday(date(2024, 10, 12))      # Saturday, swapped working day
    assert not workdays.is_workday(date(2024, 10, 13))  # an ordinary Sunday


def test_deadline_across_national_day_ends_on_the_swapped_saturday(ctx):
    # Ready Monday 30 Sep 2024: 8, 9, 10, 11 Oct, then Saturday 12 Oct is the 5th working day.
    start = datetime(2024, 9, 30, 10, 0, tzinfo=CHINA)
    assert workdays.deadline(start, 5) == datetime(2024, 10, 12, 23, 59, 59, tzinfo=CHINA)
    assert workdays.deadline(start, 1) == datetime(2024, 10, 8, 23, 59, 59, tzinfo=CHINA)
    # Ready on Saturday 28 Sep: the next working day is Sunday 29 Sep.
    assert workdays.add_working_days(date(2024, 9, 28), 1) == date(2024, 9, 29)


def test_deadlines_are_counted_in_china_time(ctx):
    # 16:30 UTC on Friday 27 Sep is already Saturday 00:30 in Beijing.
    start = datetime.fromisoformat("2024-09-27T16:30:00+00:00")
    assert workdays.deadline(start, 1) == datetime(2024, 9, 29, 23, 59, 59, tzinfo=CHINA)


def test_user_task_due_working_days(ctx):
    start = datetime(2024, 9, 30, 10, 0, tzinfo=CHINA)
    assert instances._due({"due_working_days": "5"}, start) == datetime(2024, 10, 12, 23, 59, 59, tzinfo=CHINA)
    assert instances._due({"due": "P5D"}, start) == datetime(2024, 10, 5, 10, 0, tzinfo=CHINA)  # calendar days


FAR = 2150  # beyond any year the tests or the package cover


def test_a_year_not_covered_fails_loudly(ctx):
    assert db.session.get(CalendarYear, FAR) is None
    with pytest.raises(workdays.CalendarMissing, match=f"does not cover {FAR}"):
        workdays.deadline(datetime(FAR, 3, 2, tzinfo=CHINA), 3)
    with pytest.raises(workdays.CalendarMissing):  # also when the period runs into it
        workdays.deadline(datetime(FAR - 1, 12, 30, tzinfo=CHINA), 5)


def test_seeded_from_the_pinned_package(ctx):
    import chinese_calendar
    years = {y.year: y.source for y in CalendarYear.query.all()}
    assert years[2024] == f"chinese-calendar {chinese_calendar.__version__}"
    assert min(years) <= 2020 and max(years) >= 2025


def put_calendar(user, year, days):
    return user.client.put(f"/api/v1/admin/calendar/{year}", json={"days": days}, headers=user.headers)


def test_administrator_enters_a_new_year(app, api):
    admin = api("admin")
    monday = next(date(FAR, 1, d) for d in range(1, 8) if date(FAR, 1, d).weekday() == 0)
    friday, saturday = date.fromordinal(monday.toordinal() + 4), date.fromordinal(monday.toordinal() + 5)
    try:
        assert admin.get(f"/api/v1/admin/calendar/{FAR}").get_json()["covered"] is False
        response = admin.get(f"/api/v1/calendar/deadline?working_days=1&from={FAR}-01-01T09:00:00%2B08:00")
        assert response.status_code == 400  # the question names a year nobody entered yet
        assert f"PUT /api/v1/admin/calendar/{FAR}" in response.get_json()["error"]["message"]
        days = [{"day": monday.isoformat(), "workday": False, "name": "假日"},
                {"day": saturday.isoformat(), "workday": True, "name": "调休"},
                {"day": friday.isoformat(), "workday": True}]  # a Friday works anyway: dropped
        body = put_calendar(admin, FAR, days).get_json()
        assert body["covered"] is True
        assert [d["day"] for d in body["days"]] == [monday.isoformat(), saturday.isoformat()]
        sunday = date.fromordinal(monday.toordinal() - 1)
        first = admin.get(f"/api/v1/calendar/deadline?working_days=1&from={sunday}T09:00:00%2B08:00").get_json()
        assert first["deadline"] == f"{date.fromordinal(monday.toordinal() + 1)}T23:59:59+08:00"
        swapped = admin.get(f"/api/v1/calendar/deadline?working_days=1&from={friday}T09:00:00%2B08:00").get_json()
        assert swapped["deadline"] == f"{saturday}T23:59:59+08:00"
        assert put_calendar(api("samr"), FAR, []).status_code == 403
        assert put_calendar(admin, FAR, [{"day": f"{FAR - 1}-05-01", "workday": False}]).status_code == 400
    finally:
        with app.app_context():
            CalendarDay.query.filter(CalendarDay.day >= date(FAR, 1, 1), CalendarDay.day <= date(FAR, 12, 31)).delete()
            CalendarYear.query.filter_by(year=FAR).delete()
            db.session.commit()
