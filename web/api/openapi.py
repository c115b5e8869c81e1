"""The OpenAPI document at /api/v1/openapi.json, completed so that it describes every operation
as it behaves (issue #24): an apispec plugin that flask-smorest runs on each route.

To each operation it adds
- the bearer scheme (`POST /api/v1/auth/token`) unless the route is open (web.api.protected);
- every error status it can answer, each with the one error shape (web.errors): 400 where it
  reads a body, a query or a free path segment, 401 where it needs a token (or checks a
  password), 403 where a role or region is checked, 404 where its path or input names an object, 409 where it
  changes state, 413 where it reads a body, 429 where it is rate-limited;
- the bodies the views read by hand (web.api.openapi_bodies) and the files they send;
- a summary in Chinese and English (web.api.openapi_summaries); the docstring becomes the
  description.

No `default` response is documented: a status the document does not list is a bug
(tests/api/test_openapi__conformance.py, tests/faults/test_openapi__fuzz.py).
"""

import re

from apispec import BasePlugin

from web.api.openapi_bodies import (
    BODIES,
    EXAMPLES,
    FILES,
    NAMES_OBJECTS,
    NO_CONFLICT,
    NO_FORBIDDEN,
    RATE_LIMITED,
)
from web.api.openapi_summaries import SUMMARIES

SCHEME = "bearerAuth"
WRITE = ("post", "put", "patch", "delete")
ERRORS = {  # status → (component name, description)
    "400": ("InvalidInput", "输入无效 · Invalid input: `fields` names each bad field"),
    "401": ("Unauthorized", "未登录或口令错误 · No valid bearer token (or a wrong password)"),
    "403": ("Forbidden", "无权操作 · The caller's role or region may not do this"),
    "404": ("NotFound", "不存在或不可见 · No such object, or not one the caller may see"),
    "409": ("Conflict", "与当前状态冲突 · Conflicts with the current state: nothing changed"),
    "413": ("TooLarge", "请求过大 · The request or upload is too large: nothing saved"),
    "429": ("TooManyRequests", "请求过多 · Too many requests: wait and try again"),
}
ERROR_EXAMPLE = {
    "error": {"code": "invalid_input", "message": "输入无效：round_id", "fields": {"round_id": ["缺少必填字段。"]}}
}
_FREE_SEGMENT = re.compile(r"<(?!int:)[^>]+>")


def error_statuses(endpoint, rule, method, operation, protected):
    """The error statuses an operation can answer, by what the route does."""
    statuses = set()
    params = operation.get("parameters", [])
    reads = "requestBody" in operation or any(p.get("in") == "query" for p in params)
    if reads or _FREE_SEGMENT.search(rule.rule):
        statuses.add("400")
    if protected or endpoint == "api_auth.token":
        statuses.add("401")
    if protected and endpoint not in NO_FORBIDDEN:
        statuses.add("403")
    if rule.arguments or endpoint in NAMES_OBJECTS:
        statuses.add("404")
    if method in WRITE and endpoint not in NO_CONFLICT:
        statuses.add("409")
    if "requestBody" in operation:
        statuses.add("413")
    if endpoint in RATE_LIMITED:
        statuses.add("429")
    return statuses


class DocumentPlugin(BasePlugin):
    """Registers the scheme and error responses, then completes each operation."""

    def __init__(self, open_endpoints, protected_blueprints):
        self.open_endpoints = open_endpoints
        self.protected_blueprints = protected_blueprints

    def init_spec(self, spec):
        super().init_spec(spec)
        spec.components.security_scheme(
            SCHEME,
            {
                "type": "http",
                "scheme": "bearer",
                "description": "令牌由 POST /api/v1/auth/token 签发 · A token from POST /api/v1/auth/token "
                "(username and password), sent as `Authorization: Bearer <token>`",
            },
        )
        for name, description in ERRORS.values():
            spec.components.response(
                name,
                {
                    "description": description,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": ERROR_EXAMPLE}
                    },
                },
            )

    def operation_helper(self, path=None, operations=None, **kwargs):
        rule = kwargs.get("rule")
        if rule is None or operations is None:
            return
        endpoint = rule.endpoint
        protected = endpoint.split(".")[0] in self.protected_blueprints and endpoint not in self.open_endpoints
        for method, operation in operations.items():
            self._complete(endpoint, rule, method, operation, protected)

    def _complete(self, endpoint, rule, method, operation, protected):
        key = f"{endpoint}:{method}"
        body = BODIES.get(key) or BODIES.get(endpoint)
        if body is not None:
            operation["requestBody"] = body
        example = EXAMPLES.get(endpoint)
        if example is not None and "requestBody" in operation:
            for media in operation["requestBody"]["content"].values():
                media.setdefault("example", example)
        responses = {str(status): r for status, r in operation.get("responses", {}).items()}
        operation["responses"] = responses
        responses.pop("default", None)
        if endpoint in FILES:
            ok = next((s for s in responses if s.startswith("2")), "200")
            responses[ok] = {
                "description": "文件 · The file",
                "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in FILES[endpoint]},
            }
        for status in sorted(error_statuses(endpoint, rule, method, operation, protected)):
            responses[status] = {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
        if protected:
            operation["security"] = [{SCHEME: []}]
        else:
            operation["security"] = []
        zh, en = SUMMARIES.get(key) or SUMMARIES[endpoint]
        described = operation.get("summary", "")
        if operation.get("description"):
            described = f"{described}\n\n{operation['description']}"
        operation["summary"] = f"{zh} · {en}"
        if described:
            operation["description"] = described
        blueprint, name = endpoint.split(".", 1)
        several = len(rule.methods - {"HEAD", "OPTIONS"}) > 1
        operation["operationId"] = f"{blueprint.removeprefix('api_')}_{name}" + (f"_{method}" if several else "")
