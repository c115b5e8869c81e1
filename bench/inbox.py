"""Inbox page and inbox API with 10,000 cases and 100,000 human-task rows; case search and
saved inbox filters over them.

Baseline, measured in the same run: the bare indexed SQL of the inbox (the
API's own query object, `.all()` on the first page). Figures are server-side
(Flask test client, in process: no network), p50 and p95 over the requests, for
three inboxes: a province bureau, an applicant region, and SAMR (which sees every
province's SAMR tasks, the largest inbox). Also asserts that no instance is
deserialised while serving them, and prints the query plans (EXPLAIN).

Search: every case gets a search text like a submitted application's (region, province,
the application form's values, one of five topic words, a serial number); then
`GET /api/v1/cases?q=` with a two-character Chinese word (below the trigram index), a
four-character one, a rare serial, two words; `GET /api/v1/tasks?q=`, `GET /api/v1/me/filters`
and the inbox opened with a saved filter (API and page). Target: p95 ≤ 20 ms for the API calls.

Run: `.venv/bin/python bench/inbox.py [--db sqlite|postgresql] [--cases 10000] [--rows 100000]`
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._common import machine, pct  # noqa: E402


def setup_database(kind):
    if kind == "sqlite":
        return f"sqlite:///{tempfile.mkdtemp(prefix='dzbpm-bench-')}/bench.sqlite", None
    from tests.helpers.postgres_server import PostgresServer
    server = PostgresServer()
    return server.start(), server


def populate(app, n_cases, n_rows):
    from models import Case, HumanTask, db
    with app.app_context():
        round_id, case = _template_case(app.test_client())
        now = datetime.now(UTC)
        _insert_cases(case, round_id, n_cases - 1, now)
        _insert_tasks(round_id, n_rows, now)
        _insert_search_texts()
        _analyze()
        counts = (Case.query.count(), HumanTask.query.count(),
                  HumanTask.query.filter(HumanTask.completed_at.is_(None)).count())
        db.session.commit()
        return counts


def _template_case(client):
    """(round id, a case started through the API, whose state the copies share)."""
    from models import Case, db
    tok = client.post("/api/v1/auth/token", json={"username": "app-yuncheng", "password": "demo-password"})
    hdr = {"Authorization": f"Bearer {tok.get_json()['token']}"}
    round_id = client.get("/api/v1/rounds", headers=hdr).get_json()["items"][0]["id"]
    template = client.post("/api/v1/cases", json={"round_id": round_id}, headers=hdr).get_json()
    return round_id, db.session.get(Case, template["id"])


def _insert_cases(case, round_id, count, now):
    """`count` copies of `case`, spread over the regions below the provinces."""
    from sqlalchemy import insert

    from models import Case, Org, db
    regions = [o for o in Org.query.all() if o.parent_id is not None and o.level != "province"
               and o.ancestor("province") is not None and o.level != "unit"]
    cases = []
    for i in range(count):
        r = regions[i % len(regions)]
        cases.append(dict(region_id=r.id, province_id=r.ancestor("province").id, round_id=round_id,
                          definition_id=case.definition_id, stage=case.stage, status="active",
                          state_json=case.state_json, created_at=now, updated_at=now, created_by="bench",
                          lock_version=1))
    for start in range(0, len(cases), 2000):
        db.session.execute(insert(Case), cases[start:start + 2000])
    db.session.commit()


def _insert_tasks(round_id, n_rows, now):
    """About `n_rows` human-task rows spread evenly over the cases, the roles taking turns;
    the last row of each case is open."""
    from sqlalchemy import insert

    from models import Case, HumanTask, db
    ids = [(c.id, c.region_id, c.province_id) for c in
           db.session.query(Case.id, Case.region_id, Case.province_id).all()]
    per_case = max(1, n_rows // len(ids))
    roles = ("applicant", "province", "samr")
    rows, k = [], 0
    for case_id, region_id, province_id in ids:
        for j in range(per_case):
            k += 1
            open_ = j == per_case - 1
            rows.append(dict(case_id=case_id, task_guid=f"bench-{k:012d}", name="initial_review",
                             title="初审", role=roles[(case_id + j) % 3], region_id=region_id,
                             province_id=province_id, round_id=round_id, stage="application",
                             form="initial_review", created_at=now - timedelta(days=per_case - j),
                             due_at=now + timedelta(hours=(k * 7919) % 2000),
                             completed_at=None if open_ else now, completed_by=None if open_ else "bench"))
            if len(rows) >= 5000:
                db.session.execute(insert(HumanTask), rows)
                rows = []
    if rows:
        db.session.execute(insert(HumanTask), rows)
    db.session.commit()


TOPICS = ("直播电商信用监管示范", "跨境电商综合试验", "农村电商服务体系", "智慧监管平台建设", "平台经济 Live-Commerce")


def _insert_search_texts():
    """A search row per copied case, as engine/casework/search.py writes it after the application."""
    from sqlalchemy import insert

    from engine.casework import search
    from models import Case, CaseSearch, Org, db
    from tests.helpers.lifecycle_driver import application_form
    names = {o.id: o.name for o in Org.query.all()}
    form = "\n".join(search._values(application_form()))
    indexed = set(db.session.execute(db.select(CaseSearch.case_id)).scalars())
    rows = []
    for case_id, region_id, province_id in db.session.query(Case.id, Case.region_id, Case.province_id):
        if case_id in indexed:
            continue
        data = search.normalise(f"{form}\n{TOPICS[case_id % len(TOPICS)]}\n创建编号{case_id:05d}")
        text = search.normalise(f"{names[region_id]} {names[province_id]}\n{data}")
        rows.append(dict(case_id=case_id, data_text=data, text=text, grams=search.grams(text)))
        if len(rows) >= 2000:
            db.session.execute(insert(CaseSearch), rows)
            rows = []
    if rows:
        db.session.execute(insert(CaseSearch), rows)
    db.session.commit()


def _analyze():
    from models import db
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of a bulk load: statistics, and the
        # visibility map that lets counts read the partial indexes alone.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()


def explain(app, username):
    from engine.casework import tasks
    from models import User, db
    with app.app_context():
        user = User.query.filter_by(username=username).one()
        q = tasks.open_tasks(user).limit(50)
        sql = q.statement.compile(db.engine, compile_kwargs={"literal_binds": True})
        prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
        plan = [" ".join(str(c) for c in row) for row in db.session.execute(db.text(prefix + str(sql)))]
        db.session.commit()
        return plan


def measure(app, users, requests):
    from engine.casework import tasks
    from engine.runtime import serializer
    from models import User, db
    loads = []
    original = serializer.load_workflow
    serializer.load_workflow = lambda *a, **k: (loads.append(1), original(*a, **k))[1]
    results = []
    try:
        for username in users:
            client = app.test_client()
            tok = client.post("/api/v1/auth/token", json={"username": username, "password": "demo-password"})
            hdr = {"Authorization": f"Bearer {tok.get_json()['token']}"}
            client.post("/login", data={"username": username, "password": "demo-password"})
            bare, api, page = [], [], []
            with app.app_context():
                user = User.query.filter_by(username=username).one()
                total = tasks.open_tasks(user).order_by(None).count()
                db.session.commit()
            for _ in range(requests):
                with app.app_context():
                    user = User.query.filter_by(username=username).one()
                    t0 = time.perf_counter()
                    tasks.open_tasks(user).limit(50).all()
                    bare.append(time.perf_counter() - t0)
                    db.session.commit()
                t0 = time.perf_counter()
                r = client.get("/api/v1/tasks", headers=hdr)
                api.append(time.perf_counter() - t0)
                assert r.status_code == 200, r.data[:200]
                t0 = time.perf_counter()
                r = client.get("/inbox")
                page.append(time.perf_counter() - t0)
                assert r.status_code == 200, (r.status_code, r.data[:200])
            results.append((username, total, bare, api, page))
    finally:
        serializer.load_workflow = original
    return results, len(loads)


SEARCHES = (("示范", "2 characters: pair index"), ("跨境电商", "4 characters: trigrams"),
            ("创建编号04242", "a rare serial"), ("电商 运城", "two words"))
SEARCH_TARGET_MS = 20.0


def measure_search(app, users, requests):
    """[(username, label, values)] for the case search, the task search and saved filters."""
    results = []
    for username in users:
        client = app.test_client()
        tok = client.post("/api/v1/auth/token", json={"username": username, "password": "demo-password"})
        hdr = {"Authorization": f"Bearer {tok.get_json()['token']}"}
        client.post("/login", data={"username": username, "password": "demo-password"})
        saved = {"tab": "group", "due": "soon", "q": "电商"}
        r = client.post("/api/v1/me/filters", json={"name": "bench", "query": saved}, headers=hdr)
        assert r.status_code in (201, 409), r.data[:200]
        calls = [("cases, no search (baseline)", "/api/v1/cases", hdr)]
        calls += [(f"cases?q={q} ({what})", f"/api/v1/cases?q={q}", hdr) for q, what in SEARCHES]
        calls += [("tasks?q=电商", "/api/v1/tasks?q=电商", hdr),
                  ("GET /api/v1/me/filters", "/api/v1/me/filters", hdr),
                  ("saved filter, API", "/api/v1/tasks?assigned=unassigned&q=电商", hdr),
                  ("saved filter, page", "/inbox?tab=group&due=soon&q=电商", None)]
        for label, url, headers in calls:
            values = []
            for _ in range(requests):
                t0 = time.perf_counter()
                r = client.get(url, headers=headers or {})
                values.append(time.perf_counter() - t0)
                assert r.status_code == 200, (url, r.status_code, r.data[:200])
            results.append((username, label, values))
    return results


def print_search(results):
    print(f"{'search and saved filters':<20}{'measure':<44}{'p50 ms':>9}{'p95 ms':>9}  target p95 ≤ 20 ms (API)")
    missed = []
    for username, label, values in results:
        p95 = pct(values, 95) * 1000
        api = "page" not in label and "baseline" not in label
        verdict = ("met" if p95 <= SEARCH_TARGET_MS else "MISSED") if api else "(not targeted)"
        if api and p95 > SEARCH_TARGET_MS:
            missed.append(f"{username} {label}")
        print(f"{username:<20}{label:<44}{statistics.median(values) * 1000:>9.2f}{p95:>9.2f}  {verdict}")
    if missed:
        print("target missed by: " + "; ".join(missed) + ".\nWhy: every word goes through an index "
              "(trigrams; character pairs below three characters), but (1) a word found in thousands "
              "of cases (电商 is in every one here, 示范 in a fifth) makes the count probe thousands "
              "of ids; (2) on PostgreSQL, for a word in nearly every case the planner scans "
              "case_search instead of its GIN index and reads every case's vector from TOAST "
              "(docs/performance.md); (3) the figures are server-side on a machine shared with "
              "other work (see the load average above).")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    url, server = setup_database(args.db)
    try:
        os.environ["DATABASE_URL"] = url
        from web import create_app
        from web.cli import init_db
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ADJUSTABLE_CLOCK": False,
                          "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
        with app.app_context():
            init_db(with_demo=True)
        t0 = time.perf_counter()
        n_cases, n_rows, n_open = populate(app, args.cases, args.rows)
        filled = time.perf_counter() - t0
        results, loads = measure(app, ["prov-shanxi", "app-yuncheng", "samr"], args.requests)
        print(f"inbox, {args.db}: {n_cases} cases, {n_rows} human-task rows ({n_open} open), "
              f"filled in {filled:.1f} s; {args.requests} requests each; {machine()}")
        print(f"{'inbox (visible open tasks)':<34}{'measure':<26}{'p50 ms':>9}{'p95 ms':>9}{'× baseline':>12}")
        for username, total, bare, api, page in results:
            base = pct(bare, 95)
            for name, values in (("SQL query, page 1 (baseline)", bare), ("GET /api/v1/tasks", api),
                                 ("GET /inbox (HTML page)", page)):
                print(f"{f'{username} ({total})':<34}{name:<26}{statistics.median(values) * 1000:>9.2f}"
                      f"{pct(values, 95) * 1000:>9.2f}{pct(values, 95) / base:>12.1f}")
        print(f"instances deserialised while serving the inboxes: {loads}")
        print_search(measure_search(app, ["prov-shanxi", "app-yuncheng", "samr"], args.requests))
        status = Path("/proc/self/status").read_text().splitlines()
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
        print(f"RSS of this process (app + test client, the web worker's code path) after the run: "
              f"{rss / 1024:.0f} MB (target < 200 MB)")
        for username in ("prov-shanxi", "samr"):
            print(f"query plan ({username}): " + " | ".join(explain(app, username)))
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
