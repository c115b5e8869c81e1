"""One JSON error shape for the API: {"error": {"code", "message", "fields"}}, said in the
user's language (web.select_locale): engine errors carry a template and its parameters
(engine.errors), marshmallow's and webargs' English is matched against their templates,
and Werkzeug's generic texts are replaced by ours."""
import re

from flask import jsonify, render_template, request
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from engine.errors import EngineError, Text
from web.labels import role_label, stage_label

CODES = {400: "invalid_input", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid_input",
         429: "too_many_requests"}
GENERIC = {
    400: _l("The request could not be read."), 401: _l("Please log in first."),
    403: _l("You may not do this."), 404: _l("There is no such page or record."),
    405: _l("This method is not allowed here."), 409: _l("This conflicts with the current state."),
    413: _l("The request is too large: nothing was saved."),
    429: _l("Too many requests: please wait a moment and try again."),
}
# marshmallow's and webargs' default messages (marshmallow/fields.py, validate.py, schema.py)
MARSHMALLOW = (
    "Missing data for required field.", "Field may not be null.", "Invalid value.", "Invalid type.",
    "Not a valid list.", "Not a valid tuple.", "Not a valid string.", "Not a valid utf-8 string.",
    "Not a valid UUID.", "Not a valid number.", "Number too large.", "Not a valid integer.",
    "Special numeric values (nan or infinity) are not permitted.", "Not a valid boolean.",
    "Not a valid datetime.", "Not a valid date.", "Not a valid time.", "Not a valid period of time.",
    "Not a valid mapping type.", "Not a valid URL.", "Not a valid email address.",
    "Invalid input type.", "Unknown field.", "Invalid JSON body.", "String does not match expected pattern.",
    "Must be one of: {choices}.", "Must be equal to {other}.",
    "Must be greater than or equal to {min}.", "Must be greater than {min}.",
    "Must be less than or equal to {max}.", "Must be less than {max}.",
    "Must be greater than or equal to {min} and less than or equal to {max}.",
    "Must be greater than {min} and less than {max}.",
    "Must be greater than or equal to {min} and less than {max}.",
    "Must be greater than {min} and less than or equal to {max}.",
    "Shorter than minimum length {min}.", "Longer than maximum length {max}.",
    "Length must be between {min} and {max}.", "Length must be {equal}.",
)
_PLACEHOLDER = re.compile(r"\\\{(\w+)\\\}")
_TEMPLATES = [(re.compile("^" + _PLACEHOLDER.sub(r"(?P<\1>.+?)", re.escape(m)) + "$"), m)
              for m in MARSHMALLOW]
_ROLE_PARAMS = {"role", "roles"}
_STAGE_PARAMS = {"stage"}


def _shown(name, value):
    """A parameter as the user reads it: stage and role codes by their display names, an
    engine text (engine.text.MESSAGE) in the user's language."""
    if isinstance(value, Text):
        return say(value.template, value.params)
    if name in _STAGE_PARAMS and isinstance(value, str):
        return str(stage_label(value))
    if name in _ROLE_PARAMS and isinstance(value, str):
        return gettext(" or ").join(str(role_label(r)) for r in value.split(" or "))
    return value


def say(template, params=None):
    """`template` (an English msgid) in the user's language, formatted with `params`."""
    if not isinstance(template, str):
        return template
    translated = gettext(template) if template else template
    if not params:
        return translated
    try:
        return translated.format(**{k: _shown(k, v) for k, v in params.items()})
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        return template.format(**params)


def say_field(message):
    """One field message: an engine Text, a marshmallow default, or a plain msgid."""
    if isinstance(message, Text):
        return say(message.template, message.params)
    if not isinstance(message, str):
        return str(message)
    for pattern, template in _TEMPLATES:
        match = pattern.match(message)
        if match:
            return say(template, match.groupdict())
    return gettext(message)


def say_fields(fields):
    """Field messages in the user's language; nested ones ({"items": {"0": {...}}}) keep their shape."""
    return {name: say_fields(msgs) if isinstance(msgs, dict) else
            [say_field(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
            for name, msgs in (fields or {}).items()}


def say_error(exc):
    """An EngineError's message in the user's language (with the place of a diagram error)."""
    text = say(exc.template, exc.params)
    where = getattr(exc, "where", "")
    return f"{text} ({where})" if where else text


def error_response(status, message, code=None, fields=None):
    body = {"error": {"code": code or CODES.get(status, "error"), "message": say(message),
                      "fields": say_fields(fields)}}
    return jsonify(body), status


def _fields_from_webargs(exc):
    messages = (getattr(exc, "data", None) or {}).get("messages") or {}
    fields = {}
    for location, content in messages.items():
        if not isinstance(content, dict):  # webargs' "Invalid JSON body." is per location
            content = {f"_{location}": content}
        for name, msgs in content.items():
            _flatten(str(name), msgs, fields)
    return fields


def _flatten(name, msgs, fields):
    """Nested schemas' errors as dotted names ("notice.title"): the error shape's `fields` maps
    a name to a list of messages (API.md), however deep the field."""
    if isinstance(msgs, dict):
        for key, inner in msgs.items():
            _flatten(f"{name}.{key}", inner, fields)
    elif isinstance(msgs, list) and any(isinstance(m, dict) for m in msgs):
        for m in msgs:
            _flatten(name, m, fields)
    else:
        fields.setdefault(name, []).extend(msgs if isinstance(msgs, list) else [str(msgs)])


def _http_message(exc, fields):
    if fields and all(name.startswith("_") for name in fields):  # the body as a whole ("_json")
        return say_field(next(iter(fields.values()))[0])
    if fields:
        return gettext("Invalid input: %(fields)s", fields=", ".join(sorted({f.split(".")[0] for f in fields})))
    status = 400 if exc.code == 422 else exc.code
    described = exc.description if exc.description != type(exc).description and status != 429 else None
    if described:  # abort(404, "…") or an extension's text (CSRF): shown when it can be said
        translated = gettext(described)
        if translated != described or str(get_locale()) == "en":
            return translated
    return str(GENERIC.get(status, exc.description))


def wants_json():
    return request.path.startswith("/api/")


def register(app):
    @app.errorhandler(EngineError)
    def engine_error(exc):
        if exc.status >= 500:
            app.logger.exception("engine step failed")
        if wants_json():
            body = {"error": {"code": exc.code, "message": say_error(exc), "fields": say_fields(exc.fields)}}
            return jsonify(body), exc.status
        return render_template("error.html", status=exc.status, message=say_error(exc)), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc):
        if exc.code is None or exc.code < 400:  # redirects (RequestRedirect) go on as they are
            return exc
        if not wants_json():  # a page: our words in the page's language, not Werkzeug's English
            response = exc.get_response()
            response.set_data(render_template("error.html", status=exc.code, message=_http_message(exc, {})))
            response.mimetype = "text/html"
            return response
        status = 400 if exc.code == 422 else exc.code
        fields = _fields_from_webargs(exc)
        return error_response(status, _http_message(exc, fields), fields=fields)

    @app.errorhandler(413)
    def too_large(exc):
        if wants_json():
            return error_response(413, str(GENERIC[413]))
        return render_template("error.html", status=413,
                               message=gettext("The upload is too large: nothing was saved.")), 413
