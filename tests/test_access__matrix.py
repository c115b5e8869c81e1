"""Access matrix: every route of the app × every demo role × own region / other region /
anonymous, allowed or denied exactly as tests/helpers/access_policy.py declares.

One case per region is built once (module scope) through the API, so path parameters
(case_id, task_id, round_id, …) resolve to an own-region and an other-region object.
A route the policy table does not declare fails the test.
"""
import pytest

from models import db
from tests.helpers.access_policy import POLICY, allowed, rule_for
from tests.helpers.access_probe import ACCOUNTS, Prober, agrees, subjects, verdict
from tests.helpers.api_journey import Journey, open_task

SKIPPED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture(scope="module")
def fresh_state():
    """Overrides the per-test reset: the matrix reads one state built once for the module."""
    return


@pytest.fixture(scope="module")
def world(app):
    from tests.conftest import ApiClient
    client = app.test_client()
    api = lambda username: ApiClient(client, username)  # noqa: E731
    _reset(app)
    own = Journey(api, "app-yuncheng").apply()
    other = Journey(api, "app-yongchuan").apply()
    objects = {}
    for region, journey in (("own", own), ("other", other)):
        task = open_task(journey.province, "initial_review", journey.case_id)
        objects[region] = _common(app) | {"case_id": journey.case_id, "task_id": task["id"]}
    tokens = {role: api(username).headers["Authorization"][7:] for role, username in ACCOUNTS.items()}
    app.config["WTF_CSRF_ENABLED"] = False  # CSRF would answer 400 before any access check
    try:
        yield Prober(app, objects, tokens)
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
        _reset(app)


def _reset(app):
    from sqlalchemy import text

    from engine import clock
    from seeds import demo
    from tests.conftest import CASE_TABLES
    from web.extensions import limiter
    with app.app_context():
        clock.clock.reset()
        for table in CASE_TABLES:
            db.session.execute(text(f"DELETE FROM {table}"))
        db.session.execute(text("DELETE FROM rounds"))
        db.session.execute(text("UPDATE users SET failed_logins = 0, locked_until = NULL"))
        demo.load_round(clock.now())
        db.session.commit()
    limiter.reset()


def _common(app):
    """Path parameters that are not bound to a region: the demo's own objects where they
    exist, an unknown id where the demo has none (then every subject meets a 404)."""
    from models import ProcessDefinition, Round
    with app.app_context():
        definition = db.session.execute(db.select(ProcessDefinition).order_by(ProcessDefinition.id)).scalars().first()
        round_id = db.session.execute(db.select(Round.id)).scalars().first()
        return {"round_id": round_id, "definition_id": definition.id, "name": "zone_lifecycle.bpmn",
                "year": 2026, "key": "2024-draft", "fmt": "csv", "number": 1, "lib": "unknown-lib",
                "filename": "x.js", "path": "x", "incident_id": 999999, "note_id": 999999, "filter_id": 999999,
                "evidence_id": 999999, "attachment_id": 999999, "report_id": 999999, "document_id": 999999,
                "item_id": 999999, "action": "suspend", "username": "nobody-here", "issuer_id": 999999,
                "webhook_id": 999999, "delivery_id": 999999}


def _routes():
    """(endpoint, method) of every route, read from an app built without a database."""
    from web import create_app
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x",
                      "ADJUSTABLE_CLOCK": True})
    return sorted((rule.endpoint, method) for rule in app.url_map.iter_rules()
                  for method in rule.methods - SKIPPED_METHODS)


ROUTES = _routes()


def test_every_route_is_declared():
    declared = {(endpoint, method) for endpoint, rules in POLICY.items() for rule in rules
                for method in rule.methods}
    present = set(ROUTES)
    assert not present - declared, f"routes the access policy does not declare: {sorted(present - declared)}"
    assert not declared - present, f"declared routes the app no longer has: {sorted(declared - present)}"


@pytest.mark.parametrize("endpoint,method", ROUTES, ids=[f"{m} {e}" for e, m in ROUTES])
def test_route_allows_exactly_whom_the_policy_declares(app, world, endpoint, method):
    route = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    rule = rule_for(endpoint, method)
    if rule is None:
        pytest.fail(f"{method} {endpoint} is not declared in tests/helpers/access_policy.py")
    wrong = []
    for role, region in subjects():
        response = world.call(route, method, role, region)
        assert response.status_code < 500, f"{method} {route.rule} as {role}/{region}: {response.status_code}"
        expected = allowed(rule, role, region)
        if not agrees(verdict(response, rule), expected):
            wrong.append(f"{role or 'anonymous'}/{region}: {response.status_code} "
                         f"(expected {'allow' if expected else 'deny'})")
    assert not wrong, f"{method} {route.rule}: " + "; ".join(wrong)
