"""Reporting periods and the plan job at engine level: calendar-aware periods clipped at the
creation end, each notice once (also when a report is filed between query and notice),
thresholds as settings, nothing before the creation stage."""
import itertools
from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace

from engine import clock, thresholds
from engine.plans import planning, reminders
from models import Notification, db
from models.plans import Plan, PlanReport
from tests.helpers.plan_imports import case_in_creation, import_example


def test_periods_follow_the_calendar_and_stop_at_the_creation_end():
    start = datetime(2025, 1, 31, 16, 0, tzinfo=UTC)  # 1 Feb 00:00 in Beijing
    plan = SimpleNamespace(starts_at=start, cadence="P3M", ends_at=start + timedelta(days=400))
    got = planning.periods(plan)
    assert len(got) == 5 and got[-1][2] == plan.ends_at
    assert [p[1].astimezone(clock.CHINA).date().isoformat() for p in got[:3]] == ["2025-02-01", "2025-05-01", "2025-08-01"]
    assert all(a[2] == b[1] for a, b in itertools.pairwise(got))  # no gaps, no overlaps
    open_ended = SimpleNamespace(starts_at=start, cadence="P1M", ends_at=None)
    assert len(planning.periods(open_ended, until=start + timedelta(days=70))) == 3


def _plan(app, case_id):
    with app.app_context():
        plan = Plan.query.filter_by(case_id=case_id).one()
        db.session.commit()
        return plan.id


def test_each_notice_once_and_thresholds_are_settings(api, app):
    journey = case_in_creation(api, app, "app-yuncheng")
    import_example(journey.applicant, journey.case_id, "yuncheng", cadence="P1M")
    plan_id = _plan(app, journey.case_id)
    with app.app_context():
        thresholds.put("plan.grace", "P10D", "admin")
        db.session.commit()
        try:
            clock.clock.advance(timedelta(days=32))
            first = reminders.run()
            assert first["opened"] == 78 and len(first["reminded"]) == 25 and first["escalated"] == []
            again = reminders.run()
            assert (again["opened"], again["reminded"], again["escalated"]) == (0, [], [])

            # a unit files between the job's query and its notice: no escalation for it
            report = PlanReport.query.filter_by(plan_id=plan_id, period=1, status="open").first()
            key = (plan_id, report.org_id, 1)
            PlanReport.query.filter_by(plan_id=plan_id, org_id=report.org_id, period=1).update(
                {"status": "submitted", "submitted_at": clock.now(), "submitted_by": "test"})
            db.session.commit()
            clock.clock.advance(timedelta(days=6))
            assert reminders.run()["escalated"] == []  # P10D, not the default P5D
            clock.clock.advance(timedelta(days=5))
            assert reminders._notify(key, reminders.ESCALATION, clock.now()) is None
            result = reminders.run()
            assert len(result["escalated"]) == 24 and report.org_id not in {r["unit_id"] for r in result["escalated"]}
            notes = Notification.query.filter_by(kind="plan_report_escalation").all()
            assert len(notes) == 24 and {n.role for n in notes} == {"applicant"}
            assert all(n.org_id == journey_region(journey, app) for n in notes)
            db.session.commit()
        finally:
            thresholds.put("plan.grace", "P5D", "admin")
            db.session.commit()


def journey_region(journey, app):
    from models import Case
    return db.session.get(Case, journey.case_id).region_id


def test_no_reporting_before_the_creation_stage(api, app):
    from tests.helpers.api_journey import Journey
    journey = Journey(api, "app-yuncheng").apply()
    response = journey.applicant.post(f"/api/v1/cases/{journey.case_id}/plan/import",
                                      json={"example": "yuncheng"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["imported"]["reports_opened"] == 0  # the plan waits for creation
    with app.app_context():
        clock.clock.advance(timedelta(days=200))
        assert reminders.run() == {"opened": 0, "reminded": [], "escalated": []}
        db.session.commit()
