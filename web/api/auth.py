from flask import after_this_request, current_app, g

from engine.accounts import signin
from web.api import Blueprint, protected, requires
from web.api.schemas.common import AccountLockSchema, MeSchema, TokenRequestSchema, TokenSchema
from web.auth import issue_token, sign_in
from web.errors import error_response
from web.extensions import limiter

blp = protected(Blueprint("api_auth", __name__, url_prefix="/api/v1", description="Authentication"),
                open_endpoints=("api_auth.token",))


@blp.route("/auth/token", methods=["POST"])
@limiter.limit("20 per minute")
@blp.arguments(TokenRequestSchema)
@blp.response(200, TokenSchema)
def token(args):
    """Exchange a username and password for a bearer token.

    A client that keeps cookies is known after its first success (cookie `dz_client`):
    strangers' wrong passwords, which pause new clients' sign-ins, never pause it."""
    user, remember_client = sign_in(args["username"], args["password"])
    if user is None:
        return error_response(401, "wrong username or password")
    token = {"token": issue_token(user), "expires_in": current_app.config["API_TOKEN_MAX_AGE"]}
    after_this_request(remember_client)
    return token


@blp.route("/me")
@blp.response(200, MeSchema)
def me():
    """The caller and the roles they hold, each in an organisation."""
    return g.user



@blp.route("/admin/users/<username>/unlock", methods=["POST"])
@requires("admin")
@blp.response(200, AccountLockSchema)
def unlock(username):
    """Lift the pause that repeated wrong passwords put on an account (and its known clients)."""
    return signin.unlock(g.user, username)
