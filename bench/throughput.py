"""Throughput: PostgreSQL, gunicorn with 2 workers, 16 concurrent clients completing tasks.

Setup (in process, before the server starts): one case brought to the province's
`initial_review` through the API, then cloned N times (state copied, the ready task's
id made unique, its inbox row inserted), as the engine would have saved them.
Each task is then submitted by TWO different clients at once, so that concurrent
writers race for the same case: exactly one must succeed (200), the other must be
told it lost (409), and each case must show exactly one completion, one audit event
and its lock version moved by exactly one. Baseline in the same run: the same number
of GET /api/v1/tasks/<id> reads (no write) through the same server and clients.

Run: `.venv/bin/python bench/throughput.py [--tasks 800] [--clients 16] [--workers 2]`
"""
import argparse
import json
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._common import machine, pct  # noqa: E402
from tests.helpers.postgres_server import PostgresServer, _free_port  # noqa: E402

APPLICATION = {
    "contact_person": "王敏", "contact_phone": "0359-2021234",
    "condition_platform_economy": "平台经济发展基础。", "condition_platform_economy_evidence": ["att-101"],
    "condition_regulation": "监管工作基础。", "condition_regulation_evidence": ["att-102"],
    "condition_innovation": "创新探索。", "condition_innovation_evidence": ["att-103"],
    "plan_summary": "三年创建方案。", "creation_plan": ["att-100"], "creation_period": "P2Y"}
REVIEW = {"decision": "pass", "reasons": "材料齐全"}


def prepare(url, n):
    from tests.helpers import case_clones
    from web import create_app
    from web.cli import init_db
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ADJUSTABLE_CLOCK": False})
    with app.app_context():
        init_db(with_demo=True)
    client = app.test_client()

    def token(user):
        r = client.post("/api/v1/auth/token", json={"username": user, "password": "demo-password"})
        return {"Authorization": f"Bearer {r.get_json()['token']}"}
    applicant = token("app-yuncheng")
    round_id = client.get("/api/v1/rounds", headers=applicant).get_json()["items"][0]["id"]
    case_id = client.post("/api/v1/cases", json={"round_id": round_id}, headers=applicant).get_json()["id"]
    task = client.get(f"/api/v1/tasks?case_id={case_id}", headers=applicant).get_json()["items"][0]
    client.post(f"/api/v1/tasks/{task['id']}/complete", json=APPLICATION, headers=applicant)
    with app.app_context():
        return case_clones.clone(case_id, n)


def request(port, method, path, headers, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={**headers, "Content-Type": "application/json"})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    return status, time.perf_counter() - t0


def run_clients(clients, jobs_per_client):
    results = [[] for _ in range(clients)]

    def work(i):
        for job in jobs_per_client[i]:
            results[i].append(job())
    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, [r for rs in results for r in rs]


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=800)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    return parser.parse_args()


def _start_gunicorn(url, port, workers):
    env = {**os.environ, "DATABASE_URL": url, "ADJUSTABLE_CLOCK": "0", "SECRET_KEY": secrets.token_hex(16)}
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)


def _wait_until_serving(port):
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=1).read()
            break
        except Exception:
            time.sleep(0.2)
    request(port, "GET", "/api/v1/openapi.json", {})


def _token_headers(port, username):
    tok = json.loads(urllib.request.urlopen(urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/auth/token", method="POST",
        data=json.dumps({"username": username, "password": "demo-password"}).encode(),
        headers={"Content-Type": "application/json"})).read())["token"]
    return {"Authorization": f"Bearer {tok}"}


def _race(port, ids, c):
    """The baseline reads, then every task submitted by two clients at once:
    ((read wall time, read results), (write wall time, write results))."""
    hdr = _token_headers(port, "prov-shanxi")
    # baseline: reads of the same tasks, same server, same clients
    reads = [[] for _ in range(c)]
    for k, (_, task_id) in enumerate(ids):
        reads[k % c].append(lambda t=task_id: request(port, "GET", f"/api/v1/tasks/{t}", hdr))
    read = run_clients(c, reads)
    # each task submitted by two clients (k % c and (k + 1) % c): they race for the case
    writes = [[] for _ in range(c)]
    for k, (_, task_id) in enumerate(ids):
        for i in (k % c, (k + 1) % c):
            writes[i].append(lambda t=task_id: request(port, "POST", f"/api/v1/tasks/{t}/complete", hdr, REVIEW))
    return read, run_clients(c, writes)


def _outcomes(url, case_ids):
    """What the database shows per case: completion audit events, lock versions, open tasks."""
    from sqlalchemy import create_engine, text
    eng = create_engine(url)
    with eng.connect() as conn:
        per_case = dict(conn.execute(text(
            "SELECT case_id, count(*) FROM audit_events WHERE action = 'task_completed' "
            "AND task_name = 'initial_review' AND case_id = ANY(:ids) GROUP BY case_id"), {"ids": case_ids}).all())
        versions = dict(conn.execute(text("SELECT id, lock_version FROM cases WHERE id = ANY(:ids)"),
                                     {"ids": case_ids}).all())
        open_next = dict(conn.execute(text(
            "SELECT case_id, count(*) FROM human_tasks WHERE completed_at IS NULL AND case_id = ANY(:ids) "
            "GROUP BY case_id"), {"ids": case_ids}).all())
    eng.dispose()
    return per_case, versions, open_next


def _integrity(case_ids, outcomes):
    """(lost, duplicated, lock version not moved by exactly one, without exactly one next task)."""
    per_case, versions, open_next = outcomes
    start_version = min(versions.values()) - 1 if versions else 0
    return (sum(1 for cid in case_ids if per_case.get(cid, 0) == 0),
            sum(1 for cid in case_ids if per_case.get(cid, 0) > 1),
            sum(1 for cid in case_ids if versions[cid] != start_version + 1),
            sum(1 for cid in case_ids if open_next.get(cid, 0) != 1))


def _report(args, ids, elapsed, read, write, outcomes):
    (read_wall, read_results), (write_wall, write_results) = read, write
    c = args.clients
    lost, duplicated, bad_versions, no_next = _integrity([cid for cid, _ in ids], outcomes)
    ok = [t for s, t in write_results if s == 200]
    conflicts = sum(1 for s, _ in write_results if s == 409)
    other = sorted({s for s, _ in write_results if s not in (200, 409)})
    read_ok = [t for s, t in read_results if s == 200]
    print(f"throughput, postgresql, gunicorn {args.workers} workers, {c} clients, {len(ids)} tasks each "
          f"submitted twice at once, {elapsed:.0f} s in all; {machine()}")
    print(f"{'measure':<44}{'per s':>9}{'p50 ms':>9}{'p99 ms':>9}{'× baseline':>12}")
    read_rate = len(read_ok) / read_wall
    print(f"{'GET /api/v1/tasks/<id> (baseline, read)':<44}{read_rate:>9.1f}{pct(read_ok, 50) * 1000:>9.1f}"
          f"{pct(read_ok, 99) * 1000:>9.1f}{1.0:>12.2f}")
    rate = len(ok) / write_wall
    print(f"{'POST …/complete, successful completions':<44}{rate:>9.1f}{pct(ok, 50) * 1000:>9.1f}"
          f"{pct(ok, 99) * 1000:>9.1f}{rate / read_rate:>12.2f}")
    print(f"responses: {len(ok)} × 200, {conflicts} × 409 (the losing twin), other statuses {other}")
    print(f"lost updates: {lost}, duplicated completions: {duplicated}, lock_version not moved by exactly "
          f"one: {bad_versions}, cases without exactly one next open task: {no_next}")


def main():
    args = _arguments()
    started = time.perf_counter()
    server = PostgresServer()
    url = server.start()
    gunicorn = None
    try:  # a failing step stops gunicorn and the server, and its own error is what is shown
        ids = prepare(url, args.tasks)
        port = _free_port()
        gunicorn = _start_gunicorn(url, port, args.workers)
        _wait_until_serving(port)
        read, write = _race(port, ids, args.clients)
        gunicorn.terminate()
        gunicorn.wait(20)
        gunicorn = None
        outcomes = _outcomes(url, [cid for cid, _ in ids])
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(20)
        server.stop()
    _report(args, ids, time.perf_counter() - started, read, write, outcomes)


if __name__ == "__main__":
    main()
