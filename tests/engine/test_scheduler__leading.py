"""The active scheduler (the lease holder) runs the periodic jobs — escalation, supervision,
plan reminders — as soon as it leads; a standby runs none and takes over once the holder's
lease lapses. Between wake-ups it sleeps until the next timer (capped by its poll); a case
whose timer step failed is tried again only after a back-off."""
import threading
from datetime import timedelta

import pytest

from engine import clock
from engine.scheduling import lease, scheduler
from models import Case, JobRun, SchedulerJob, SchedulerLease, db
from tests.helpers.scheduler_harness import (
    deploy_test_diagram,
    fired_counts,
    remove_test_diagram,
    start_case,
    wait_for,
)

PERIODIC_SHOWN = {"escalation", "supervision", "plans"}


@pytest.fixture
def ctx(app):
    with app.app_context():
        JobRun.query.delete()
        SchedulerLease.query.delete()  # nobody leads
        db.session.commit()
        deploy_test_diagram()
        yield app
        db.session.rollback()
        remove_test_diagram()
        SchedulerLease.query.delete()
        db.session.commit()


def _jobs_run_by(holder):
    jobs = {r.job for r in JobRun.query.filter_by(holder=holder)}
    db.session.commit()
    return jobs


def _running(app, holder, lease_ttl=2.0):
    runner = scheduler.Scheduler(app.app_context, holder=holder, poll=0.2, lease_ttl=lease_ttl, standby_poll=0.1)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    return runner, thread


def _stop(runner, thread):
    runner.stop()
    thread.join(20)
    assert not thread.is_alive()


def test_the_active_scheduler_runs_its_periodic_jobs_at_once_and_a_standby_none(ctx):
    other = lease.for_database("other-host:1", ttl=60.0)
    assert other.acquire()  # another scheduler leads
    standby, thread = _running(ctx, "standby-host:2")
    try:
        threading.Event().wait(1.5)  # it has started and polled the lease many times
        assert not standby.leading and _jobs_run_by("standby-host:2") == set()
        other.release()  # the holder goes: the standby takes over and catches up at once
        assert wait_for(lambda: _jobs_run_by("standby-host:2") >= PERIODIC_SHOWN, 15)
        assert standby.leading
        runs = JobRun.query.filter_by(holder="standby-host:2", job="escalation").all()
        assert runs and all(r.outcome == "ok" for r in runs)
        shown = db.session.get(SchedulerJob, "escalation")
        assert shown.holder == "standby-host:2" and shown.trigger == "every 60 s"
        db.session.commit()
    finally:
        _stop(standby, thread)


def test_a_lease_no_one_renews_is_taken_over_after_its_ttl(ctx):
    dead = lease.for_database("dead-host:1", ttl=1.0)
    assert dead.acquire()  # then its process dies: nobody renews or releases it
    if isinstance(dead, lease.AdvisoryLease):  # PostgreSQL: a dead process's connection closes,
        dead.conn.close()                      # and its advisory lock goes with it
    runner = scheduler.Scheduler(ctx.app_context, holder="heir:2", poll=0.2, lease_ttl=5.0, standby_poll=0.1)
    runner._lease = lease.for_database(runner.holder, runner.lease_ttl)
    runner.poll = 1.0
    runner._aps.start(paused=True)
    try:
        if not isinstance(dead, lease.AdvisoryLease):  # a row lease is held until its TTL runs out
            assert runner._step() == runner.standby_poll and not runner.leading
        assert wait_for(lambda: runner._step() != runner.standby_poll, 5)
        assert runner.leading and db.session.get(SchedulerJob, "timers").holder == "heir:2"
    finally:
        runner._aps.shutdown(wait=False)
        runner._lease.release()
        dead.release()


@pytest.fixture
def stepper(ctx):
    """A scheduler that leads, stepped by the test (no periodic jobs, no thread)."""
    runner = scheduler.Scheduler(ctx.app_context, holder="stepper:1", poll=5.0, lease_ttl=30.0, standby_poll=0.5)
    runner._lease = lease.for_database(runner.holder, runner.lease_ttl)
    runner._aps.start(paused=True)
    yield runner
    runner._aps.shutdown(wait=False)
    runner._lease.release()


def test_it_sleeps_until_the_next_timer_capped_by_its_poll(stepper):
    assert stepper._step() == 5.0  # nothing due at all: the poll
    case_id = start_case()
    due = db.session.get(Case, case_id).next_timer_at
    clock.clock.set(due - timedelta(seconds=2))
    assert 1.9 < stepper._step() <= 2.01  # two seconds to go: sleep just past them
    clock.clock.set(due - timedelta(hours=1))
    assert stepper._step() == 5.0  # an hour to go: the poll
    clock.clock.set(due + timedelta(seconds=1))
    nap = stepper._step()  # fired; then as long as the case's next timer is away, at most the poll
    assert fired_counts() == {case_id: 1}
    following = db.session.get(Case, case_id).next_timer_at
    assert nap == (5.0 if following is None else min(5.0, (following - clock.now()).total_seconds() + 0.001)) \
        or following - clock.now() < timedelta(seconds=5)


def test_a_standby_polls_the_lease(stepper):
    other = lease.for_database("other-host:1", ttl=60.0)
    assert other.acquire()
    assert stepper._step() == 0.5 and not stepper.leading
    other.release()
    assert stepper._step() == 5.0 and stepper.leading
    assert other.acquire() is False


def test_a_case_whose_timer_fails_is_retried_after_a_back_off_and_the_rest_fire(stepper, monkeypatch):
    monkeypatch.setattr(scheduler, "RETRY_FAILED_CASE", 1.0)
    broken, fine = start_case("app-yuncheng"), start_case("app-yangpu")
    due = max(db.session.get(Case, c).next_timer_at for c in (broken, fine))
    saved = db.session.get(Case, broken).state_json
    db.session.get(Case, broken).state_json = '{"broken": true}'  # its workflow no longer loads
    db.session.commit()
    clock.clock.set(due + timedelta(seconds=1))
    assert stepper._step() == 0.0  # the fine one fired
    assert fired_counts() == {fine: 1}
    failed = JobRun.query.filter_by(job="timers", holder="stepper:1").order_by(JobRun.id.desc()).first()
    assert failed.outcome == "error" and failed.detail["failed"] == [broken] and f"case {broken}" in failed.error
    runs = JobRun.query.count()
    assert stepper._step() == 0.2  # still due but backing off: a short nap, not a busy loop
    assert JobRun.query.count() == runs  # skipped, not failed again
    db.session.get(Case, broken).state_json = saved
    db.session.commit()
    assert stepper.wake() == db.session.get(Case, broken).next_timer_at  # still within the back-off
    assert fired_counts() == {fine: 1}
    threading.Event().wait(1.1)
    stepper.wake()
    assert fired_counts() == {fine: 1, broken: 1}


def test_run_now_records_what_each_job_did_as_the_admin_page_shows_it(ctx):
    old = JobRun(job="timers", holder="gone", started_at=lease.wall_now() - timedelta(days=31), duration_ms=1,
                 outcome="ok", detail={})
    recent = JobRun(job="timers", holder="gone", started_at=lease.wall_now() - timedelta(days=29), duration_ms=1,
                    outcome="ok", detail={})
    db.session.add_all([old, recent])
    db.session.commit()
    old_id, recent_id = old.id, recent.id
    purge = scheduler.run_job("purge_runs", holder="admin")
    assert purge["outcome"] == "ok" and purge["detail"] == {"deleted": 1}
    assert db.session.get(JobRun, old_id) is None and db.session.get(JobRun, recent_id) is not None
    escalation = scheduler.run_job("escalation")
    assert escalation["detail"] == {"reminded": 0, "escalated": 0, "tasks": []}
    calendar = scheduler.run_job("calendar")
    assert calendar["outcome"] == "ok" and calendar["detail"]["covered_until"] >= clock.now().date().isoformat()
    runs = {r.job: r for r in JobRun.query.filter_by(holder="manual")}
    assert set(runs) == {"escalation", "calendar"} and runs["escalation"].detail == escalation["detail"]
    assert JobRun.query.filter_by(holder="admin", job="purge_runs").one().detail == {"deleted": 1}
