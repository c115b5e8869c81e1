"""A due timer fires once: the case is re-checked under its lock, so a second scheduler (or a
web worker's 'run timers') that selected it too, or a timer moved after selection, fires
nothing; closed and held cases wait."""
from datetime import timedelta

import pytest

from engine import clock
from engine.scheduling import scheduler, timers
from models import AuditEvent, Case, db
from tests.helpers.scheduler_harness import deploy_test_diagram, fired_counts, remove_test_diagram, start_case


@pytest.fixture
def ctx(app):
    with app.app_context():
        deploy_test_diagram()
        yield app
        remove_test_diagram()


def _due(case_id):
    return db.session.get(Case, case_id).next_timer_at


def test_two_schedulers_that_both_selected_a_due_case_fire_it_once(ctx):
    case_id = start_case()
    due = _due(case_id)
    clock.clock.set(due + timedelta(seconds=1))
    now = clock.now()
    assert timers.due_case_ids(now) == [case_id]  # both see it due
    first, second = timers.fire(case_id, now), timers.fire(case_id, now)
    assert first["case_id"] == case_id and first["due_at"] == due.isoformat() and second is None
    assert fired_counts() == {case_id: 1}
    a, b = (scheduler.Scheduler(ctx.app_context, holder=h) for h in ("a", "b"))
    a.wake(), b.wake()
    assert fired_counts() == {case_id: 1}


def test_a_timer_moved_later_after_selection_does_not_fire(ctx):
    case_id = start_case()
    due = _due(case_id)
    now = due + timedelta(seconds=1)
    assert timers.due_case_ids(now) == [case_id]
    db.session.get(Case, case_id).next_timer_at = due + timedelta(days=1)  # e.g. an extension saved meanwhile
    db.session.commit()
    assert timers.fire(case_id, now) is None
    assert fired_counts() == {}


def test_a_case_whose_timers_are_gone_after_selection_does_not_fire(ctx):
    case_id = start_case()
    due = _due(case_id)
    db.session.get(Case, case_id).next_timer_at = None
    db.session.commit()
    assert timers.fire(case_id, due + timedelta(seconds=1)) is None
    assert fired_counts() == {}


def test_a_timer_fires_at_its_due_moment_not_before(ctx):
    case_id = start_case()
    due = _due(case_id)
    stage = db.session.get(Case, case_id).stage
    assert timers.due_case_ids(due - timedelta(seconds=1)) == []
    assert timers.run_due(due - timedelta(seconds=1)) == []
    assert timers.fire(case_id, due - timedelta(microseconds=1)) is None
    fired = timers.run_due(due)
    assert [f["case_id"] for f in fired] == [case_id]
    event = AuditEvent.query.filter_by(case_id=case_id, action="timer_fired").one()
    assert event.actor == "scheduler" and event.detail["due_at"] == due.isoformat()
    assert event.detail["stage_before"] == fired[0]["stage_before"] == stage
    assert event.detail["stage_after"] == db.session.get(Case, case_id).stage


def test_due_cases_come_earliest_first_and_closed_or_held_ones_wait(ctx):
    late, early, held, closed = (start_case(u) for u in ("app-yuncheng", "app-yangpu", "app-xuchang", "app-yongchuan"))
    base = _due(early)
    for offset, case_id in enumerate((late, held, closed), start=1):
        db.session.get(Case, case_id).next_timer_at = base - timedelta(minutes=offset)
    db.session.get(Case, early).next_timer_at = base - timedelta(minutes=1, seconds=30)
    db.session.get(Case, held).hold = "suspended"
    db.session.get(Case, closed).status = "closed"
    db.session.commit()
    assert early > late  # started later, due earlier: the order is the due time's, not the start's
    assert timers.due_case_ids(base) == [early, late]  # late is due 1 min before base, early 1.5 min
    assert [f["case_id"] for f in timers.run_due(base)] == [early, late]
    assert set(fired_counts()) == {early, late}
