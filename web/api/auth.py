from flask import current_app, g

from web.api import Blueprint, protected
from web.api.schemas.common import MeSchema, TokenRequestSchema, TokenSchema
from web.auth import authenticate, issue_token
from web.errors import error_response
from web.extensions import limiter

blp = protected(Blueprint("api_auth", __name__, url_prefix="/api/v1", description="Authentication"),
                open_endpoints=("api_auth.token",))


@blp.route("/auth/token", methods=["POST"])
@limiter.limit("20 per minute")
@blp.arguments(TokenRequestSchema)
@blp.response(200, TokenSchema)
def token(args):
    """Exchange a username and password for a bearer token."""
    user = authenticate(args["username"], args["password"])
    if user is None:
        return error_response(401, "wrong username or password")
    return {"token": issue_token(user), "expires_in": current_app.config["API_TOKEN_MAX_AGE"]}


@blp.route("/me")
@blp.response(200, MeSchema)
def me():
    """The caller and the roles they hold, each in an organisation."""
    return g.user

