"""Real scheduler processes (`flask --app wsgi scheduler`) on the test database:
a restart fires what fell due while it was down, once; two schedulers and two web
workers (threads calling POST /api/v1/admin/timers/run) fire every timer exactly once,
and the standby takes over when the active one is killed. Checked in the audit table."""
import threading
import time
from datetime import timedelta

import pytest

from engine import clock
from models import JobRun, SchedulerLease, db
from tests.helpers.scheduler_harness import (
    SchedulerProcess,
    deploy_test_diagram,
    fired_counts,
    open_round,
    remove_test_diagram,
    start_case,
    wait_for,
)

CYCLE = timedelta(days=90)  # the test diagram's first timer: a cycle R2/P90D


@pytest.fixture
def ctx(app, database_url):
    with app.app_context():
        deploy_test_diagram()
        processes = []

        def spawn(name):
            process = SchedulerProcess(database_url, name, lease_ttl=2.0)
            processes.append(process)
            return process
        yield spawn
        for process in processes:
            process.stop()
        remove_test_diagram()
        db.session.remove()


def active_holder():
    row = db.session.get(SchedulerLease, "scheduler")
    holder = row.holder if row is not None and row.expires_at > _wall_now() else None
    db.session.commit()
    return holder


def _wall_now():
    from engine.scheduling.lease import wall_now
    return wall_now()


def is_active(process):
    return (active_holder() or "").endswith(process.holder_suffix)


def timer_runs(after=None):
    q = JobRun.query.filter(JobRun.job == "timers")
    if after is not None:
        q = q.filter(JobRun.started_at > after)
    runs = [(r.holder, r.detail) for r in q.order_by(JobRun.id)]
    db.session.commit()
    return runs


def test_restart_fires_what_fell_due_while_down_exactly_once(ctx):
    case_ids = [start_case(user) for user in ("app-yuncheng", "app-yangpu", "app-xuchang")]
    first = ctx("first")
    assert wait_for(lambda: is_active(first), timeout=20), first.output()
    assert first.stop() == 0, first.output()

    started_at = _wall_now()
    clock.clock.advance(CYCLE + timedelta(hours=1))  # due while no scheduler runs
    time.sleep(0.5)
    assert fired_counts() == {}

    second = ctx("second")
    assert wait_for(lambda: fired_counts() == dict.fromkeys(case_ids, 1), timeout=20), second.output()
    runs = wait_for(lambda: timer_runs(started_at), timeout=10)  # recorded after the pass
    assert runs and runs[0][1]["catch_up"] is True and runs[0][0].endswith(second.holder_suffix)
    assert second.stop() == 0, second.output()

    third = ctx("third")  # a restart with nothing due fires nothing again
    assert wait_for(lambda: is_active(third), timeout=20), third.output()
    time.sleep(1.5)
    assert fired_counts() == dict.fromkeys(case_ids, 1)
    assert third.stop() == 0


def test_two_schedulers_and_two_web_workers_fire_each_timer_once_and_the_standby_takes_over(ctx, app, api):
    users = ["app-yuncheng", "app-yangpu", "app-xuchang", "app-yongchuan"]
    now = clock.now()
    rounds = [None] + [open_round(now - timedelta(days=1), now + timedelta(days=400)) for _ in range(2)]
    case_ids = [start_case(user, round_id=r) for r in rounds for user in users]  # one per region and round
    a, b = ctx("a"), ctx("b")
    assert wait_for(lambda: active_holder() is not None, timeout=20), a.output() + b.output()
    active, standby = (a, b) if is_active(a) else (b, a)
    assert is_active(active) and not is_active(standby)

    stop_workers = threading.Event()
    worker_errors = []
    token = api("admin").headers

    def web_worker():
        client = app.test_client()
        while not stop_workers.is_set():
            response = client.post("/api/v1/admin/timers/run", headers=token)
            if response.status_code != 200:
                worker_errors.append(response.get_json())
            time.sleep(0.01)

    workers = [threading.Thread(target=web_worker) for _ in range(2)]
    for worker in workers:
        worker.start()
    try:  # batch 1: both schedulers and both web workers race for the same timers
        clock.clock.advance(CYCLE + timedelta(seconds=1))
        assert wait_for(lambda: fired_counts() == dict.fromkeys(case_ids, 1), timeout=15), active.output()
    finally:
        stop_workers.set()
        for worker in workers:
            worker.join(10)
    assert worker_errors == []

    # batch 2: the active scheduler dies; the standby must take over and fire alone
    active.kill()  # SIGKILL: no goodbye, the lease (advisory lock or row) must be taken over
    killed_at = _wall_now()
    clock.clock.advance(CYCLE)
    assert wait_for(lambda: is_active(standby), timeout=15), standby.output()
    assert wait_for(lambda: fired_counts() == dict.fromkeys(case_ids, 2), timeout=15), standby.output()
    time.sleep(1.0)
    assert fired_counts() == dict.fromkeys(case_ids, 2)  # never twice, none lost
    runs = wait_for(lambda: timer_runs(killed_at), timeout=10)  # recorded after the pass
    assert runs and all(holder.endswith(standby.holder_suffix) for holder, _ in runs)
    assert sum(detail["fired"] for _, detail in runs) == len(case_ids)
    assert standby.stop() == 0, standby.output()


def test_standby_does_nothing_while_the_active_one_runs(ctx):
    case_id = start_case()
    began = _wall_now()
    a = ctx("solo-a")
    assert wait_for(lambda: is_active(a), timeout=20), a.output()
    b = ctx("solo-b")
    time.sleep(3.0)  # b has started and polls the lease
    assert is_active(a) and "standing by" not in b.output()
    assert "is active" not in b.output(), b.output()
    clock.clock.advance(CYCLE + timedelta(seconds=1))
    assert wait_for(lambda: fired_counts() == {case_id: 1}, timeout=10)
    runs = wait_for(lambda: timer_runs(began), timeout=10)  # recorded after the pass
    assert runs and all(holder.endswith(a.holder_suffix) for holder, _ in runs)
