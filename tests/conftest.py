"""Test setup: one database per run (SQLite file, or a PostgreSQL server started here),
schema by migrations, demo data once; each test starts from the demo state."""
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from engine import clock
from models import db
from seeds import demo
from tests.flow_coverage import FlowCoverage
from tests.postgres import PostgresServer
from web import create_app
from web.cli import init_db
from web.extensions import limiter

CASE_TABLES = ("drafts", "documents", "incidents", "notifications", "human_tasks", "audit_events", "objections", "cases")


def pytest_addoption(parser):
    parser.addoption("--db", choices=("sqlite", "postgresql"), default="sqlite",
                     help="database the suite runs on")
    parser.addoption("--flow-coverage", action="store_true",
                     help="fail unless the tests took every sequence flow of bpmn/")


def pytest_configure(config):
    config.flow_coverage = FlowCoverage(Path(__file__).resolve().parent.parent / "bpmn") \
        if config.getoption("--flow-coverage") else None
    if config.flow_coverage is not None:
        config.flow_coverage.watch_pruning()


def pytest_sessionfinish(session, exitstatus):
    coverage = session.config.flow_coverage
    if coverage is None or exitstatus != 0 or session.testscollected == 0:
        return
    missing = coverage.missing()
    if missing:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line(f"flow coverage: {len(missing)} sequence flow(s) no test took:", red=True)
        for file, flow in missing:
            reporter.write_line(f"  {file}: {flow}")
        session.exitstatus = 1


@pytest.fixture(scope="session")
def database_url(request):
    if request.config.getoption("--db") == "sqlite":
        directory = tempfile.mkdtemp(prefix="dzbpm-sqlite-")
        yield f"sqlite:///{Path(directory) / 'test.sqlite'}"
        return
    server = PostgresServer()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "ADJUSTABLE_CLOCK": True, "SECRET_KEY": "test-secret",
                      "WTF_CSRF_ENABLED": True})
    with app.app_context():
        init_db(with_demo=True)
        cover_calendar_until(2030)
    return app


def cover_calendar_until(last_year):
    """Tests travel decades ahead: years the holiday package does not know yet get a
    weekends-only calendar here (in production an administrator enters them, and the
    engine fails loudly until then)."""
    from engine import workdays
    from models.calendar import CalendarYear
    known = set(db.session.execute(db.select(CalendarYear.year)).scalars())
    for year in range(min(known) if known else 2020, last_year + 1):
        if year not in known:
            workdays.put_year(year, [], "tests")
    db.session.commit()


@pytest.fixture(autouse=True)
def fresh_state(request):
    """Every test that uses the app starts at the demo state: no cases, the demo
    round, real time."""
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        with app.app_context():
            clock.clock.reset()  # the offset is stored: reset it where the database is
            for table in CASE_TABLES:
                db.session.execute(text(f"DELETE FROM {table}"))
            db.session.execute(text("DELETE FROM rounds"))
            db.session.execute(text("UPDATE users SET failed_logins = 0, locked_until = NULL"))
            demo.load_round(clock.now())
            db.session.commit()
        limiter.reset()  # throttling counts per test, not per run
    yield
    coverage = request.config.flow_coverage
    if coverage is not None and "app" in request.fixturenames:
        with request.getfixturevalue("app").app_context():
            coverage.collect()


@pytest.fixture
def client(app):
    return app.test_client()


class ApiClient:
    """Calls the API as one user, with a bearer token like any other system would."""

    def __init__(self, client, username, password="demo-password"):
        self.client = client
        response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
        assert response.status_code == 200, response.get_json()
        self.headers = {"Authorization": f"Bearer {response.get_json()['token']}"}
        self.username = username

    def get(self, url, **kw):
        return self.client.get(url, headers=self.headers, **kw)

    def post(self, url, json=None, **kw):
        return self.client.post(url, json=json, headers=self.headers, **kw)


@pytest.fixture
def api(client):
    """`api("prov-shanxi").get(...)`: a logged-in API client per demo account."""
    return lambda username: ApiClient(client, username)
