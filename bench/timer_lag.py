"""Timer lag and the cost of a scheduler wake-up.

1. Lag: N instances (default 1000) of a one-timer diagram, due over a 10-second
   window a few seconds ahead; a real scheduler process (`flask --app wsgi scheduler`)
   fires them. Lag = when the audit event `timer_fired` was written − the due time,
   wall clock (the real clock, not the adjustable one). Prints median, p95 and max.
2. Wake-up: 10,000 waiting instances of which 10 are due; one `Scheduler.wake()`
   (indexed due query, fire the 10 under their row locks, indexed MIN for the next
   due) timed in-process, then an idle wake-up (nothing due: two indexed queries).

Run: `.venv/bin/python bench/timer_lag.py [--db sqlite|postgresql] [-n 1000] [--waiting 10000]`
(`--db postgresql` starts a throw-away PostgreSQL 15 server like the tests do).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DIAGRAM = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="bench_defs"
                  targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="bench_timer" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:timerEventDefinition id="t"><bpmn:timeDate>due</bpmn:timeDate></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>"""


def setup_database(kind):
    if kind == "sqlite":
        return f"sqlite:///{tempfile.mkdtemp(prefix='dzbpm-bench-')}/bench.sqlite", None
    from tests.helpers.postgres_server import PostgresServer
    server = PostgresServer()
    return server.start(), server


def make_app(url):
    os.environ["DATABASE_URL"] = url
    from engine.definitions import registry
    from models import db
    from web import create_app
    from web.cli import init_db
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ADJUSTABLE_CLOCK": False})
    with app.app_context():
        init_db(with_demo=True)
        registry.deploy({"bench_timer.bpmn": DIAGRAM}, {}, "bench")
        db.session.commit()
    return app


def new_case(definition, region, due):
    """A waiting instance, saved like the engine saves every case (NOTIFY included)."""
    from engine.runtime import instances
    from models import Case, db
    now = datetime.now(UTC)
    case = Case(region_id=region.id, province_id=region.province.id, definition_id=definition.id,
                stage="bench", status="waiting", state_json="{}", created_at=now, updated_at=now,
                created_by="bench")
    db.session.add(case)
    db.session.flush()
    workflow = instances.new(definition)
    instances.start_task(workflow).data.update(due=due.isoformat())  # scripts see task data
    instances.run(workflow)
    instances.save(case, workflow, "bench")
    return case


def lag_run(app, url, n, window):
    from engine.definitions import registry
    from models import AuditEvent, Org, db
    with app.app_context():
        definition = registry.latest("bench_timer")
        region = Org.query.filter_by(code="yuncheng").one()
        first_due = datetime.now(UTC) + timedelta(seconds=8 + n * 0.004)
        dues = [first_due + timedelta(seconds=window * i / n) for i in range(n)]
        t0 = time.perf_counter()
        for due in dues:
            new_case(definition, region, due)
            db.session.commit()
        created = time.perf_counter() - t0
        if datetime.now(UTC) > first_due:
            print(f"warning: creating {n} instances took {created:.1f}s, past the first due time")
    env = {**os.environ, "DATABASE_URL": url, "ADJUSTABLE_CLOCK": "0", "PYTHONUNBUFFERED": "1"}
    env.pop("FLASK_APP", None)
    log = open(Path(tempfile.gettempdir()) / "dzbpm-bench-scheduler.log", "w")  # noqa: SIM115  (the scheduler child writes it until stopped)
    scheduler = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "scheduler"],
                                 cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 8 + n * 0.004 + window + 60
        with app.app_context():
            while time.monotonic() < deadline:
                fired = AuditEvent.query.filter_by(action="timer_fired").count()
                db.session.commit()
                if fired >= n:
                    break
                time.sleep(0.5)
            events = AuditEvent.query.filter_by(action="timer_fired").all()
            lags = [(e.at - datetime.fromisoformat(e.detail["due_at"])).total_seconds() for e in events]
            db.session.commit()
    finally:
        scheduler.terminate()
        scheduler.wait(20)
    return created, lags


def wake_run(app, waiting, due_count):
    from sqlalchemy import insert

    from engine.definitions import registry
    from engine.scheduling import scheduler
    from models import Case, Org, db
    with app.app_context():
        definition = registry.latest("bench_timer")
        region = Org.query.filter_by(code="yuncheng").one()
        far = new_case(definition, region, datetime.now(UTC) + timedelta(days=365))
        near = new_case(definition, region, datetime.now(UTC) + timedelta(seconds=2))
        db.session.commit()
        templates = {c.id: {k: getattr(c, k) for k in (
            "region_id", "province_id", "definition_id", "stage", "status", "state_json",
            "next_timer_at", "created_at", "updated_at", "created_by")} for c in (far, near)}
        rows = [dict(templates[near.id if i < due_count - 1 else far.id], lock_version=1)
                for i in range(waiting - 2)]
        db.session.execute(insert(Case), rows)
        db.session.commit()
        waiting_total = Case.query.filter(Case.next_timer_at.isnot(None)).count()
        db.session.commit()
    time.sleep(2.2)
    runner = scheduler.Scheduler(app.app_context, holder="bench")
    with app.app_context():
        due_now = Case.query.filter(Case.next_timer_at <= datetime.now(UTC)).count()
        db.session.commit()
        t0 = time.perf_counter()
        runner.wake()
        busy = time.perf_counter() - t0
        left = Case.query.filter(Case.next_timer_at <= datetime.now(UTC)).count()
        db.session.commit()
        idle = []
        for _ in range(20):
            t0 = time.perf_counter()
            runner.wake()
            idle.append(time.perf_counter() - t0)
    return waiting_total, due_now, left, busy, statistics.median(idle)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("-n", type=int, default=1000, help="timers for the lag measurement")
    parser.add_argument("--window", type=float, default=10.0, help="seconds the due times spread over")
    parser.add_argument("--waiting", type=int, default=10000)
    parser.add_argument("--due", type=int, default=10)
    args = parser.parse_args()

    url, server = setup_database(args.db)
    try:
        app = make_app(url)
        created, lags = lag_run(app, url, args.n, args.window)
        lags.sort()
        print(f"database: {args.db}")
        print(f"lag over {len(lags)} of {args.n} timers due within {args.window:g} s "
              f"(created in {created:.1f} s): median {statistics.median(lags) * 1000:.1f} ms, "
              f"p95 {lags[int(len(lags) * 0.95) - 1] * 1000:.1f} ms, max {lags[-1] * 1000:.1f} ms, "
              f"min {lags[0] * 1000:.1f} ms")
        app = make_app(setup_database("sqlite")[0]) if args.db == "sqlite" else app
        total, due_now, left, busy, idle = wake_run(app, args.waiting, args.due)
        print(f"wake-up with {total} waiting instances, {due_now} due: {busy * 1000:.1f} ms "
              f"(fired {due_now - left}); idle wake-up (nothing due): {idle * 1000:.2f} ms")
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
