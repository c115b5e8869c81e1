"""Fuzzing the API against its own OpenAPI document (schemathesis): for every operation,
generated requests as SAMR and as an applicant never meet a 500, every answer's status is one
the document lists for the operation, and every documented response matches its schema.

Each generated request is sent twice per caller: as generated (random ids, so mostly the
refusal paths), and with its path's ids replaced by ones that exist — a case in creation,
its open task, the open round, a deployed definition — so that generated bodies and
queries reach the code behind the lookups too.

Bounded and derandomized: MAX_EXAMPLES per operation; SQLite only (the PostgreSQL run
proves the same code paths through the rest of the suite, and tests/api/test_openapi__statuses.py
runs a few examples per operation on both).
"""

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.helpers.openapi_calls import bearers, fuzz, known_ids, operations

pytestmark = pytest.mark.faults

MAX_EXAMPLES = 25
OPERATIONS = operations()


@pytest.fixture
def api_schema(app, request):
    if request.config.getoption("--db") != "sqlite":
        pytest.skip("the fuzz run is on SQLite only")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_the_fuzz_reaches_real_objects(api, known_ids):
    """The substitution pass is only worth something if its ids answer 200."""
    applicant = api("app-yuncheng")
    assert applicant.get(f"/api/v1/cases/{known_ids['case_id']}").status_code == 200
    assert applicant.get(f"/api/v1/tasks/{known_ids['task_id']}").status_code == 200


@pytest.mark.parametrize("path,method", OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_operation_answers_within_its_schema_and_never_500(api_schema, bearers, known_ids, path, method):
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    fuzz(api_schema[path][method.upper()], bearers, known_ids, checks, MAX_EXAMPLES)
