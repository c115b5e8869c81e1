"""Identity: password check, API bearer tokens, and the Flask-Login user loader."""
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import joinedload

from engine.accounts.signin import authenticate  # noqa: F401  (re-exported for the pages and API)
from models import User, db
from web.extensions import login_manager


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="api-token")


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
def load_user(user_id):
    return _user(int(user_id))
