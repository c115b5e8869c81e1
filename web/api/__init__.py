"""HTTP API v1 (API.md): flask-smorest blueprints, bearer-token auth, one error shape."""
from functools import wraps

import flask_smorest
from flask import g, request
from webargs.flaskparser import FlaskParser

from engine.errors import Forbidden
from web.api.schemas.common import ErrorSchema
from web.auth import user_from_token
from web.errors import error_response

# Filled by `protected` as the blueprints are built: web.api.openapi documents the bearer
# scheme on every route of these blueprints but the open endpoints.
PROTECTED_BLUEPRINTS: set[str] = set()
OPEN_ENDPOINTS: set[str] = set()


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None  # every status is listed (web.api.openapi), no catch-all

    def __init__(self, app=None, **kwargs):
        from web.api.openapi import DocumentPlugin
        plugin = DocumentPlugin(OPEN_ENDPOINTS, PROTECTED_BLUEPRINTS)
        super().__init__(app, spec_kwargs={"extra_plugins": [plugin]}, **kwargs)

    def _register_error_handlers(self):
        pass  # web.errors owns the error shape for the whole app


class _Parser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = _Parser()


def protected(blp, open_endpoints=()):
    """Every route of `blp` but `open_endpoints` needs a valid bearer token; the
    user lands in g.user. Session cookies are not accepted here, so the API
    needs no CSRF token."""
    PROTECTED_BLUEPRINTS.add(blp.name)
    OPEN_ENDPOINTS.update(open_endpoints)

    @blp.before_request
    def authenticate():
        if request.endpoint in open_endpoints:
            return None
        header = request.headers.get("Authorization", "")
        user = user_from_token(header[7:]) if header.startswith("Bearer ") else None
        if user is None:
            return error_response(401, "a valid bearer token is required")
        g.user = user
    return blp


def requires(*roles):
    """403 unless the caller holds one of `roles`, checked before the request body is
    read, so that a refusal never depends on the input. Place it right under
    `@blp.route`; the engine still checks the role and the region."""
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not any(g.user.has_role(role) for role in roles):
                raise Forbidden("this needs the role {roles}", roles=' or '.join(roles))
            return view(*args, **kwargs)
        return wrapper
    return decorator


def page(query, args):
    total = query.order_by(None).count()
    items = query.limit(args["per_page"]).offset((args["page"] - 1) * args["per_page"]).all()
    return {"items": items, "total": total}


def register(api):
    """Every API v1 blueprint, in the order the OpenAPI document lists them."""
    from web.api import (
        analytics,
        auth,
        cases,
        clock,
        comments,
        decisions,
        definitions,
        experience,
        filters,
        messages,
        operations,
        orgs,
        plans,
        public,
        rounds,
        scheduling,
        scores,
        tasks,
        webhooks,
    )
    for module in (operations, auth, orgs, rounds, cases, tasks, definitions, clock, public,
                   scheduling, messages, plans, scores, decisions, comments, experience, filters, analytics,
                   webhooks):
        api.register_blueprint(module.blp)
