"""Telling a waiting scheduler to look again: PostgreSQL NOTIFY, sent in the writer's
transaction (so it arrives only if the change commits). On SQLite the scheduler polls
one indexed MIN query instead, and this does nothing."""
from datetime import datetime

from sqlalchemy import text

from models import db

CHANNEL = "dzbpm_scheduler"


def notify(reason: str) -> None:
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_notify(:channel, :reason)"),
                           {"channel": CHANNEL, "reason": reason})


def timer_moved(old: datetime | None, new: datetime | None) -> None:
    """Called on save: only an earlier (or first) next timer needs the scheduler's attention."""
    if new is not None and (old is None or new < old):
        notify("timer " + new.isoformat())
