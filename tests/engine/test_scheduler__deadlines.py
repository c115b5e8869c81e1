"""BPMN deadlines fired by a running scheduler (a thread here) on the adjustable clock:
a creation period (boundary duration from a variable), a cycle, a 15-day public notice
in calendar days, and the working-day due date of the task that follows it."""
import time
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from engine import clock
from engine.casework import tasks
from engine.clock import CHINA
from models import AuditEvent, Case, HumanTask, User, db
from tests.helpers.scheduler_harness import (
    deploy_test_diagram,
    fired_counts,
    open_round,
    remove_test_diagram,
    scheduler_thread,
    start_case,
    wait_for,
)


@pytest.fixture
def ctx(app):
    with app.app_context():
        deploy_test_diagram()
        yield app
        remove_test_diagram()
        db.session.remove()


def case(case_id):
    """A snapshot of the case; the transaction ends at once (on SQLite an open one would
    hold the write lock the scheduler thread needs)."""
    db.session.expire_all()
    found = db.session.get(Case, case_id)
    snapshot = SimpleNamespace(stage=found.stage, status=found.status,
                               next_timer_at=found.next_timer_at, updated_at=found.updated_at)
    db.session.commit()
    return snapshot


def fired_events(case_id):
    events = AuditEvent.query.filter_by(case_id=case_id, action="timer_fired").order_by(AuditEvent.id).all()
    db.session.commit()
    return events


def test_cycle_and_creation_period_fire_on_time_and_once(ctx):
    case_id = start_case()
    started = case(case_id).updated_at
    first_cycle = case(case_id).next_timer_at
    assert abs(first_cycle - (started + timedelta(days=90))) < timedelta(seconds=1)
    with scheduler_thread(ctx):
        clock.clock.set(first_cycle - timedelta(seconds=0.5))
        assert wait_for(lambda: fired_counts().get(case_id) == 1, timeout=5)
        second_cycle = case(case_id).next_timer_at
        assert second_cycle - first_cycle == timedelta(days=90)

        clock.clock.set(second_cycle + timedelta(seconds=0.1))
        assert wait_for(lambda: fired_counts().get(case_id) == 2, timeout=5)
        creation_end = case(case_id).next_timer_at  # the cycle (R2) is spent: one year after start
        assert abs(creation_end - started.replace(year=started.year + 1)) < timedelta(seconds=1)

        clock.clock.set(creation_end - timedelta(seconds=0.3))
        assert wait_for(lambda: case(case_id).stage == "lapsed", timeout=5)
    events = fired_events(case_id)
    assert len(events) == 3
    for event in events:  # each fired within a second of its due time
        lag = event.at - datetime.fromisoformat(event.detail["due_at"])
        assert timedelta(0) <= lag < timedelta(seconds=1), lag
    assert (case(case_id).status, case(case_id).next_timer_at) == ("closed", None)
    assert HumanTask.query.filter_by(case_id=case_id, completed_at=None).count() == 0


def test_notice_in_calendar_days_then_a_task_due_in_working_days_over_national_day(ctx):
    # 13 Sep 2024: the 15-day notice spans the Mid-autumn holiday (calendar days count) and
    # ends Saturday 28 Sep; the certification task is then due 5 working days later:
    # Sun 29 Sep (swapped working day), Mon 30 Sep, [1–7 Oct National Day], 8, 9, 10 Oct.
    opens = datetime(2024, 9, 1, tzinfo=CHINA)
    clock.clock.set(datetime(2024, 9, 13, 10, 0, tzinfo=CHINA))
    case_id = start_case(round_id=open_round(opens, opens + timedelta(days=60)))
    applicant = User.query.filter_by(username="app-yuncheng").one()
    create = HumanTask.query.filter_by(case_id=case_id, name="create", completed_at=None).one().id
    tasks.complete(applicant, create, {"note": "创建完成"})
    assert case(case_id).stage == "public_notice"
    notice_end = case(case_id).next_timer_at
    assert notice_end.astimezone(CHINA).replace(microsecond=0) == datetime(2024, 9, 28, 10, 0, tzinfo=CHINA)

    with scheduler_thread(ctx):
        clock.clock.set(notice_end - timedelta(minutes=1))
        assert not wait_for(lambda: fired_counts().get(case_id), timeout=1.5)
        clock.clock.set(notice_end + timedelta(milliseconds=100))
        assert wait_for(lambda: case(case_id).stage == "certification", timeout=5)
    assert fired_counts()[case_id] == 1
    certify = HumanTask.query.filter_by(case_id=case_id, name="certify", completed_at=None).one()
    assert certify.due_at == datetime(2024, 10, 10, 23, 59, 59, tzinfo=CHINA)


def test_postgresql_notify_wakes_a_sleeping_scheduler(ctx, database_url):
    """A long poll: only NOTIFY (a clock move here) can wake the scheduler in time."""
    if not database_url.startswith("postgresql"):
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite polls")
    case_id = start_case()
    due = case(case_id).next_timer_at
    with scheduler_thread(ctx, poll=30.0):
        time.sleep(0.5)  # asleep now, until the far-away due time or the poll
        clock.clock.set(due - timedelta(seconds=0.3))
        assert wait_for(lambda: fired_counts().get(case_id) == 1, timeout=3)


def test_save_notifies_when_the_next_timer_becomes_earlier(ctx, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite polls")
    import psycopg
    from sqlalchemy.engine import make_url

    from engine import wakeup
    url = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as listener:
        listener.execute(f"LISTEN {wakeup.CHANNEL}")
        case_id = start_case()
        payloads = [n.payload for n in listener.notifies(timeout=1.0, stop_after=1)]
    assert payloads == [f"timer {case(case_id).next_timer_at.isoformat()}"]
