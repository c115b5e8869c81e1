"""A whole lifecycle through the HTTP API: every role's steps, the clock moved as needed.

Walks cases from application to certification and a year of supervision through the API
as the roles would (tests/helpers/api_journey.py, the same walk the API tests take), on a fresh
database. For each task completion it records the wall time of the request, the SQL
statements it sent, and — the baseline, measured inside that same request — the time
SpiffWorkflow spent on the step itself with deserialising and serialising the case
(`instances.load`, `instances.run`, `serializer.dump_workflow`). Prints per task: API ms,
SpiffWorkflow ms, ratio, statements; and per lifecycle: wall time, completions, the
median and max statements per completion, the median ratio, the largest saved state.

Run: `.venv/bin/python bench/lifecycle_walk.py [--runs 3] [--db sqlite|postgresql]`
"""
import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import machine
from tests.helpers.postgres_server import PostgresServer

APPLICANTS = ("app-yuncheng", "app-yongchuan", "app-yangpu", "app-xuchang")


class Meter:
    """Times and counts inside each API completion."""

    def __init__(self):
        self.active, self.statements, self.spiff = False, 0, 0.0
        self.steps = []  # (task, api seconds, spiff seconds, statements)

    def timed(self, fn):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                if self.active:
                    self.spiff += time.perf_counter() - t0
        return wrapper

    def on_statement(self, *_args):
        if self.active:
            self.statements += 1


def walk(api, applicant):
    from tests.helpers.api_journey import SUPERVISION_RECORD, Journey
    j = Journey(api, applicant).to_supervision()
    j.do(j.samr, "supervision_check", SUPERVISION_RECORD)
    j.do(j.samr, "supervision_decision", {"decision": "none"})
    j.do(j.province, "province_supervision", SUPERVISION_RECORD)
    j.do(j.samr, "supervision_decision_province", {"decision": "none"})
    return j.case_id


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, choices=range(1, len(APPLICANTS) + 1))
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    server = PostgresServer() if args.db == "postgresql" else None
    url = server.start() if server else f"sqlite:///{tempfile.mkdtemp()}/walk.sqlite"
    try:
        run(url, args)
    finally:
        if server:
            server.stop()


def run(url, args):
    app, engine = _app(url)
    meter = _metered(engine)
    walls, per_run, sizes = _walk_all(app, meter, args.runs)
    _report(args, meter.steps, walls, per_run, sizes)


def _app(url):
    """The app on a fresh database with the demo data; (app, its SQLAlchemy engine)."""
    from models import db
    from tests.conftest import cover_calendar_until
    from web import create_app
    from web.cli import init_db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ADJUSTABLE_CLOCK": True, "TESTING": True,
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        init_db(with_demo=True)
        cover_calendar_until(2040)
        return app, db.engine


def _metered(engine):
    """A Meter counting the engine's SQL statements and timing SpiffWorkflow's load, run and
    dump (patched for the rest of the process)."""
    from sqlalchemy import event

    from engine.runtime import instances, serializer

    meter = Meter()
    event.listen(engine, "before_cursor_execute", meter.on_statement)
    instances.load, instances.run = meter.timed(instances.load), meter.timed(instances.run)
    serializer.dump_workflow = meter.timed(serializer.dump_workflow)
    return meter


def _measured_completion(meter):
    """A stand-in for tests.helpers.api_journey.complete that records each completion in `meter`."""
    from tests.helpers import api_journey

    def measured(user, name, case_id, data, expect=200):
        task = api_journey.open_task(user, name, case_id)  # finding the task is not part of completing it
        meter.active, meter.statements, meter.spiff = True, 0, 0.0
        t0 = time.perf_counter()
        response = user.post(f"/api/v1/tasks/{task['id']}/complete", json=data)
        elapsed = time.perf_counter() - t0
        meter.active = False
        assert response.status_code == expect, response.get_json()
        meter.steps.append((name, elapsed, meter.spiff, meter.statements))
        return response.get_json()
    return measured


def _walk_all(app, meter, runs):
    """One lifecycle per applicant, the clock reset before each: (wall times, completions per
    run, saved state sizes)."""
    from engine import clock
    from models import Case, db
    from tests.conftest import ApiClient
    from tests.helpers import api_journey

    complete, api_journey.complete = api_journey.complete, _measured_completion(meter)
    client = app.test_client()
    walls, per_run, sizes = [], [], []
    try:
        for applicant in APPLICANTS[:runs]:
            with app.app_context():
                clock.clock.reset()
            first = len(meter.steps)
            t0 = time.perf_counter()
            case_id = walk(lambda username: ApiClient(client, username), applicant)
            walls.append(time.perf_counter() - t0)
            per_run.append(len(meter.steps) - first)
            with app.app_context():
                sizes.append(len(db.session.get(Case, case_id).state_json))
    finally:
        api_journey.complete = complete
    return walls, per_run, sizes


def _report(args, steps, walls, per_run, sizes):
    by_task = defaultdict(list)
    for name, api_s, spiff_s, statements in steps:
        by_task[name].append((api_s, spiff_s, statements))
    print(f"full lifecycle through the API ({args.db}), {args.runs} runs; {machine()}")
    print(f"{'task':<32}{'n':>4}{'API ms':>9}{'Spiff ms':>10}{'× Spiff':>9}{'SQL':>6}")
    for name, rows in by_task.items():
        api_ms = statistics.median(r[0] for r in rows) * 1000
        spiff_ms = statistics.median(r[1] for r in rows) * 1000
        sql = statistics.median(r[2] for r in rows)
        print(f"{name:<32}{len(rows):>4}{api_ms:>9.2f}{spiff_ms:>10.2f}{api_ms / spiff_ms:>9.1f}{sql:>6g}")
    ratios = [a / s for _, a, s, _ in steps if s]
    statements = [n for *_, n in steps]
    print(f"lifecycle wall time (median): {statistics.median(walls):.2f} s for {statistics.median(per_run):g} "
          f"task completions (the walk's other requests — finding tasks, moving the clock — included)")
    print(f"SQL statements per completion: median {statistics.median(statements):g}, max {max(statements)}")
    print(f"API completion ÷ SpiffWorkflow step with (de)serialise, same request: median {statistics.median(ratios):.1f}×, "
          f"range {min(ratios):.1f}–{max(ratios):.1f}×")
    print(f"saved state in supervision: {max(sizes) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
