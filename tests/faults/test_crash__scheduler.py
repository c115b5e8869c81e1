"""The scheduler killed in the middle of a batch: a real `flask scheduler` process is firing
the amendment deadlines of 200 cases when it gets SIGKILL (once a quarter have fired); a
new scheduler started after it fires the rest. Every case fires exactly once and is consistent (saved workflow and inbox
rows agree), whether it was fired before the kill, during it, or after the restart.
Both databases: SQLite hands over through the row lease, PostgreSQL through the advisory lock.
"""
import pytest
from sqlalchemy import create_engine, text

from engine import clock
from models import Case, db
from tests.helpers.api_journey import Journey
from tests.helpers.case_clones import clone
from tests.helpers.case_consistency import shape
from tests.helpers.scheduler_harness import SchedulerProcess, fired_counts, wait_for

pytestmark = pytest.mark.faults

CASES = 200
RETURN = {"decision": "return", "reasons": "请补充证明材料", "amend_deadline": "2030-01-31"}


def fired_so_far(url, _engines=None):
    """Timer firings committed so far, read on a connection of its own that never takes
    SQLite's write lock (the app's sessions begin IMMEDIATE and would queue behind the batch)."""
    if _engines is None:
        _engines = {}
    engine = _engines.setdefault(url, create_engine(url))
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'timer_fired'")).scalar()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def test_a_scheduler_killed_mid_batch_loses_and_repeats_nothing(app, api, database_url, ctx):
    template = Journey(api).apply().review(**RETURN)
    case_ids = [template.case_id] + [case_id for case_id, _ in clone(template.case_id, CASES - 1)]
    expected_end = None
    first = SchedulerProcess(database_url, "mid-batch", lease_ttl=2.0)
    try:
        clock.clock.set(clock.now().replace(year=2030, month=2, day=2))  # every deadline has passed
        assert wait_for(lambda: fired_so_far(database_url) >= CASES // 4, timeout=60, step=0.002), first.output()
        first.kill()
        at_kill = fired_counts()
        assert len(at_kill) < CASES, "the batch finished before the kill: make it larger"
    finally:
        first.stop()

    second = SchedulerProcess(database_url, "after-kill", lease_ttl=2.0)
    try:
        assert wait_for(lambda: len(fired_counts()) == CASES, timeout=120), second.output()
    finally:
        second.stop()
    assert fired_counts() == dict.fromkeys(case_ids, 1)
    for case_id in case_ids[1:]:  # the copies: the same rows and history as one another
        found = shape(app, case_id)
        expected_end = expected_end or found
        assert found == expected_end, f"case {case_id} differs from case {case_ids[1]}"
    assert expected_end["stage"] == "withdrawn" and not expected_end["next_timer"]
    assert expected_end["history"] == [("scheduler", "task_cancelled", "amendment"), ("scheduler", "timer_fired", None)]
    original = shape(app, template.case_id)  # the case the copies came from: its own past, then the same
    assert original["history"][-2:] == expected_end["history"] and original["stage"] == "withdrawn"
    assert db.session.query(Case).filter(Case.id.in_(case_ids), Case.status != "closed").count() == 0
    print(f"\n{len(at_kill)} of {CASES} cases fired before the kill, the rest after the restart")
