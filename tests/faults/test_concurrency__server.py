"""Concurrency against a running server: gunicorn (2 workers × 4 threads) on the suite's
PostgreSQL, and 32 client threads that complete, claim, release and object at once.

Three province accounts of the same bureau race on 150 tasks (each task gets a mix of
claim, release and complete requests from all three), while members of the public file
objections against a case in public notice and SAMR, twice at once, verifies the ones that
came before. Afterwards, from the database: each task is completed at most once and exactly
as often as a client was told 200, and is held or was completed by a clerk who was told so;
every accepted objection is stored once and became one verification task, each verified
once; lock versions moved by exactly the successful steps; no request met a 5xx, and every
refusal is a 409 in the API's error shape with a message.
PostgreSQL only: that is where several server processes write at once in production.
"""
import json
import os
import random
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from models import AuditEvent, Case, HumanTask, Objection, Org, RoleMembership, User, db
from tests.helpers import colleagues
from tests.helpers.api_journey import Journey
from tests.helpers.case_clones import clone
from tests.helpers.postgres_server import _free_port
from web.extensions import limiter

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
CLERKS = ("prov-shanxi", "prov-shanxi-2", "prov-shanxi-3")
TASKS, CLIENTS, OBJECTIONS = 150, 32, 4
REVIEW = {"decision": "pass", "reasons": "材料齐全"}
OBJECTION = {"name": "李女士", "contact": "13900000000", "content": "该地区直播电商投诉处理不及时。"}
VERIFICATION = {"decision": "dismissed", "verification_findings": "经核实，异议不成立。", "reasons": "证据不足。"}
EARLY = 2  # objections filed before the race, whose verification SAMR completes during it


@pytest.fixture
def server(app, database_url, request):
    if request.config.getoption("--db") != "postgresql":
        pytest.skip("runs against PostgreSQL, where several server processes write at once")
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
           "ADJUSTABLE_CLOCK": "1"}
    process = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "--workers", "2", "--threads", "4",
                                "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
                               cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{base}/api/v1/openapi.json", timeout=1).read()
            break
        except OSError:
            time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(30)


def call(base, method, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def add_clerks(app):
    """Two more accounts of the Shanxi bureau, so that claims meet someone else's: the
    colleagues the demo has (tests/helpers/colleagues.py), active for this test."""
    colleagues.ensure(app)


def remove_clerks(app):
    with app.app_context():
        db.session.rollback()
        extra = User.query.filter(User.username.in_(CLERKS[1:])).all()
        HumanTask.query.filter(HumanTask.assignee_id.in_([u.id for u in extra])).update({"assignee_id": None})
        colleagues.retire()
        db.session.commit()


def jobs_for(tasks, tokens, base):
    """Per task, each clerk sends claim/complete, complete alone, or claim/release — shuffled
    over the clients so that the same task is in flight from several of them at once."""
    rng = random.Random(20261122)
    jobs = []
    for _, task_id in tasks:
        for clerk in CLERKS:
            steps = rng.choice([("claim", "complete"), ("complete",), ("claim", "unclaim"), ("claim", "complete")])
            for step in steps:
                body = REVIEW if step == "complete" else None
                jobs.append((step, task_id, clerk, lambda t=task_id, s=step, c=clerk, b=body:
                             call(base, "POST", f"/api/v1/tasks/{t}/{s}", tokens[c], b)))
    rng.shuffle(jobs)
    return jobs


def run(jobs, clients):
    results, lock = [], threading.Lock()
    queue = list(jobs)

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                kind, key, who, job = queue.pop()
            status, body = job()
            with lock:
                results.append((kind, key, who, status, body))
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_many_clients_at_once_lose_nothing_and_duplicate_nothing(app, api, server):
    add_clerks(app)
    try:
        _run_the_race(app, api, server)
    finally:
        remove_clerks(app)


def _run_the_race(app, api, base):
    limiter.reset()
    template = Journey(api).apply()  # first: the notice case moves the clock past the round
    notice = Journey(api, "app-yongchuan").to_notice()
    with app.app_context():
        tasks = clone(template.case_id, TASKS)
        versions = {cid: db.session.get(Case, cid).lock_version for cid, _ in tasks}
        notice_version = db.session.get(Case, notice.case_id).lock_version
    tokens = {clerk: call(base, "POST", "/api/v1/auth/token", body={"username": clerk, "password": "demo-password"})[1]["token"]
              for clerk in CLERKS}
    objection_url = f"/api/v1/public/notices/{notice.case_id}/objections"
    bodies = [{**OBJECTION, "content": f"异议第{n + 1}条：{OBJECTION['content']}"} for n in range(OBJECTIONS)]
    for body in bodies[:EARLY]:  # filed first: SAMR verifies these while the others come in
        assert call(base, "POST", objection_url, body=body)[0] == 201
    samr = call(base, "POST", "/api/v1/auth/token", body={"username": "samr", "password": "demo-password"})[1]["token"]
    checks = [t["id"] for t in call(base, "GET", f"/api/v1/tasks?case_id={notice.case_id}", samr)[1]["items"]
              if t["name"] == "objection_verification"]
    assert len(checks) == EARLY
    jobs = jobs_for(tasks, tokens, base)
    for n, body in enumerate(bodies[EARLY:]):
        jobs.insert(len(jobs) * n // OBJECTIONS, ("object", notice.case_id, "public", lambda b=body: call(
            base, "POST", objection_url, body=b)))
    for n, check in enumerate(checks * 2):  # each verification submitted twice, at different moments
        jobs.insert(len(jobs) * (2 * n + 1) // (4 * EARLY), ("verify", check, "samr", lambda t=check: call(
            base, "POST", f"/api/v1/tasks/{t}/complete", samr, VERIFICATION)))

    results = run(jobs, CLIENTS)

    statuses = Counter(status for *_, status, _ in results)
    assert not [s for s in statuses if s >= 500], statuses
    refusals = [(kind, status, body) for kind, _, _, status, body in results if status >= 400]
    assert {status for _, status, _ in refusals} <= {409}, refusals
    assert all(body["error"]["code"] == "conflict" and body["error"]["message"] for _, _, body in refusals)

    def succeeded(kind):
        return [(key, who) for k, key, who, status, _ in results if k == kind and status in (200, 201)]
    done = Counter(key for key, _ in succeeded("complete"))
    claimed = Counter(key for key, _ in succeeded("claim"))
    claimers = {(key, who) for key, who in succeeded("claim")}
    completers = {(key, who) for key, who in succeeded("complete")}
    verified = Counter(key for key, _ in succeeded("verify"))
    assert verified == dict.fromkeys(checks, 1), verified  # each twin: one 200, one 409
    with app.app_context():
        db.session.rollback()
        for case_id, task_id in tasks:
            task = db.session.get(HumanTask, task_id)
            events = Counter(e.action for e in AuditEvent.query.filter_by(case_id=case_id))
            rows = HumanTask.query.filter_by(case_id=case_id, completed_at=None).all()
            case = db.session.get(Case, case_id)
            assert done[task_id] <= 1 and events["task_completed"] == done[task_id], (task_id, done, events)
            assert events["task_claimed"] == claimed[task_id]
            assert (task.completed_at is not None) == (done[task_id] == 1)
            assert [r.name for r in rows] == (["recommendation"] if done[task_id] else ["initial_review"])
            assert case.lock_version == versions[case_id] + done[task_id]
            # whoever holds or completed the task is someone who was told so
            if task.completed_at is not None:
                assert (task_id, task.completed_by) in completers
            elif task.assignee_id is not None:
                assert (task_id, db.session.get(User, task.assignee_id).username) in claimers
        accepted = [body["confirmation"] for kind, _, _, status, body in results if kind == "object" and status == 201]
        stored = Objection.query.filter_by(case_id=notice.case_id).count()
        assert len(accepted) == OBJECTIONS - EARLY and stored == OBJECTIONS
        open_checks = HumanTask.query.filter_by(case_id=notice.case_id, name="objection_verification",
                                                completed_at=None).count()
        assert open_checks == OBJECTIONS - EARLY  # the verified ones closed, the new ones open
        # one step per objection received and per verification completed, nothing more
        assert db.session.get(Case, notice.case_id).lock_version == notice_version + OBJECTIONS + EARLY
    print(f"\n{CLIENTS} clients, {len(results)} requests: {dict(statuses)}; "
          f"{sum(done.values())} of {TASKS} tasks completed once, {sum(claimed.values())} claims, "
          f"{OBJECTIONS} objections, {EARLY} verified while others came in; 0 lost, 0 duplicated")
