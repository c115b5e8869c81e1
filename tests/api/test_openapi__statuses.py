"""Every status the API answers is one its OpenAPI document lists for the operation
(schemathesis' status_code_conformance), on SQLite and on PostgreSQL: a few generated
requests per operation, as SAMR and as an applicant, on random and on existing ids.
The longer fuzz (more examples, response schemas too) is tests/faults/test_openapi__fuzz.py.
"""

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from tests.helpers.openapi_calls import bearers, fuzz, known_ids, operations

MAX_EXAMPLES = 3


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_every_status_answered_is_documented(api_schema, bearers, known_ids):
    failures = []
    for path, method in operations():
        try:
            fuzz(
                api_schema[path][method.upper()],
                bearers,
                known_ids,
                [not_a_server_error, status_code_conformance],
                MAX_EXAMPLES,
            )
        except Exception as exc:
            failures.append(f"{method.upper()} {path}: {exc}")
    assert not failures, "\n\n".join(failures)
