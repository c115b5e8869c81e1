"""Fuzzing the API against its own OpenAPI document (schemathesis): for every operation,
generated requests as SAMR and as an applicant never meet a 500, and every documented
response matches its schema.

Each generated request is sent twice per caller: as generated (random ids, so mostly the
refusal paths), and with its path's ids replaced by ones that exist — a case in creation,
its open task, the open round, a deployed definition — so that generated bodies and
queries reach the code behind the lookups too.

Bounded and derandomized: MAX_EXAMPLES per operation; SQLite only (the PostgreSQL run
proves the same code paths through the rest of the suite).
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.helpers.api_journey import Journey, open_task

pytestmark = pytest.mark.faults

MAX_EXAMPLES = 25
CALLERS = ("samr", "app-yuncheng")
METHODS = ("get", "post", "put", "patch", "delete")


def _operations():
    """(path, method) of every operation of the document, read from an app without a database."""
    from web import create_app
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x",
                      "ADJUSTABLE_CLOCK": True})
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    return sorted((path, method) for path, item in spec["paths"].items() for method in item if method in METHODS)


OPERATIONS = _operations()


@pytest.fixture
def api_schema(app, request):
    if request.config.getoption("--db") != "sqlite":
        pytest.skip("the fuzz run is on SQLite only")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def bearers(client):
    """Authorization headers of the callers; each generated request is sent once per caller."""
    tokens = [client.post("/api/v1/auth/token", json={"username": name, "password": "demo-password"})
              .get_json()["token"] for name in CALLERS]
    return [{"Authorization": f"Bearer {token}"} for token in tokens]


@pytest.fixture
def known_ids(api):
    """Ids of objects that exist: the applicant's case in creation and a task on it."""
    journey = Journey(api).to_creation()
    samr = journey.samr
    task = open_task(journey.applicant, journey.active()[0], journey.case_id)
    definition = samr.get("/api/v1/definitions").get_json()["items"][0]
    now = samr.get("/api/v1/admin/clock").get_json()["now"]
    return {"case_id": journey.case_id, "task_id": task["id"], "definition_id": definition["id"],
            "round_id": samr.get("/api/v1/rounds").get_json()["items"][0]["id"], "year": int(now[:4])}


def test_the_fuzz_reaches_real_objects(api, known_ids):
    """The substitution pass is only worth something if its ids answer 200."""
    applicant = api("app-yuncheng")
    assert applicant.get(f"/api/v1/cases/{known_ids['case_id']}").status_code == 200
    assert applicant.get(f"/api/v1/tasks/{known_ids['task_id']}").status_code == 200


@pytest.mark.parametrize("path,method", OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_operation_answers_within_its_schema_and_never_500(api_schema, bearers, known_ids, path, method):
    operation = api_schema[path][method.upper()]
    checks = [not_a_server_error, response_schema_conformance]

    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def fuzz(case):
        for headers in bearers:
            case.call_and_validate(headers=headers, checks=checks)
        real = {name: known_ids[name] for name in (case.path_parameters or {}) if name in known_ids}
        if real:
            case.path_parameters = {**case.path_parameters, **real}
            for headers in bearers:
                case.call_and_validate(headers=headers, checks=checks)

    fuzz()
