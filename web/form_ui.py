"""Task forms as pages: JSON Schema → fields to render, posted fields → typed data, and the
engine's per-field messages → sentences in the user's language.

Generic on purpose (DESIGN.md, "Forms are data"): a new form in bpmn/forms/ needs no code.
"""
import re

from flask_babel import gettext as _

from .labels import value_label

LONG_TEXT = 200  # strings allowed to be longer than this get a textarea


def fields(schema):
    """[{name, title, description, kind, required, options, ...}] in the schema's order."""
    required = set(schema.get("required", []))
    result = []
    for name, spec in (schema.get("properties") or {}).items():
        items = spec.get("items") or {}
        field = {"name": name, "title": spec.get("title") or name, "description": spec.get("description"),
                 "required": name in required, "spec": spec, "options": None,
                 "minimum": spec.get("minimum"), "maximum": spec.get("maximum"),
                 "maxlength": spec.get("maxLength"), "default": spec.get("default")}
        kind = spec.get("type")
        if kind == "string" and "enum" in spec:
            field["kind"] = "radio" if len(spec["enum"]) <= 5 else "select"
            field["options"] = [(v, value_label(name, v)) for v in spec["enum"]]
        elif kind == "string" and spec.get("format") == "date":
            field["kind"] = "date"
        elif kind == "string":
            field["kind"] = "textarea" if (spec.get("maxLength") or 10 ** 6) > LONG_TEXT else "text"
        elif kind in ("number", "integer"):
            field["kind"] = kind
        elif kind == "boolean":
            field["kind"] = "boolean"
        elif kind == "array" and "enum" in items:
            field["kind"] = "multi"
            field["options"] = [(v, value_label(name, v)) for v in items["enum"]]
        elif kind == "array":
            field["kind"] = "list"  # one item per line, plus uploads (documents)
        else:
            field["kind"] = "json"
        result.append(field)
    return result


def parse(schema, form):
    """Typed form data from a posted form (empty fields are left out) and the fields that
    could not even be read (a word where a number belongs)."""
    data, errors = {}, {}
    for field in fields(schema):
        name, kind = field["name"], field["kind"]
        if kind == "multi":
            values = form.getlist(name)
            if values:
                data[name] = values
            continue
        if kind == "boolean":
            raw = form.get(name)
            if raw in ("true", "false"):
                data[name] = raw == "true"
            continue
        raw = (form.get(name) or "").strip()
        if raw == "":
            continue
        if kind == "list":
            data[name] = [line.strip() for line in raw.splitlines() if line.strip()]
        elif kind in ("number", "integer"):
            try:
                number = float(raw)
                data[name] = int(number) if kind == "integer" or number.is_integer() else number
                if kind == "integer" and not number.is_integer():
                    errors[name] = [_("Enter a whole number.")]
            except ValueError:
                errors[name] = [_("Enter a number.")]
        else:
            data[name] = raw
    return data, errors


def as_text(field, value):
    """A stored value as the input shows it again (drafts, re-rendered forms)."""
    if value is None:
        return ""
    if field["kind"] == "list":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(value)


_PATTERNS = [
    (re.compile(r"required field is missing|is a required property"), lambda s: _("This field is required.")),
    (re.compile(r"unknown field"), lambda s: _("This field is not part of the form.")),
    (re.compile(r"is too long|expected at most|should be non-empty|is too short|"
                r"expected at least"), None),
    (re.compile(r"less than the minimum|greater than the maximum"),
     lambda s: _("Enter a value between %(min)s and %(max)s.", min=_fmt(s.get("minimum", 0)),
                 max=_fmt(s.get("maximum", "∞")))),
    (re.compile(r"does not match"), lambda s: _("The value does not have the expected format.")),
    (re.compile(r"is not one of"), lambda s: _("Choose one of the offered values.")),
    (re.compile(r"is not a 'date'"), lambda s: _("Enter a date (YYYY-MM-DD).")),
    (re.compile(r"is not of type"), lambda s: _("The value has the wrong type.")),
    (re.compile(r"non-unique|has non-unique"), lambda s: _("Each value only once.")),
]


def _fmt(number):
    return f"{number:g}" if isinstance(number, (int, float)) else str(number)


def _length(spec, message):
    items = "array" == spec.get("type")
    if "long" in message or "at most" in message:
        limit = spec.get("maxItems") if items else spec.get("maxLength")
        return _("At most %(n)s entries.", n=limit) if items else _("At most %(n)s characters.", n=limit)
    limit = spec.get("minItems") if items else spec.get("minLength")
    if items:
        return _("At least %(n)s entries.", n=limit or 1)
    return _("This field is required.") if (limit or 1) <= 1 else _("At least %(n)s characters.", n=limit)


def humanise(schema, errors):
    """The engine's {field: [English messages]} as sentences in the user's language."""
    properties = schema.get("properties") or {}
    result = {}
    for name, messages in errors.items():
        spec = properties.get(name, {})
        out = []
        for message in messages:
            text = message
            for pattern, say in _PATTERNS:
                if pattern.search(message):
                    text = say(spec) if say else _length(spec, message)
                    break
            if text not in out:
                out.append(text)
        result[name] = out
    return result
