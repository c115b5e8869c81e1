"""The input policy every request meets before a view reads it, so that hostile input is
the caller's error (400, 404, 413) and never a 500:

- ids and numbers: one range (models.MAX_ID) for path ids (the `int` converter), page
  query and form arguments (`whole`) and API arguments (marshmallow `ID_RANGE`);
- text: query arguments and path segments meet the engine's text policy (engine.text),
  as every form field, file name, objection and report does in the engine;
- JSON bodies: at most MAX_JSON_DEPTH levels deep, MAX_JSON_CONTAINERS objects and arrays
  and JSON_MAX_BYTES bytes, and no NaN or Infinity (no database stores them) — checked on
  the raw bytes before any parser (Flask's, webargs', a view's) recurses into them.
"""
import json
import re

from flask import current_app, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from engine import text
from engine.errors import InvalidInput, Text, TooLarge
from models import MAX_ID
from web import errors

MAX_JSON_DEPTH = 32
MAX_JSON_CONTAINERS = 20_000
JSON_MAX_BYTES = 8 * 1024 * 1024
_STRING = re.compile(rb'"[^"]*"')  # once escapes are gone (see _outside_strings)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class IdConverter(IntegerConverter):
    """`<int:…>` in a URL stops at the database's integer range: a larger number is no
    route (404), not an overflow in the driver (500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def whole(name, source=None, default=None, minimum=1, maximum=MAX_ID):
    """The whole-number argument `name` of a page's query (or of `source`, e.g. request.form):
    `default` when absent or empty, else a number from `minimum` to `maximum`; anything
    else is the caller's error (400 naming the argument), never silently ignored."""
    raw = (request.args if source is None else source).get(name, "").strip()
    if raw == "":
        return default
    try:
        number = int(raw)
    except ValueError:  # not a number, or more digits than Python converts
        number = None
    if number is None or not minimum <= number <= maximum:
        message = _("%(name)s must be a whole number from %(low)s to %(high)s.", name=name, low=minimum,
                    high=maximum)
        raise InvalidInput(message, {name: [message]})
    return number


def check_json(data: bytes) -> None:
    """Refuse a JSON text nested deeper or holding more than the bounds, or holding NaN or
    Infinity; strings are skipped, so brackets inside them count for nothing."""
    limit = current_app.config.get("JSON_MAX_BYTES", JSON_MAX_BYTES)
    if len(data) > limit:
        raise TooLarge("a JSON body is at most {limit} KB", limit=limit // 1024)
    if data.count(b"[") + data.count(b"{") <= MAX_JSON_DEPTH and not _constant(data):
        return  # too few brackets to be too deep: the common small body costs two scans
    outside = _outside_strings(data)
    if _constant(outside):
        raise InvalidInput("NaN and Infinity are not JSON numbers", {"_body": ["NaN or Infinity"]})
    depth = opened = 0
    for byte in outside.translate(None, delete=_NOT_BRACKETS):
        if byte in b"[{":
            depth, opened = depth + 1, opened + 1
        else:
            depth -= 1
        if depth > MAX_JSON_DEPTH:
            raise InvalidInput("a JSON body nests at most {max_json_depth} levels deep",
                               {"_body": [Text("nested deeper than {max_json_depth} levels", max_json_depth=MAX_JSON_DEPTH)]}, max_json_depth=MAX_JSON_DEPTH)
        if opened > MAX_JSON_CONTAINERS:
            raise TooLarge("a JSON body holds at most {max_json_containers} objects and arrays", max_json_containers=MAX_JSON_CONTAINERS)


def _constant(data: bytes) -> bool:
    return b"NaN" in data or b"Infinity" in data


def _outside_strings(data: bytes) -> bytes:
    """The JSON text with its strings emptied. Escaped backslashes go first, then escaped
    quotes (left to right, as a parser pairs a run of backslashes), so that each string is
    plain `"…"` for a regex without alternatives — all at C speed, whatever the size."""
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    return _STRING.sub(b'""', data)


def loads(raw: str):
    """JSON typed into a form field, under the same bounds as a request body."""
    check_json(raw.encode("utf-8", "surrogatepass"))
    return json.loads(raw)


def _check_request():
    for where, values in (("query", request.args.items(multi=True)),
                          ("path", (request.view_args or {}).items())):
        for name, value in values:
            if text.has_forbidden(name) or text.has_forbidden(value):
                shown = text.shown(name)
                message = (f"the {where} argument {shown!r} {text.MESSAGE}" if errors.wants_json() else
                           _("%(name)s contains control or text-direction characters.", name=shown))
                raise text.InvalidText(message, {shown: [text.MESSAGE]})
    if request.is_json and request.content_length != 0:
        check_json(request.get_data(cache=True))


def register(app):
    app.config.setdefault("JSON_MAX_BYTES", JSON_MAX_BYTES)
    app.before_request(_check_request)
