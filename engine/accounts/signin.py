"""Signing in: password check with lockout after repeated failures (audited)."""
from datetime import timedelta

from engine import clock
from engine.audit import record
from models import User, db

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)


def authenticate(username: str, password: str) -> User | None:
    """The user, or None. Wrong passwords count; the fifth in a row locks the account
    for a quarter of an hour, and a locked account refuses even the right password."""
    user = User.query.filter_by(username=username).first()
    if user is None or not user.active:
        return None
    now = clock.now()
    if user.locked_until is not None and user.locked_until > now:
        record(user, "user_login_refused", detail={"reason": "locked", "until": user.locked_until.isoformat()})
        db.session.commit()
        return None
    if not user.check_password(password):
        user.failed_logins = (user.failed_logins or 0) + 1
        record(user, "user_login_failed", detail={"failures": user.failed_logins})
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until, user.failed_logins = now + LOCKOUT, 0
            record(user, "user_locked", detail={"until": user.locked_until.isoformat()})
        db.session.commit()
        return None
    if user.failed_logins or user.locked_until:
        user.failed_logins, user.locked_until = 0, None
        db.session.commit()
    return user
