"""Crash safety: a process killed with SIGKILL while it completes a task or fires a timer
leaves the case exactly before or exactly after the step — workflow state, inbox rows and
audit trail together — and what it left undone is done once, by the next process.

For each scenario a child process (tests/helpers/crash_child.py) takes the step on a fresh
case and kills itself before its 1st, 2nd, … SQL statement, just before COMMIT and just
after it, until a run gets through unkilled; the kill points therefore cover every
statement the step sends. After each kill this process (a restart, as far as the database
can tell) checks the case, then takes the step itself: the case must end exactly as an
undisturbed run leaves it, with one completion or one firing in its history.
Runs on the suite's database: SQLite in the first pass of `make test`, PostgreSQL in the second.
"""
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from engine import clock
from engine.scheduling import timers
from tests.helpers.api_journey import Journey, open_task
from tests.helpers.case_consistency import shape
from web.extensions import limiter

pytestmark = pytest.mark.faults

CHILD = Path(__file__).resolve().parents[1] / "helpers" / "crash_child.py"
REVIEW = {"decision": "pass", "reasons": "材料齐全"}
RETURN = {"decision": "return", "reasons": "请补充证明材料", "amend_deadline": "2030-01-31"}
PAST_DEADLINE = "2030-02-02T00:00:00+08:00"
MAX_POINTS = 60  # a step that sends more statements than this is a finding in itself


def child(url, kill_at, *operation):
    result = subprocess.run([sys.executable, str(CHILD), url, str(kill_at), *operation],
                            capture_output=True, text=True, timeout=300)
    if result.returncode == -signal.SIGKILL:
        return None
    assert result.returncode == 0, result.stderr[-3000:]
    return int(result.stdout.split()[-1])


class Scenario:
    """A step on a fresh case: `prepare` makes the case wait for it, `take_in_child` and
    `take_here` take it, `close` ends the case so that the region may apply again."""

    def __init__(self, app, api, url):
        self.app, self.api, self.url = app, api, url

    def new_journey(self):
        limiter.reset()  # three sign-ins per fresh case: more than a minute's allowance
        return Journey(self.api)


class Completion(Scenario):
    def prepare(self):
        self.journey = self.new_journey().apply()
        self.task = open_task(self.journey.province, "initial_review", self.journey.case_id)
        return self.journey.case_id

    def take_in_child(self, kill_at):
        token = self.journey.province.headers["Authorization"][7:]
        return child(self.url, kill_at, "complete", str(self.task["id"]), token, json.dumps(REVIEW))

    def take_here(self):
        response = self.journey.province.post(f"/api/v1/tasks/{self.task['id']}/complete", json=REVIEW)
        return response.status_code

    def done_count(self, history):
        return history.count(("prov-shanxi", "task_completed", "initial_review"))

    def close(self):
        self.journey.do(self.journey.province, "recommendation", {"decision": "not_recommend", "reasons": "测试"})


class TimerFiring(Scenario):
    def prepare(self):
        with self.app.app_context():
            clock.clock.reset()
        self.journey = self.new_journey().apply().review(**RETURN)
        assert self.journey.samr.post("/api/v1/admin/clock", json={"set": PAST_DEADLINE}).status_code == 200
        return self.journey.case_id

    def take_in_child(self, kill_at):
        return child(self.url, kill_at, "timers")

    def take_here(self):
        with self.app.app_context():
            return len(timers.run_due())

    def done_count(self, history):
        return history.count(("scheduler", "timer_fired", None))

    def close(self):
        with self.app.app_context():
            clock.clock.reset()


def kill_everywhere(scenario):
    """Returns the number of kill points tried; asserts at each of them."""
    case_id = scenario.prepare()
    before_first = shape(scenario.app, case_id)
    total = scenario.take_in_child("never")
    assert total is not None
    reference = {"before": before_first, "after": shape(scenario.app, case_id)}
    assert scenario.done_count(reference["after"]["history"]) == 1
    scenario.close()
    assert total < MAX_POINTS, f"the step sends {total} statements"

    points = [*range(1, total + 1), "commit", "committed"]
    outcomes = {}
    for point in points:
        case_id = scenario.prepare()
        before = shape(scenario.app, case_id)
        assert before == reference["before"]
        assert scenario.take_in_child(point) is None, f"the child outlived kill point {point}"
        found = shape(scenario.app, case_id)
        assert found in (reference["before"], reference["after"]), f"kill at {point} left the case between states"
        outcomes[point] = "before" if found == reference["before"] else "after"
        # the next process finishes what the killed one did not, exactly once
        scenario.take_here()
        assert shape(scenario.app, case_id) == reference["after"], f"after the kill at {point}"
        scenario.close()
    # a kill before COMMIT loses the step whole, one after it (reading the response) keeps it
    assert (outcomes["commit"], outcomes["committed"]) == ("before", "after")
    numbered = [outcomes[n] for n in range(1, total + 1)]
    assert numbered == sorted(numbered, key=("before", "after").index), numbered  # one switch, at COMMIT
    return len(points)


def test_completing_a_task_survives_a_kill_at_every_statement(app, api, database_url):
    tried = kill_everywhere(Completion(app, api, database_url))
    print(f"completion: {tried} kill points")


def test_firing_a_timer_survives_a_kill_at_every_statement(app, api, database_url):
    tried = kill_everywhere(TimerFiring(app, api, database_url))
    print(f"timer: {tried} kill points")
