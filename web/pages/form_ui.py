"""Task forms as pages: JSON Schema → fields to render, posted fields → typed data, and the
engine's per-field messages → sentences in the user's language.

Generic on purpose (DESIGN.md, "Forms are data"): a new form in bpmn/forms/ needs no code.
"""
import json
import math
import re

from flask_babel import gettext as _

from engine.clock import MAX_YEARS, duration_parts, duration_years
from engine.definitions import ui
from engine.definitions.forms import longest, option_labels
from engine.errors import EngineError
from web import inputs
from web.labels import value_label

LONG_TEXT = 200  # strings allowed to be longer than this get a textarea
DOCUMENTS = ("list", "file")  # kinds whose items are document references (uploads or typed)
# the UI schema's widget → the kind of input rendered (the others are their own kind)
_WIDGET_KINDS = {"checkboxes": "multi"}
MAX_PICKER_YEARS = 10  # the duration picker's years, when the form gives no longest period


def fields(schema, prefix=""):
    """[{name, path, title, description, kind, required, options, children, ...}] in the
    UI schema's order (else the schema's); an object with properties becomes a group of its
    own fields, whose inputs are named by dotted paths (`self_scores.1`)."""
    required = set(schema.get("required", []))
    layout = ui.of(schema)
    result = []
    for name, spec in _in_order(schema, layout):
        path, look = f"{prefix}{name}", layout.get(name) or {}
        field = {"name": path, "key": name, "title": spec.get("title") or name,
                 "description": look.get("help") or spec.get("description"), "required": name in required,
                 "spec": spec, "options": None, "children": None, "minimum": spec.get("minimum"),
                 "maximum": spec.get("maximum"), "maxlength": spec.get("maxLength"),
                 "default": spec.get("default"), "placeholder": look.get("placeholder"), "rows": look.get("rows")}
        field["kind"], field["options"] = _kind(name, spec, look)
        if field["kind"] == "object":
            field["children"] = fields(spec, prefix=f"{path}.")
        if field["kind"] == "duration":
            field["years"] = range(_picker_years(spec) + 1)
        result.append(field)
    return result


def _in_order(schema, layout):
    """(name, spec) of the properties: those the UI schema orders first, by `order`; then
    required ones in the order the list gives (stored forms may have lost their key order;
    the required list keeps the author's), then the rest."""
    order = list(schema.get("required", []))
    required, properties = set(order), schema.get("properties") or {}
    names = [n for n in order if n in properties] + [n for n in properties if n not in required]
    ordered = sorted((n for n in names if "order" in (layout.get(n) or {})), key=lambda n: layout[n]["order"])
    names = ordered + [n for n in names if n not in ordered]
    return [(n, properties[n]) for n in names]


def _kind(name, spec, look):
    """(kind of input, its options) for a property: the UI schema's widget, else by its type."""
    kind, items = spec.get("type"), spec.get("items") or {}
    widget = look.get("widget")
    values = spec.get("enum") if "enum" in spec else items.get("enum")
    labels = look.get("labels") or {}
    if "x-options" in spec:
        labels = {**option_labels(spec["x-options"]), **labels}
    if widget:
        return _WIDGET_KINDS.get(widget, widget), _options(name, values, labels) if values is not None else None
    if kind == "string" and "enum" in spec:
        return ("radio" if len(spec["enum"]) <= 5 else "select"), _options(name, spec["enum"], labels)
    if kind == "string" and spec.get("format") == "date":
        return "date", None
    if kind == "string":
        return ("textarea" if (spec.get("maxLength") or 10 ** 6) > LONG_TEXT else "text"), None
    if kind in ("number", "integer", "boolean"):
        return kind, None
    if kind == "array" and "enum" in items:
        return "multi", _options(name, items["enum"], labels)
    if kind == "array" and items.get("type", "string") == "string":
        return "list", None  # one item per line, plus uploads (documents)
    if kind == "object" and spec.get("properties"):
        return "object", None
    return "json", None  # anything else is typed as JSON


def _options(name, values, labels):
    return [(v, labels.get(v) or value_label(name, v)) for v in values]


def _picker_years(spec):
    """How many years the duration picker offers: the form's longest period, rounded up."""
    if "x-max-duration" not in spec:
        return MAX_PICKER_YEARS
    try:
        return min(MAX_YEARS, math.ceil(sum(duration_years(p) for p in longest(spec["x-max-duration"]).split(" + "))))
    except (ValueError, TypeError, AttributeError):
        return MAX_PICKER_YEARS


def leaves(field_list):
    for field in field_list:
        if field["kind"] == "object":
            yield from leaves(field["children"])
        else:
            yield field


def lookup(values, path):
    for part in path.split("."):
        if not isinstance(values, dict):
            return None
        values = values.get(part)
    return values


def _put(data, path, value):
    parts = path.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def parse(schema, form):
    """Typed form data from a posted form (empty fields are left out) and the fields that
    could not even be read (a word where a number belongs), by top-level field."""
    data, errors = {}, {}
    for field in leaves(fields(schema)):
        name, kind, top = field["name"], field["kind"], field["name"].split(".")[0]
        if kind == "multi":
            values = form.getlist(name)
            if values:
                _put(data, name, values)
            continue
        if kind == "boolean":
            raw = form.get(name)
            if raw in ("true", "false"):
                _put(data, name, raw == "true")
            continue
        raw = (form.get(name) or "").strip()
        if kind == "duration" and raw == "":
            raw = _picked_duration(form, name, errors, top)
        if raw == "":
            continue
        if kind == "date":
            raw = _iso_date(raw)
        if kind in DOCUMENTS:
            _put(data, name, [line.strip() for line in raw.splitlines() if line.strip()])
        elif kind in ("number", "integer"):
            number = _number(raw)
            if number is None:
                errors.setdefault(top, []).append(_("Enter a number."))
            else:
                _put(data, name, int(number) if kind == "integer" or number.is_integer() else number)
                if kind == "integer" and not number.is_integer():
                    errors.setdefault(top, []).append(_("Enter a whole number."))
        elif kind == "json":
            try:
                _put(data, name, inputs.loads(raw))
            except ValueError:
                errors.setdefault(top, []).append(_("The value has the wrong type."))
            except EngineError:
                errors.setdefault(top, []).append(_("The value is nested too deeply or too large."))
        else:
            _put(data, name, raw)
    return data, errors


def _picked_duration(form, name, errors, top):
    """The ISO 8601 period (P2Y6M) of a duration picker's years and months selects ("" when
    neither is chosen): the page composes it, so it works without JavaScript."""
    years, months = (form.get(f"{name}__years") or "").strip(), (form.get(f"{name}__months") or "").strip()
    if years == "" and months == "":
        return ""
    if not (re.fullmatch(r"[0-9]{0,4}", years) and re.fullmatch(r"[0-9]{0,2}", months)):
        errors.setdefault(top, []).append(_("Choose the years and months from the lists."))
        return ""
    y, m = int(years or 0), int(months or 0)
    return "P" + (f"{y}Y" if y else "") + (f"{m}M" if m or not y else "")


_LOOSE_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _iso_date(raw):
    """A date typed as 2026/3/5, 2026.3.5 or 2026年3月5日 as yyyy-mm-dd (what the schema
    checks); anything else as typed, for the schema to refuse."""
    match = _LOOSE_DATE.fullmatch(raw)
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else raw


def duration_picked(value):
    """(years, months) a stored period shows in the picker, or None when it has weeks, days
    or time (then it is shown as typed)."""
    if not value:
        return (None, None)
    try:
        parts = duration_parts(value)
    except ValueError:
        return None
    if set(parts) - {"years", "months"}:
        return None
    months = int(parts.get("years", 0)) * 12 + int(parts.get("months", 0))
    return divmod(months, 12)


def _number(raw):
    """A finite number typed into a field, or None (`1e999` and `nan` are not numbers)."""
    try:
        number = float(raw)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def as_text(field, value):
    """A stored value as the input shows it again (drafts, re-rendered forms)."""
    if value is None:
        return ""
    if field["kind"] == "json":
        return json.dumps(value, ensure_ascii=False)
    if field["kind"] in DOCUMENTS:
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
    (re.compile(r"is longer than"), lambda s: _longest_words(s)),
    (re.compile(r"is not an ISO 8601 duration"), lambda s: _("Enter an ISO 8601 period such as P2Y (two years).")),
    (re.compile(r"years away"), lambda s: _("Enter a date within %(n)s years from today.", n=MAX_YEARS)),
    (re.compile(r"is not of type"), lambda s: _("The value has the wrong type.")),
    (re.compile(r"non-unique|has non-unique"), lambda s: _("Each value only once.")),
]


def _longest_words(spec):
    """The longest period allowed, in words: "at most 5 years", not the settings' P3Y + P2Y."""
    if "x-max-duration" not in spec:
        return _("The period may be at most %(n)s years.", n=MAX_YEARS)
    years = sum(duration_years(p) for p in longest(spec["x-max-duration"]).split(" + "))
    if float(years).is_integer():
        return _("The period may be at most %(n)s years.", n=int(years))
    return _("The period may be at most %(limit)s.", limit=longest(spec["x-max-duration"]))


def _fmt(number):
    return f"{number:g}" if isinstance(number, (int, float)) else str(number)


def _length(spec, message):
    items = spec.get("type") == "array"
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
