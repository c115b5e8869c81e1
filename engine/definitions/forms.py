"""Form definitions are JSON Schema documents; submissions are checked against them.

A field that chooses people names its source in `x-options` (e.g. `users:expert`);
`resolve` turns that into an `enum` of ids, so clients can offer a select list and
the same enum is enforced on submission.
"""
import copy
import json
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from engine import text
from engine.errors import InvalidInput
from engine.scoring import catalog, sheets
from engine.scoring.records import expert_annotations
from models import Case, RoleMembership, User, db

_FORMATS = FormatChecker()


def validate(schema: dict[str, Any], data: object) -> dict[str, Any]:
    """Return the submission if it fits the form; else raise with errors per field."""
    if not isinstance(data, dict):
        raise InvalidInput("the form data must be a JSON object")
    fields: dict[str, list[str]] = {}
    known = schema.get("properties", {})
    for name in data:
        if name not in known:
            fields.setdefault(name, []).append("unknown field")
        elif text.has_forbidden(data[name]):
            fields.setdefault(name, []).append(text.MESSAGE)
    for error in Draft202012Validator(schema, format_checker=_FORMATS).iter_errors(data):
        if error.validator == "required" and not error.absolute_path:
            for name in error.validator_value:
                if name not in data and name not in fields:
                    fields[name] = ["required field is missing"]
            continue
        name = str(error.absolute_path[0]) if error.absolute_path else "_form"
        fields.setdefault(name, []).append(error.message)
    if fields:
        raise InvalidInput("the form has errors: " + ", ".join(sorted(fields)), fields)
    return data


def _options(source: str) -> list[str]:
    kind, _, value = source.partition(":")
    if kind == "users":
        return sorted(db.session.scalars(
            db.select(User.username).join(RoleMembership)
            .where(RoleMembership.role == value, User.active.is_(True))).unique())
    raise InvalidInput(f"unknown option source {source}")


def resolve(schema: dict[str, Any], case: Case | None = None) -> dict[str, Any]:
    """A copy of `schema` with every `x-options` source filled in as an enum and, for a
    case, every `x-indicator-scores` property expanded into one field per indicator of the
    case's indicator system (the schema itself when it has neither: forms are shared,
    never mutated)."""
    if case is not None and sheets.has_marker(schema):
        schema = sheets.expand(schema, catalog.for_case(case), expert_annotations(case))
    if "x-options" not in json.dumps(schema):
        return schema
    schema = copy.deepcopy(schema)
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "x-options" in node:
                target = node.setdefault("items", {}) if node.get("type") == "array" else node
                target["enum"] = _options(node["x-options"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return schema
