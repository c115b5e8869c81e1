"""Test setup: one database per run (SQLite file, or a PostgreSQL server started here),
schema by migrations, demo data once; each test starts from the demo state."""
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from engine import clock
from models import ProcessDefinition, db
from seeds import demo
from tests.helpers import colleagues
from tests.helpers.postgres_server import PostgresServer
from tests.helpers.translations import compile_catalogues
from web import create_app
from web.cli import init_db
from web.extensions import limiter

pytest_plugins = ("tests.helpers.flow_coverage",)  # --flow-coverage
CASE_TABLES = ("webhook_deliveries", "webhook_subscriptions", "experience_reports", "support_measures",
               "case_comments", "user_phrases", "official_document_cases", "official_documents", "document_number_counters",
               "list_decision_items", "list_decisions", "recommendation_items", "recommendation_lists",
               "case_copies", "drafts", "documents", "incidents", "mail_outbox", "notifications", "human_tasks",
               "audit_events", "event_waits", "objections", "case_search", "saved_filters", "cases",
               "definition_drafts", "round_attachments")


def pytest_configure(config):
    """The pages' catalogues are compiled from the committed .po files when missing or stale:
    a bare `pytest` on a fresh clone sees the Chinese pages (tests/web/test_translations__compiled.py)."""
    compile_catalogues()


def pytest_addoption(parser):
    parser.addoption("--db", choices=("sqlite", "postgresql"), default="sqlite",
                     help="database the suite runs on")


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
            db.session.execute(text("UPDATE users SET failed_logins = 0, locked_until = NULL, "
                                    "email = username || '@demo.invalid', mail_mode = 'immediate'"))
            colleagues.retire()  # one account per office, unless a test asks for colleagues
            demo.load_round(clock.now())
            db.session.commit()
        limiter.reset()  # throttling counts per test, not per run


@pytest.fixture
def versions(app):
    """Deploy freely inside the test (tests/helpers/diagram_variants.py); its definitions
    (and cases on them) go afterwards."""
    with app.app_context():
        last = db.session.query(db.func.max(ProcessDefinition.id)).scalar()
    yield last
    with app.app_context():
        for table in ("notifications", "incidents", "human_tasks", "event_waits", "audit_events", "recommendation_items",
                      "list_decision_items"):
            db.session.execute(text(f"DELETE FROM {table} WHERE case_id IN "
                                    "(SELECT id FROM cases WHERE definition_id > :last)"), {"last": last})
        db.session.execute(text("DELETE FROM cases WHERE definition_id > :last"), {"last": last})
        db.session.execute(text("DELETE FROM process_definitions WHERE id > :last"), {"last": last})
        db.session.commit()


@pytest.fixture
def client(app):
    """A test client asking the API for English (Accept-Language: en), so that tests can
    read its messages; the Chinese default is tested in tests/web/test_errors__language.py.
    Pages do not follow Accept-Language (web.select_locale): they stay zh-CN."""
    test_client = app.test_client()
    test_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return test_client


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
