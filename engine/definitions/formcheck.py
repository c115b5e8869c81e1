"""The rules a form edited in the browser must pass before it is stored in a draft.

The same rules a deploy applies to a form (a valid JSON Schema, engine.definitions.ui's
`x-ui` check, no field named as the step's opinion) and those the renderer relies on (an
object of named fields, dotted paths free), each refusal naming the field it is about, so
that the form editor can mark it. Nothing here stores anything.
"""
import re
from typing import Any

from jsonschema import Draft202012Validator, SchemaError

from engine import clock, text
from engine.definitions import forms, ui
from engine.errors import DefinitionInvalid, InvalidInput, Text
from models.comments import OPINION_FIELD
from models.orgs import ROLES

NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
MAX_FIELDS = 200
TYPES = ("string", "integer", "number", "boolean", "array", "object")


def _refuse(name: str, fields: dict[str, list[str]]) -> InvalidInput:
    return InvalidInput("form {name} has errors: {names}", fields, name=name, names=", ".join(sorted(fields)))


def check_name(name: object) -> str:
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise InvalidInput("a form's name is 1 to 64 lower-case letters, digits and _, starting with a letter",
                           {"name": [Text("lower-case letters, digits and _, starting with a letter")]})
    return name


def _field_problems(field: str, spec: Any) -> list[str]:
    if not FIELD.fullmatch(field):
        return [Text("a field's name is letters, digits and _, starting with a letter")]
    if field == OPINION_FIELD:
        return [Text("the name {field} is kept for the step's opinion", field=field)]
    if not isinstance(spec, dict):
        return [Text("a field must be an object")]
    problems: list[str] = []
    if spec.get("type") not in TYPES and "enum" not in spec and "x-options" not in spec:
        problems.append(Text("the type must be one of {types}", types=", ".join(TYPES)))
    low, high = spec.get("minimum"), spec.get("maximum")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
        problems.append(Text("the minimum is greater than the maximum"))
    enum = spec.get("enum")
    if isinstance(enum, list) and (not enum or len(set(map(str, enum))) != len(enum)):
        problems.append(Text("the list of values must be non-empty and each value only once"))
    source = spec.get("x-options")
    if source is not None and not (isinstance(source, str) and source.startswith("users:")
                                   and source[6:] in ROLES):
        problems.append(Text("x-options names people as users:<role> ({roles})", roles=", ".join(ROLES)))
    if "x-max-duration" in spec and not _bounded(spec["x-max-duration"]):
        problems.append(Text("x-max-duration names durations (P5Y) or settings (max_creation_period)"))
    if any(not isinstance(v, (str, int, float, bool)) for values in _enums(spec) for v in values):
        problems.append(Text("the values must be texts or numbers"))
    if text.has_forbidden(spec):
        problems.append(text.MESSAGE)
    return problems


def _bounded(names: Any) -> bool:
    """Whether an `x-max-duration` reads as submissions will read it (engine.definitions.forms)."""
    if not (isinstance(names, str) or (isinstance(names, list) and names and all(isinstance(n, str) for n in names))):
        return False
    try:
        return all(clock.duration_parts(limit) is not None for limit in forms.longest(names).split(" + "))
    except (AttributeError, TypeError, ValueError):
        return False


def _enums(spec: Any) -> list[list[Any]]:
    """Every `enum` list in a field, its items and nested fields (the renderer looks values up)."""
    found, stack = [], [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("enum"), list):
                found.append(node["enum"])
            stack.extend(v for k, v in node.items() if k != "enum")
        elif isinstance(node, list):
            stack.extend(node)
    return found


def check(name: str, schema: object, empty_ok: bool = False) -> dict[str, Any]:
    """Return the form if it passes; else raise InvalidInput with messages per field
    (`_form` for the form as a whole). A form without fields passes only when `empty_ok`
    (a preview of a form just begun)."""
    check_name(name)
    if not isinstance(schema, dict):
        raise _refuse(name, {"_form": [Text("the form must be a JSON object")]})
    fields: dict[str, list[str]] = {}
    properties = schema.get("properties")
    if schema.get("type", "object") != "object" or not isinstance(properties, dict):
        raise _refuse(name, {"_form": [Text('the form must be of type "object" with "properties"')]})
    if not properties and not empty_ok:
        fields["_form"] = [Text("the form has no fields")]
    if len(properties) > MAX_FIELDS:
        fields["_form"] = [Text("the form has more than {n} fields", n=MAX_FIELDS)]
    for field, spec in properties.items():
        problems = _field_problems(str(field), spec)
        if problems:
            fields[str(field)] = problems
    required = schema.get("required", [])
    if not isinstance(required, list):
        fields.setdefault("_form", []).append(Text('"required" must be a list of field names'))
    else:
        for field in required:
            if field not in properties:
                fields.setdefault(str(field), []).append(Text("required, but not a field of the form"))
    if not fields:
        _schema_rules(name, schema, fields)
    if fields:
        raise _refuse(name, fields)
    return schema


def _schema_rules(name: str, schema: dict[str, Any], fields: dict[str, list[str]]) -> None:
    """JSON Schema's own meta-schema and the x-ui check, as a deploy runs them."""
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        path = list(exc.path)
        field = str(path[1]) if len(path) > 1 and path[0] == "properties" else "_form"
        fields.setdefault(field, []).append(Text("not valid JSON Schema: {message}", message=exc.message))
        return
    try:
        ui.check(name, schema)
    except DefinitionInvalid as exc:
        field = str(exc.params.get("field") or "_form")
        fields.setdefault(field, []).append(Text(exc.template, **exc.params))
