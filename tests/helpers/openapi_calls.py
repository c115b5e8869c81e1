"""What the schemathesis runs against /api/v1/openapi.json share: the document's operations,
the callers' bearer headers and ids of objects that exist, so that generated requests reach
the code behind the lookups (tests/faults/test_openapi__fuzz.py, tests/api/test_openapi__statuses.py)."""

import pytest

from tests.helpers.api_journey import Journey, open_task

CALLERS = ("samr", "app-yuncheng")
METHODS = ("get", "post", "put", "patch", "delete")


def operations():
    """(path, method) of every operation of the document, read from an app without a database."""
    from web import create_app

    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "ADJUSTABLE_CLOCK": True}
    )
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    return sorted((path, method) for path, item in spec["paths"].items() for method in item if method in METHODS)


@pytest.fixture
def bearers(client):
    """Authorization headers of the callers; each generated request is sent once per caller."""
    tokens = [
        client.post("/api/v1/auth/token", json={"username": name, "password": "demo-password"}).get_json()["token"]
        for name in CALLERS
    ]
    return [{"Authorization": f"Bearer {token}"} for token in tokens]


@pytest.fixture
def known_ids(api):
    """Ids of objects that exist: the applicant's case in creation and a task on it."""
    journey = Journey(api).to_creation()
    samr = journey.samr
    task = open_task(journey.applicant, journey.active()[0], journey.case_id)
    definition = samr.get("/api/v1/definitions").get_json()["items"][0]
    now = samr.get("/api/v1/admin/clock").get_json()["now"]
    return {
        "case_id": journey.case_id,
        "task_id": task["id"],
        "definition_id": definition["id"],
        "round_id": samr.get("/api/v1/rounds").get_json()["items"][0]["id"],
        "year": int(now[:4]),
    }


def fuzz(operation, bearers, known_ids, checks, max_examples):
    """Send each generated request as every caller, then again with its path's ids replaced
    by ones that exist; each answer goes through `checks`."""
    from hypothesis import HealthCheck, Phase, given, settings

    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        for headers in bearers:
            case.call_and_validate(headers=headers, checks=checks)
        real = {name: known_ids[name] for name in (case.path_parameters or {}) if name in known_ids}
        if real:
            case.path_parameters = {**case.path_parameters, **real}
            for headers in bearers:
                case.call_and_validate(headers=headers, checks=checks)

    run()
