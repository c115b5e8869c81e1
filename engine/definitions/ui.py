"""The UI schema of a form: how each field is shown, never what it accepts.

It is the form's `"x-ui"` section ({field: {widget, placeholder, rows, order, labels, help}}),
so it travels with the JSON Schema into a deployed version's forms_json and an uploaded form
carries its own; forms (and versions) without one are rendered from the schema alone. The
JSON Schema keeps driving validation (engine.definitions.forms): a widget only chooses the
input. Checked at deploy time, so a typo in a widget name is a refused deploy, not a page
that silently falls back to a text box.
"""
from typing import Any

from engine.errors import DefinitionInvalid

KEY = "x-ui"
# widget → the JSON Schema shape it can edit
_STRING = ("text", "textarea", "tel", "email", "date", "duration")
_CHOICE = ("radio", "select")
_ARRAY = ("checkboxes", "file")
WIDGETS = _STRING + _CHOICE + _ARRAY
_OPTIONS = {"widget": str, "placeholder": str, "rows": int, "order": int, "labels": dict, "help": str}
MAX_TEXT = 500  # a placeholder, label or help text is a sentence, not a document
MAX_ROWS = 40


def of(schema: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """{field: options} of a form (empty for a form without a UI schema)."""
    section = (schema or {}).get(KEY)
    return section if isinstance(section, dict) else {}


def check(name: str, schema: dict[str, Any]) -> None:
    """Raise DefinitionInvalid naming the form and field when the UI schema does not fit."""
    if not isinstance(schema, dict) or KEY not in schema:
        return
    section, where = schema[KEY], f"forms/{name}.json"
    if not isinstance(section, dict):
        raise DefinitionInvalid("form {name}: {key} must be an object of fields", file=where, name=name, key=KEY)
    properties = schema.get("properties") or {}
    for field, options in section.items():
        if field not in properties:
            raise DefinitionInvalid("form {name}: {key} names field {field!r}, which is not in the form",
                                    file=where, name=name, key=KEY, field=field)
        if not isinstance(options, dict):
            raise DefinitionInvalid("form {name}: {key}.{field} must be an object", file=where, name=name, key=KEY, field=field)
        _check_field(name, field, options, properties[field], where)


def _check_field(name: str, field: str, options: dict[str, Any], spec: dict[str, Any], where: str) -> None:
    def refuse(message: str) -> DefinitionInvalid:
        return DefinitionInvalid("form {name}: {key}.{field}: {message_value}", file=where, name=name, key=KEY, field=field, message_value=message)

    for key, value in options.items():
        kind = _OPTIONS.get(key)
        if kind is None:
            raise refuse(f"unknown option {key!r} (known: {', '.join(_OPTIONS)})")
        if not isinstance(value, kind) or isinstance(value, bool):
            raise refuse(f"{key} must be a {kind.__name__}")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise refuse(f"{key} is longer than {MAX_TEXT} characters")
    if "rows" in options and not 1 <= options["rows"] <= MAX_ROWS:
        raise refuse(f"rows must be between 1 and {MAX_ROWS}")
    widget = options.get("widget")
    if widget is not None and widget not in WIDGETS:
        raise refuse(f"unknown widget {widget!r} (known: {', '.join(WIDGETS)})")
    items = spec.get("items") or {}
    enum = spec.get("enum") or items.get("enum") or []
    choice = "enum" in spec or "x-options" in spec
    if widget in _STRING and (spec.get("type") != "string" or choice):
        raise refuse(f"widget {widget} needs a string field without a list of values")
    if widget == "duration" and spec.get("format") != "duration":
        raise refuse("widget duration needs a field of format duration")
    if widget in _CHOICE and not choice:
        raise refuse(f"widget {widget} needs a field with enum or x-options")
    if widget == "checkboxes" and not (spec.get("type") == "array" and ("enum" in items or "x-options" in spec)):
        raise refuse("widget checkboxes needs an array field whose items have an enum")
    if widget == "file" and not (spec.get("type") == "array" and items.get("type", "string") == "string"
                                 and "enum" not in items):
        raise refuse("widget file needs an array of strings (document references)")
    labels = options.get("labels") or {}
    for value, label in labels.items():
        if value not in enum:
            raise refuse(f"labels names {value!r}, which is not one of the field's values")
        if not isinstance(label, str) or not label or len(label) > MAX_TEXT:
            raise refuse(f"the label of {value!r} must be a text of 1 to {MAX_TEXT} characters")
