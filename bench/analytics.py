"""Process analytics over a national programme: 900 cases (300 regions × three application
rounds) through application, review, recommendation, approval, creation reports, evaluation
and thirty supervision checks (spread over the years the working-day calendar covers) — about 30 inbox rows a case, with send-backs and
overdue steps among them.

Baseline, measured in the same run: the bare SQL the figures are computed from (the inbox rows
of the definition's cases, the send-backs and the cancellations). Figures are server-side
(Flask test client, in process), p50 and p95 over the requests: the engine call, the API
(`GET /api/v1/analytics/steps`) for SAMR (every province) and a province, and the page; each
"computed" (the figures worked out from the rows) and "unchanged" (no audit event since and
the same minute: served from the per-process cache in engine/analytics/steps.py).

Run: `.venv/bin/python bench/analytics.py [--db sqlite|postgresql] [--cases 900] [--years 30]`
"""
import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._common import machine, pct  # noqa: E402
from bench.inbox import _analyze, _insert_cases, _template_case, setup_database  # noqa: E402

# (element, title, role, days it usually takes): the path every case walks, as far as it gets
PATH = [("application", "填写创建申请表", "applicant", 3), ("initial_review", "申报材料初审", "province", 15),
        ("recommendation", "择优推荐", "province", 20), ("creation_approval", "审核同意创建", "samr", 30),
        ("creation_report", "创建情况报告", "applicant", 60), ("evaluation_application", "评估申请", "applicant", 10),
        ("evaluation_prereview", "评估初审", "province", 15), ("expert_assignment", "指派专家", "samr", 5),
        ("expert_scoring", "专家评分", "expert", 20), ("evaluation_decision", "评估结论", "samr", 10)]
YEARLY = ("supervision_check", "年度动态管理检查", "samr", 20)


def populate(app, n_cases, years):
    from sqlalchemy import insert

    from models import AuditEvent, Case, HumanTask, TaskReturn, User, db
    rng = random.Random(22)
    with app.app_context():
        round_id, case = _template_case(app.test_client())
        # within the years the working-day calendar covers (the holiday package's, from 2004)
        start = datetime(2006, 1, 1, tzinfo=UTC)
        now = datetime.now(UTC)
        year = (now - start - timedelta(days=800)) / max(1, years)
        _insert_cases(case, round_id, n_cases - 1, start)
        samr = User.query.filter_by(username="samr").one().id
        rows, returns, k = [], [], 0
        for c in db.session.query(Case.id, Case.region_id, Case.province_id).all():
            # most cases are certified and supervised; the others stop somewhere on the way
            steps = list(PATH) if rng.random() < 0.6 else PATH[:rng.randint(2, len(PATH) - 1)]
            steps += [YEARLY] * (years if len(steps) == len(PATH) else 0)
            at = start + timedelta(days=rng.random() * 30)
            for j, (name, title, role, days) in enumerate(steps):
                k += 1
                spent = timedelta(days=rng.expovariate(1 / days))
                last = j == len(steps) - 1
                done = None if last else min(at + spent, now)  # nothing is completed in the future
                rows.append(dict(id=k, case_id=c.id, task_guid=f"bench-{k:012d}", name=name, title=title, role=role,
                                 region_id=c.region_id, province_id=c.province_id, round_id=round_id,
                                 stage="application", form=name, created_at=at, due_at=at + timedelta(days=days),
                                 completed_at=done, completed_by=None if last else "bench"))
                if not last and rng.random() < 0.05:
                    returns.append(dict(case_id=c.id, kind="returned", task_id=k, target=steps[max(0, j - 1)][0],
                                        actor_id=samr, reason="bench", at=done, resolved_at=done))
                at = min(now, (done or at) + (timedelta(days=1) if name != YEARLY[0] else year))
        db.session.query(HumanTask).delete()
        for i in range(0, len(rows), 5000):
            db.session.execute(insert(HumanTask), rows[i:i + 5000])
        if returns:
            db.session.execute(insert(TaskReturn), returns)
        db.session.execute(insert(AuditEvent), [dict(at=start, actor="bench", action="task_cancelled",
                                                     case_id=r["case_id"], task_name=r["name"], detail={})
                                                for r in rows[::97]])
        db.session.commit()
        _analyze()
        return Case.query.count(), len(rows), len(returns)


def bare(definition_ids):
    from sqlalchemy import select

    from models import AuditEvent, Case, HumanTask, TaskReturn, db
    db.session.execute(select(HumanTask.id, HumanTask.case_id, HumanTask.name, HumanTask.created_at,
                              HumanTask.completed_at, HumanTask.due_at, Case.definition_id, Case.stage, Case.status)
                       .join(Case, Case.id == HumanTask.case_id)
                       .where(Case.definition_id.in_(definition_ids))).all()
    db.session.execute(select(TaskReturn.task_id, TaskReturn.at)).all()
    db.session.execute(select(AuditEvent.case_id, AuditEvent.task_name, AuditEvent.at)
                       .where(AuditEvent.action == "task_cancelled")).all()


def timed(fn, n, cold=False):
    """Seconds per call; cold: the figures computed each time (the cache of
    engine.analytics.steps emptied first), else served from it after the first."""
    from engine.analytics import steps
    values = []
    for _ in range(n):
        if cold:
            steps._CACHE.clear()
        t0 = time.perf_counter()
        fn()
        values.append(time.perf_counter() - t0)
    return values


def measure(app, n):
    from engine.analytics import steps
    from models import ProcessDefinition, User, db
    results = []
    with app.app_context():
        ids = [d.id for d in ProcessDefinition.query.filter_by(key="zone_lifecycle")]
        samr = User.query.filter_by(username="samr").one()
        results.append(("bare SQL (baseline)", timed(lambda: bare(ids), n)))
        results.append(("engine, SAMR, computed", timed(lambda: steps.analytics(samr, "zone_lifecycle"), n, True)))
        results.append(("engine, SAMR, unchanged since", timed(lambda: steps.analytics(samr, "zone_lifecycle"), n)))
        db.session.commit()
    for username in ("samr", "prov-shanxi"):
        client = app.test_client()
        tok = client.post("/api/v1/auth/token", json={"username": username, "password": "demo-password"})
        hdr = {"Authorization": f"Bearer {tok.get_json()['token']}"}

        def call(client=client, hdr=hdr):
            response = client.get("/api/v1/analytics/steps", headers=hdr)
            assert response.status_code == 200, response.data[:200]
        results.append((f"GET /api/v1/analytics/steps, {username}, computed", timed(call, n, True)))
        results.append((f"GET /api/v1/analytics/steps, {username}, unchanged", timed(call, n)))
    client = app.test_client()
    client.post("/login", data={"username": "samr", "password": "demo-password"})

    def page():
        response = client.get("/analytics")
        assert response.status_code == 200, response.data[:200]
    results.append(("GET /analytics (page), samr, computed", timed(page, n, True)))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--cases", type=int, default=900)
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--requests", type=int, default=20)
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
        n_cases, n_rows, n_returns = populate(app, args.cases, args.years)
        results = measure(app, args.requests)
        print(f"analytics, {args.db}: {n_cases} cases, {n_rows} inbox rows, {n_returns} send-backs; "
              f"{args.requests} requests each; {machine()}")
        base = pct(results[0][1], 95)
        print(f"{'measure':<52}{'p50 ms':>9}{'p95 ms':>9}{'× baseline':>12}")
        for name, values in results:
            print(f"{name:<52}{statistics.median(values) * 1000:>9.1f}{pct(values, 95) * 1000:>9.1f}"
                  f"{pct(values, 95) / base:>12.1f}")
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
