"""One JSON error shape for the API: {"error": {"code", "message", "fields"}}."""
from flask import jsonify, request
from werkzeug.exceptions import HTTPException

from engine.errors import EngineError

CODES = {400: "invalid_input", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid_input",
         429: "too_many_requests"}


def error_response(status, message, code=None, fields=None):
    body = {"error": {"code": code or CODES.get(status, "error"), "message": message,
                      "fields": fields or {}}}
    return jsonify(body), status


def _fields_from_webargs(exc):
    messages = (getattr(exc, "data", None) or {}).get("messages") or {}
    fields = {}
    for location in messages.values():
        for name, msgs in location.items():
            fields[name] = msgs if isinstance(msgs, list) else [str(msgs)]
    return fields


def wants_json():
    return request.path.startswith("/api/")


def register(app):
    @app.errorhandler(EngineError)
    def engine_error(exc):
        if exc.status >= 500:
            app.logger.exception("engine step failed")
        if wants_json():
            return error_response(exc.status, exc.message, exc.code, exc.fields)
        from flask import render_template
        return render_template("error.html", status=exc.status, message=exc.message), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc):
        if not wants_json():
            return exc
        status = 400 if exc.code == 422 else exc.code
        return error_response(status, exc.description, fields=_fields_from_webargs(exc))

    @app.errorhandler(413)
    def too_large(exc):
        if wants_json():
            return error_response(413, "the request is too large")
        from flask import render_template
        from flask_babel import gettext as _
        return render_template("error.html", status=413,
                               message=_("The upload is too large: nothing was saved.")), 413
