"""Signing in: the password check, and throttling that strangers cannot turn against the user.

Consecutive wrong passwords count where they came from: on the account for every client it
has not signed in from before, on the known client (models.KnownClient: a key the client
keeps in a signed cookie) otherwise. Past `FREE_FAILURES`, each failure earns a pause that
doubles (1, 2, 4 … minutes, at most an hour) during which that side is refused even the
right password, so guessing stays slow. A stranger can therefore pause an account only for
new clients: the right password from a known client still signs in and lifts the pause, and
so does an administrator (`unlock`). Every answer costs one password hash, whether the user
exists, is paused or not, so that timing does not tell which usernames exist.
"""
import hashlib
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from engine import clock, text
from engine.audit import record
from engine.errors import Forbidden, NotFound
from engine.tx import transactional
from models import KnownClient, User, db

FREE_FAILURES = 4
FIRST_PAUSE = timedelta(minutes=1)
LONGEST_PAUSE = timedelta(hours=1)
KNOWN_CLIENT_LIFETIME = timedelta(days=180)  # unused that long, a client is a stranger again


def authenticate(username: str, password: str, client_key: str | None = None) -> User | None:
    """The user, or None. `client_key` is the key the client presented (or a fresh one):
    on success it becomes (or stays) one of the user's known clients."""
    user, client = _look_up(username, client_key)
    db.session.commit()  # nothing held during the hash (SQLite transactions take the write lock)
    if user is None:
        _dummy_check(password)
        return None
    right = user.check_password(password)
    holder = _locked(client or user)
    now, side = clock.now(), ("known" if client else "new")
    signed_in = False
    if holder.locked_until is not None and holder.locked_until > now:
        record(user, "user_login_refused", detail={"reason": "paused", "client": side,
                                                   "until": holder.locked_until.isoformat()})
    elif not right:
        _count_failure(user, holder, now, side)
    else:
        _succeeded(user, client, client_key, now)
        signed_in = True
    db.session.commit()
    return user if signed_in else None


def _look_up(username: str, client_key: str | None) -> tuple[User | None, KnownClient | None]:
    # A name the text policy refuses names nobody (and a NUL would break PostgreSQL's query).
    user = None if text.has_forbidden(username) else User.query.filter_by(username=username).first()
    if user is None or not user.active:
        return None, None
    client = None
    if client_key:
        client = KnownClient.query.filter_by(user_id=user.id, key_hash=_hash(client_key)).first()
        if client is not None and client.last_used_at < clock.now() - KNOWN_CLIENT_LIFETIME:
            client = None
    return user, client


def _locked(row: Any) -> Any:
    """The row again, locked for the counter's update (PostgreSQL; SQLite's write lock)."""
    return db.session.execute(select(type(row)).where(type(row).id == row.id).with_for_update()
                              .execution_options(populate_existing=True)).scalar_one()


def _count_failure(user: User, holder: Any, now: datetime, side: str) -> None:
    holder.failed_logins = (holder.failed_logins or 0) + 1
    record(user, "user_login_failed", detail={"failures": holder.failed_logins, "client": side})
    beyond = holder.failed_logins - FREE_FAILURES
    if beyond > 0:
        pause = min(FIRST_PAUSE * 2 ** min(beyond - 1, 12), LONGEST_PAUSE)
        holder.locked_until = now + pause
        record(user, "user_locked", detail={"until": holder.locked_until.isoformat(), "client": side,
                                            "seconds": int(pause.total_seconds())})


def _succeeded(user: User, client: KnownClient | None, client_key: str | None, now: datetime) -> None:
    if client is not None:  # the user is here: the pause strangers caused ends
        client.failed_logins, client.locked_until, client.last_used_at = 0, None, now
        if user.failed_logins or user.locked_until:
            user = _locked(user)
            if user.locked_until is not None and user.locked_until > now:
                record(user, "user_unlocked", detail={"by": "known_client"})
            user.failed_logins, user.locked_until = 0, None
        return
    user.failed_logins, user.locked_until = 0, None
    if client_key:
        _remember(user, client_key, now)


def _remember(user: User, client_key: str, now: datetime) -> None:
    """Make the client known (again, if it was unused for too long)."""
    key_hash = _hash(client_key)
    row = KnownClient.query.filter_by(user_id=user.id, key_hash=key_hash).first()
    if row is None:
        db.session.add(KnownClient(user_id=user.id, key_hash=key_hash, created_at=now, last_used_at=now,
                                   failed_logins=0))
    else:
        row.failed_logins, row.locked_until, row.last_used_at = 0, None, now


def _hash(client_key: str) -> str:
    return hashlib.sha256(client_key.encode()).hexdigest()


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not a password anyone has")


def _dummy_check(password: str) -> None:
    """As long as a real check: an unknown username answers in the same time as a known one."""
    check_password_hash(_dummy_hash(), password)


@transactional
def unlock(actor: User, username: str) -> User:
    """An administrator lifts the pause of an account and of all its known clients."""
    if not actor.has_role("admin"):
        raise Forbidden("only an administrator unlocks accounts")
    user = None if text.has_forbidden(username) else User.query.filter_by(username=username).first()
    if user is None:
        raise NotFound("no user {username}", username=text.shown(username))
    user = _locked(user)
    was = {"failures": user.failed_logins or 0,
           "until": user.locked_until.isoformat() if user.locked_until else None}
    user.failed_logins, user.locked_until = 0, None
    KnownClient.query.filter_by(user_id=user.id).update({"failed_logins": 0, "locked_until": None})
    record(actor, "user_unlocked", detail={"user": user.username, "by": "admin", **was})
    return user


def paused(now: datetime | None = None) -> list[User]:
    """Accounts that strangers' failures currently pause (for the administrator's page)."""
    now = now or clock.now()
    return User.query.filter(User.locked_until > now).order_by(User.locked_until.desc()).all()
