"""Form definitions are JSON Schema documents; submissions are checked against them.

A field that chooses people names its source in `x-options` (e.g. `users:expert`);
`resolve` turns that into an `enum` of ids, so clients can offer a select list and
the same enum is enforced on submission.
"""
import copy
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from engine import clock, text
from engine.config import settings
from engine.errors import InvalidInput, Text
from engine.scoring import catalog, sheets
from engine.scoring.records import expert_annotations
from models import Case, RoleMembership, User, db

_FORMATS = FormatChecker()


# Durations and dates a form takes are read by the same bounded parser as the timers
# they end up in (engine.clock): a 400 naming the field, not a step that never ends.
@_FORMATS.checks("duration", raises=ValueError)
def _is_duration(value: object) -> bool:
    return not isinstance(value, str) or clock.duration_parts(value) is not None


@_FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if isinstance(value, str) and abs(date.fromisoformat(value).year - clock.now().year) > clock.MAX_YEARS:
        raise clock.TimeRefused(f"{value} is more than {clock.MAX_YEARS} years away")
    return True


@_FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or clock.parse_moment(value) is not None


def _limit(names: str | list[str]) -> list[str]:
    """The durations `x-max-duration` names: literal ones (P5Y) or engine settings."""
    parts = [names] if isinstance(names, str) else list(names)
    return [p if p.upper().startswith("P") else settings.case_defaults.get(p) or getattr(settings, p)
            for p in parts]


def longest(names: str | list[str]) -> str:
    """The bound of an `x-max-duration` as people read it: "P3Y + P2Y"."""
    return " + ".join(_limit(names))


def _max_duration(validator: Any, names: str | list[str], instance: object,
                  schema: dict[str, Any]) -> Iterator[ValidationError]:
    """`"x-max-duration": ["max_creation_period", "creation_period_exception_cap"]`: a
    duration at most that long (from now, calendar-aware, as the timer will count it)."""
    if not isinstance(instance, str):
        return
    try:
        years = clock.duration_years(instance)
    except ValueError:
        return  # not a duration: "format": "duration" says so
    start = end = clock.now()
    for limit in _limit(names):
        end = end + clock.parse_duration(limit, end)
    if years > clock.MAX_YEARS or start + clock.parse_duration(instance, start) > end:
        yield ValidationError(f"{instance} is longer than {longest(names)}, the longest allowed")


_Validator = validators.extend(Draft202012Validator, {"x-max-duration": _max_duration})
# C0/C1 controls other than tab and line breaks, and the bidirectional embeddings,
# overrides and isolates that make a text read differently from what it stores.


def validate(schema: dict[str, Any], data: object) -> dict[str, Any]:
    """Return the submission if it fits the form; else raise with errors per field."""
    if not isinstance(data, dict):
        raise InvalidInput("the form data must be a JSON object")
    fields: dict[str, list[str]] = {}
    known = schema.get("properties", {})
    for name in data:
        if name not in known:
            fields.setdefault(name, []).append(Text("unknown field"))
        elif text.has_forbidden(data[name]):
            fields.setdefault(name, []).append(text.MESSAGE)
    for error in _Validator(schema, format_checker=_FORMATS).iter_errors(data):
        if error.validator == "required" and not error.absolute_path:
            for name in error.validator_value:
                if name not in data and name not in fields:
                    fields[name] = [Text("required field is missing")]
            continue
        name = str(error.absolute_path[0]) if error.absolute_path else "_form"
        # the time parser's own reason ("longer than 1000 years") says more than "is not a 'duration'"
        message = str(error.cause) if isinstance(error.cause, clock.TimeRefused) else _said(error)
        if message not in fields.get(name, ()):
            fields.setdefault(name, []).append(message)
    if fields:
        raise InvalidInput("the form has errors: {names}", fields, names=", ".join(sorted(fields)))
    return data


# jsonschema's own English, as templates the web layer can translate (the pages' form_ui
# reads the same words); messages not listed stay as jsonschema says them
_SAID = {
    "enum": "{value!r} is not one of {limit!r}", "type": "{value!r} is not of type {limit}",
    "maxLength": "{value!r} is too long", "minLength": "{value!r} is too short",
    "maximum": "{value!r} is greater than the maximum of {limit!r}",
    "minimum": "{value!r} is less than the minimum of {limit!r}",
    "maxItems": "expected at most {limit} items", "minItems": "expected at least {limit} items",
    "format": "{value!r} is not a {limit!r}", "pattern": "{value!r} does not match {limit!r}",
    "const": "{limit!r} was expected",
}


def _said(error: ValidationError) -> str:
    template = _SAID.get(str(error.validator))
    limit = error.validator_value
    if template is None or (error.validator, limit) in (("minLength", 1), ("maxLength", 0)):
        return error.message  # "should be non-empty", "is expected to be empty"
    if error.validator == "type":
        limit = ", ".join(map(repr, limit if isinstance(limit, list) else [limit]))
    return Text(template, value=error.instance, limit=limit)


def _options(source: str) -> list[str]:
    kind, _, value = source.partition(":")
    if kind == "users":
        return sorted(db.session.scalars(
            db.select(User.username).join(RoleMembership)
            .where(RoleMembership.role == value, User.active.is_(True))).unique())
    raise InvalidInput("unknown option source {source}", source=source)


def option_labels(source: str) -> dict[str, str]:
    """{value: what people read} for the values of an `x-options` source (a person's name)."""
    kind, _, value = source.partition(":")
    if kind != "users":
        return {}
    rows = db.session.execute(db.select(User.username, User.display_name).join(RoleMembership)
                              .where(RoleMembership.role == value)).all()
    return {username: name or username for username, name in rows}


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
