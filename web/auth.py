"""Identity: signing in with the known-client cookie, API bearer tokens, and the
Flask-Login user loader (which ends sessions whose version the user has moved past)."""
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import joinedload

from engine.accounts import signin
from models import User, db
from web.extensions import login_manager

KNOWN_CLIENT_COOKIE = "dz_client"


def _serializer(salt="api-token"):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def sign_in(username, password):
    """(user or None, a callable that sets the known-client cookie on the response).

    The client's key comes from its signed cookie, or is made here; a successful sign-in
    makes the client known to the user, so that strangers' failures never pause it."""
    key = _client_key() or secrets.token_urlsafe(32)
    user = signin.authenticate(username, password, client_key=key)

    def set_cookie(response):
        if user is not None:  # signed again on every success: the cookie's age restarts
            response.set_cookie(KNOWN_CLIENT_COOKIE, _serializer("known-client").dumps(key),
                                max_age=int(signin.KNOWN_CLIENT_LIFETIME.total_seconds()), httponly=True,
                                secure=bool(current_app.config["SESSION_COOKIE_SECURE"]), samesite="Lax")
        return response
    return user, set_cookie


def _client_key():
    value = request.cookies.get(KNOWN_CLIENT_COOKIE)
    if not value:
        return None
    try:
        key = _serializer("known-client").loads(value, max_age=int(signin.KNOWN_CLIENT_LIFETIME.total_seconds()))
    except (BadSignature, SignatureExpired):
        return None
    return key if isinstance(key, str) and len(key) <= 64 else None


def issue_token(user):
    # The password hash's tail is signed in: a password change revokes old tokens.
    return _serializer().dumps({"uid": user.id, "pw": user.password_hash[-8:]})


def user_from_token(token):
    try:
        data = _serializer().loads(token, max_age=current_app.config["API_TOKEN_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    user = _user(data.get("uid"))
    if user is None or not user.active or user.password_hash[-8:] != data.get("pw"):
        return None
    return user


def _user(user_id):
    """The user with roles in one query: every request starts with it."""
    return db.session.get(User, user_id, options=[joinedload(User.roles)])


@login_manager.user_loader
def load_user(session_id):
    """`<user id>:<session version>` (User.get_id); a bare id, from before versions, is
    version 0. A session older than the user's version has ended."""
    user_id, _, version = str(session_id).partition(":")
    if not (user_id.isdecimal() and (version or "0").isdecimal() and len(session_id) < 24):
        return None
    user = _user(int(user_id))
    if user is None or (user.session_version or 0) != int(version or 0):
        return None
    return user
