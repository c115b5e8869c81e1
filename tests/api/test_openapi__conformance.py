"""/api/v1/openapi.json against the routes Flask serves (url_map): every route and method is an
operation and every operation a route; each write that reads a body documents it, each that
reads none documents none; protected operations carry the bearer scheme and 401, operations
naming an object 404, bodies 400 and 413; every error is the one error shape; no catch-all
`default`; summaries in Chinese and English. The document is valid OpenAPI
(openapi-spec-validator). Statuses as answered are checked by tests/faults/test_openapi__fuzz.py.
"""

import inspect
import re

import pytest
from openapi_spec_validator import validate

from web import api as web_api
from web import create_app

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Writes that take no body by nature: the path says everything.
NO_BODY = {
    ("POST", "/api/v1/tasks/{task_id}/claim"),
    ("POST", "/api/v1/tasks/{task_id}/unclaim"),
    ("POST", "/api/v1/cases/{case_id}/resume"),
    ("POST", "/api/v1/incidents/{incident_id}/retry"),
    ("POST", "/api/v1/admin/timers/run"),
    ("POST", "/api/v1/admin/users/{username}/unlock"),
    ("POST", "/api/v1/admin/jobs/{name}/run"),
    ("POST", "/api/v1/notifications/{note_id}/read"),
    ("DELETE", "/api/v1/me/filters/{filter_id}"),
    ("POST", "/api/v1/definitions/{key}/draft/deploy"),
    ("DELETE", "/api/v1/definitions/{key}/draft"),
    ("DELETE", "/api/v1/admin/webhooks/{webhook_id}"),
    ("POST", "/api/v1/admin/webhooks/deliveries/{delivery_id}/retry"),
    ("DELETE", "/api/v1/rounds/{round_id}/attachments/{attachment_id}"),
}
READS_BODY = re.compile(r"request\.(get_json|files|form|data|json)\b|_json\(\)|uploaded_files\(\)")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def served():
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "ADJUSTABLE_CLOCK": True}
    )
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and not rule.endpoint.startswith("api-docs."):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            for method in rule.methods & METHODS:
                routes[(method, path)] = (rule.endpoint, app.view_functions[rule.endpoint])
    return app, spec, routes


def operations(spec):
    return {
        (method.upper(), path): op
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method.upper() in METHODS
    }


def test_the_document_is_valid_openapi(served):
    validate(served[1])  # raises on the first violation of the OpenAPI 3.0 schema


def test_every_route_and_method_is_an_operation_and_no_more(served):
    _, spec, routes = served
    documented = set(operations(spec))
    assert not set(routes) - documented, f"routes missing from the document: {sorted(set(routes) - documented)}"
    assert not documented - set(routes), f"operations no route serves: {sorted(documented - set(routes))}"


def test_a_body_is_documented_exactly_where_the_view_reads_one(served):
    _, spec, routes = served
    ops = operations(spec)
    for (method, path), (endpoint, view) in routes.items():
        op = ops[(method, path)]
        source = inspect.getsource(inspect.unwrap(view))
        by_hand = bool(READS_BODY.search(source))
        if method in WRITES and (method, path) not in NO_BODY:
            assert "requestBody" in op, f"{method} {path} ({endpoint}) reads a body the document lacks"
            assert op["requestBody"]["content"], f"{method} {path}: a body without a media type"
        else:
            assert "requestBody" not in op, f"{method} {path} documents a body it never reads"
            assert not by_hand, f"{method} {path} ({endpoint}) reads a body: document it (openapi_bodies)"


def test_uploads_name_their_fields_and_limits(served):
    ops = operations(served[1])
    for path, field in (
        ("/api/v1/cases/{case_id}/plan/import", "file"),
        ("/api/v1/plan-work/{report_id}/evidence", "file"),
        ("/api/v1/rounds/{round_id}/attachments", "file"),
    ):
        body = ops[("POST", path)]["requestBody"]
        form = body["content"]["multipart/form-data"]["schema"]
        assert field in form["required"] and form["properties"][field]["format"] == "binary"
        assert "MB" in body["description"], f"{path}: no size limit said"
    assert "multipart/form-data" in ops[("POST", "/api/v1/definitions")]["requestBody"]["content"]


def test_task_completion_takes_the_tasks_form_as_a_free_object(served):
    body = operations(served[1])[("POST", "/api/v1/tasks/{task_id}/complete")]["requestBody"]
    media = body["content"]["application/json"]
    assert media["schema"]["type"] == "object" and media["schema"]["additionalProperties"] is True
    assert "form_schema" in body["description"] and "/api/v1/tasks/{task_id}" in body["description"]
    assert media["example"]


def test_protected_operations_need_the_bearer_token(served):
    app, spec, _ = served
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer"} and "/api/v1/auth/token" in scheme["description"]
    anonymous = app.test_client()
    for (method, path), op in operations(spec).items():
        protected = op["security"] == [{"bearerAuth": []}]
        assert protected or op["security"] == [], f"{method} {path}: security {op['security']}"
        if protected:
            assert "401" in op["responses"], f"{method} {path}: protected without 401"
            url = re.sub(r"\{[^}]+\}", "1", path)
            assert anonymous.open(url, method=method).status_code == 401, f"{method} {path} is open"
        else:
            assert path.startswith("/api/v1/public/") or path == "/api/v1/auth/token", f"{method} {path} is open"


def test_error_statuses_follow_what_the_operation_does(served):
    spec = served[1]
    error = {"$ref": "#/components/schemas/Error"}
    for name, response in spec["components"]["responses"].items():
        assert response["content"]["application/json"]["schema"] == error, name
    for (method, path), op in operations(spec).items():
        statuses = set(op["responses"])
        where = f"{method} {path}"
        assert "default" not in statuses, f"{where}: a catch-all default hides statuses"
        assert any(s.startswith("2") for s in statuses), f"{where}: no success documented"
        for status in statuses - {s for s in statuses if s.startswith("2")}:
            assert op["responses"][status]["$ref"].startswith("#/components/responses/"), where
        if "{" in path:
            assert "404" in statuses, f"{where} names an object but documents no 404"
        if "requestBody" in op:
            assert {"400", "413"} <= statuses, f"{where} reads a body but lacks 400 or 413"
        if any(p["in"] == "query" for p in op.get("parameters", [])):
            assert "400" in statuses, f"{where} reads a query but lacks 400"
        if op["security"] and method in WRITES and not path.startswith("/api/v1/me/"):
            assert "403" in statuses, f"{where} checks a role but lacks 403"
    assert "429" in operations(spec)[("POST", "/api/v1/auth/token")]["responses"]


def test_every_operation_is_summarised_in_chinese_and_english(served):
    for (method, path), op in operations(served[1]).items():
        zh, _, en = op["summary"].partition(" · ")
        assert CJK.search(zh) and re.search(r"[A-Za-z]{3}", en), f"{method} {path}: {op['summary']!r}"


def test_the_main_calls_have_examples(served):
    ops = operations(served[1])
    for path in (
        "/api/v1/auth/token",
        "/api/v1/cases",
        "/api/v1/tasks/{task_id}/complete",
        "/api/v1/rounds/{round_id}/recommendations",
    ):
        assert ops[("POST", path)]["requestBody"]["content"]["application/json"].get("example"), path


def test_open_endpoints_are_declared_where_the_token_is_checked():
    """The document's open/protected split comes from web.api.protected itself."""
    assert "api_auth.token" in web_api.OPEN_ENDPOINTS and "api_tasks" in web_api.PROTECTED_BLUEPRINTS
    assert "api_public" not in web_api.PROTECTED_BLUEPRINTS
