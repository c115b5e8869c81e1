"""Completing one task: through the HTTP API on SQLite vs SpiffWorkflow alone.

Both are measured in the same run on the lifecycle's `initial_review` step:
- engine alone, in memory: set data, run the task, do engine steps;
- engine alone with deserialise + serialise (spec stored once, as the app does);
- the HTTP API (test client): auth, form validation, lock, engine step, persist,
  inbox rows, audit, commit.
Prints one table: median per step, and each figure as a ratio to the bare engine and
to the engine with deserialise + serialise (target: API ≤ 3× that), and the SQL
statements one API completion sends (counted with a SQLAlchemy cursor event).
Run: `make bench` or `.venv/bin/python bench/complete_task.py [rounds]`.
"""
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite")

from sqlalchemy import event

from bench._common import machine
from engine.definitions import registry
from engine.runtime import instances, serializer
from engine.runtime.scripting import script_engine
from models import Case, db
from web import create_app
from web.cli import init_db

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
APPLICATION = {
    "contact_person": "王敏", "contact_phone": "0359-2021234",
    "condition_platform_economy": "平台经济发展基础。", "condition_platform_economy_evidence": ["att-101"],
    "condition_regulation": "监管工作基础。", "condition_regulation_evidence": ["att-102"],
    "condition_innovation": "创新探索。", "condition_innovation_evidence": ["att-103"],
    "plan_summary": "三年创建方案。", "creation_plan": ["att-100"], "creation_period": "P2Y"}
REVIEW = {"decision": "pass", "reasons": "材料齐全"}


def token(client, username):
    r = client.post("/api/v1/auth/token", json={"username": username, "password": "demo-password"})
    return {"Authorization": f"Bearer {r.get_json()['token']}"}


def open_review(client, applicant, province, round_id):
    case = client.post("/api/v1/cases", json={"round_id": round_id}, headers=applicant).get_json()
    task = client.get(f"/api/v1/tasks?case_id={case['id']}", headers=applicant).get_json()["items"][0]
    client.post(f"/api/v1/tasks/{task['id']}/complete", json=APPLICATION, headers=applicant)
    review = client.get(f"/api/v1/tasks?case_id={case['id']}", headers=province).get_json()["items"][0]
    return case["id"], review["id"]


def _ready_review(state, spec, subs):
    """The case's workflow deserialised, with its ready `initial_review` task."""
    workflow = serializer.load_workflow(state, spec, subs)
    workflow.script_engine = script_engine()
    return workflow, instances.ready_user_tasks(workflow)[0]


def _review(workflow, task):
    task.set_data(**REVIEW)
    task.run()
    workflow.do_engine_steps()


def _engine_alone(app, case_id):
    """(seconds of the step in memory, seconds with deserialise + serialise around it). An app
    context of its own, closed before the API request: the request starts with an empty
    session, as in a server."""
    with app.app_context():
        case = db.session.get(Case, case_id)
        state, definition = case.state_json, case.definition
        spec, subs = registry.specs(definition)

        # SpiffWorkflow alone, in memory (deserialisation outside the timing)
        workflow, task = _ready_review(state, spec, subs)
        t0 = time.perf_counter()
        _review(workflow, task)
        bare = time.perf_counter() - t0

        # SpiffWorkflow with deserialise + serialise around the step
        t0 = time.perf_counter()
        workflow, task = _ready_review(state, spec, subs)
        _review(workflow, task)
        serializer.dump_workflow(workflow)
        roundtrip = time.perf_counter() - t0
        db.session.rollback()
    return bare, roundtrip


def _api_completion(client, task_id, province, counter):
    """(seconds, SQL statements) of the review through the HTTP API, everything included;
    then the case is closed, since the region may open the next case only when this one is."""
    counter.clear()
    t0 = time.perf_counter()
    response = client.post(f"/api/v1/tasks/{task_id}/complete", json=REVIEW, headers=province)
    elapsed, statements = time.perf_counter() - t0, len(counter)
    assert response.status_code == 200, response.get_json()
    next_task = response.get_json()["case"]["active_tasks"][0]["id"]
    client.post(f"/api/v1/tasks/{next_task}/complete", headers=province,
                json={"decision": "not_recommend", "reasons": "基准测试"})
    return elapsed, statements


def _report(bare_times, roundtrip_times, api_times, statements, size):
    bare = statistics.median(bare_times)
    roundtrip = statistics.median(roundtrip_times)
    rows = [("SpiffWorkflow step, in memory (baseline)", bare),
            ("SpiffWorkflow step + deserialise + serialise", roundtrip),
            ("HTTP API complete (SQLite, test client)", statistics.median(api_times))]
    print(f"complete one task, median of {ROUNDS} (zone_lifecycle: initial_review); {machine()}")
    print(f"{'measure':<48}{'median ms':>12}{'× baseline':>12}{'× spiff+ser':>12}")
    for name, value in rows:
        print(f"{name:<48}{value * 1000:>12.2f}{value / bare:>12.1f}{value / roundtrip:>12.1f}")
    print(f"{'SQL statements per API completion (median)':<48}{statistics.median(statements):>12g}")
    print(f"{'serialised case state (bytes)':<48}{size:>12}")


def main():
    app = create_app({"ADJUSTABLE_CLOCK": True})
    with app.app_context():
        init_db(with_demo=True)
    client = app.test_client()
    applicant, province = token(client, "app-yuncheng"), token(client, "prov-shanxi")
    round_id = client.get("/api/v1/rounds", headers=applicant).get_json()["items"][0]["id"]

    api_times, bare_times, roundtrip_times, statements = [], [], [], []
    counter = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a, **k: counter.append(1))
    for _ in range(ROUNDS):
        case_id, task_id = open_review(client, applicant, province, round_id)
        bare, roundtrip = _engine_alone(app, case_id)
        bare_times.append(bare)
        roundtrip_times.append(roundtrip)
        elapsed, count = _api_completion(client, task_id, province, counter)
        api_times.append(elapsed)
        statements.append(count)
    with app.app_context():
        size = len(db.session.get(Case, case_id).state_json)
    _report(bare_times, roundtrip_times, api_times, statements, size)


if __name__ == "__main__":
    main()
