"""Helpers of the scheduler tests: the test diagram, cases on it, a scheduler thread,
and scheduler processes."""
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select

from engine.scheduling.scheduler import Scheduler
from models import AuditEvent, Round, db
from tests.helpers import engine_diagrams

ROOT = Path(__file__).resolve().parents[2]
DIAGRAM = engine_diagrams.DIAGRAMS / "scheduler_deadlines.bpmn"
KEY = "scheduler_deadlines"
FORMS = engine_diagrams.FORMS


def deploy_test_diagram():
    engine_diagrams.deploy(DIAGRAM.name)


def remove_test_diagram():
    engine_diagrams.remove(KEY)


def start_case(username="app-yuncheng", key=KEY, round_id=None):
    return engine_diagrams.start_case(key, username, round_id)


def open_round(opens, closes):
    """An application round open at other times than the demo round (e.g. in 2024)."""
    round_ = Round(kind="application", name=f"test round {opens:%Y-%m-%d}", opens_at=opens, closes_at=closes)
    db.session.add(round_)
    db.session.commit()
    return round_.id


def fired_counts():
    """{case_id: number of timer_fired events} from the audit table."""
    rows = db.session.execute(select(AuditEvent.case_id, func.count()).where(
        AuditEvent.action == "timer_fired").group_by(AuditEvent.case_id)).all()
    db.session.commit()
    return dict(rows)


@contextmanager
def scheduler_thread(app, poll=0.2):
    runner = Scheduler(app.app_context, holder=f"thread-{threading.get_ident()}", poll=poll,
                       lease_ttl=5.0, standby_poll=0.2)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    try:
        yield runner
    finally:
        runner.stop()
        thread.join(20)
        assert not thread.is_alive(), "scheduler thread did not stop"


def wait_for(predicate, timeout=10.0, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


class SchedulerProcess:
    """`flask --app wsgi scheduler` as a real process on the test database."""

    def __init__(self, database_url, name, lease_ttl=3.0):
        env = {**os.environ, "DATABASE_URL": database_url, "ADJUSTABLE_CLOCK": "1",
               "SECRET_KEY": "test-secret", "PYTHONUNBUFFERED": "1"}
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"dzbpm-scheduler-{name}-{os.getpid()}.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "scheduler", "--poll", "0.5",
             "--lease-ttl", str(lease_ttl)], cwd=ROOT, env=env,
            stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        self.holder_suffix = f":{self.proc.pid}"

    def output(self):
        return self.log.read_text(errors="replace")

    def kill(self):
        self.proc.kill()
        self.proc.wait(10)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.send_signal(signal.SIGUSR1)  # stacks into the log, for the failure message
                time.sleep(0.5)
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode
