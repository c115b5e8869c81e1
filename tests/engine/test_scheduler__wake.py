"""One wake-up of the scheduler: fires only what is due, reports the next due time, and
ignores cases held for an administrator (they must not keep it awake)."""
from datetime import timedelta

import pytest

from engine import clock
from engine.scheduling import scheduler
from models import Case, JobRun, db
from tests.helpers.scheduler_harness import deploy_test_diagram, fired_counts, remove_test_diagram, start_case


@pytest.fixture
def ctx(app):
    with app.app_context():
        deploy_test_diagram()
        yield app
        remove_test_diagram()


def test_wake_fires_only_what_is_due_and_returns_the_next_due_time(ctx):
    early, late = start_case("app-yuncheng"), start_case("app-yangpu")
    late_due = db.session.get(Case, late).next_timer_at
    db.session.get(Case, late).next_timer_at = late_due + timedelta(days=1)  # as if it were later
    db.session.commit()
    early_due = db.session.get(Case, early).next_timer_at
    runner = scheduler.Scheduler(ctx.app_context, holder="test")
    assert runner.wake() == early_due and fired_counts() == {}
    clock.clock.set(early_due + timedelta(seconds=1))
    assert runner.wake() == late_due + timedelta(days=1)
    assert fired_counts() == {early: 1}
    run = JobRun.query.filter_by(job="timers", holder="test").order_by(JobRun.id.desc()).first()
    assert run.outcome == "ok" and run.detail["cases"] == [early] and run.detail["max_lag_s"] < 5


def test_held_cases_neither_fire_nor_keep_the_scheduler_awake(ctx):
    case_id = start_case()
    due = db.session.get(Case, case_id).next_timer_at
    db.session.get(Case, case_id).hold = "errored"
    db.session.commit()
    clock.clock.set(due + timedelta(seconds=1))
    assert scheduler.next_due() is None
    assert scheduler.Scheduler(ctx.app_context, holder="test").wake() is None
    assert fired_counts() == {}
