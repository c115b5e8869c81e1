"""Thresholds as data: rows of table `settings` an administrator may change.

The defaults below apply when a row is missing (migration 0003 seeds the rows).
"""
from datetime import datetime, timedelta
from typing import Any

from engine import clock
from engine.audit import Actor
from engine.errors import InvalidInput, NotFound, Text
from models import Setting, db

DURATION, NUMBER = "duration", "number"
DEFAULTS = {
    "escalation.reminder_after": ("PT0S", DURATION),
    "escalation.grace": ("P3D", DURATION),
    "escalation.every_seconds": ("60", NUMBER),
    "supervision.check_interval": ("P1Y", DURATION),
    "supervision.response_period": ("P30D", DURATION),
    "supervision.every_seconds": ("3600", NUMBER),
    "supervision.rectification_period": ("P30D", DURATION),  # Art 22: 整改报告 after an interview or warning
    "supervision.statement_working_days": ("10", NUMBER),    # Art 22: 陈述申辩 before a revocation
    "calendar.warn_days": ("60", NUMBER),
    "plan.reminder_after": ("PT0S", DURATION),
    "plan.grace": ("P5D", DURATION),
    "plan.every_seconds": ("3600", NUMBER),
    "round.remind_before": ("P3D", DURATION),
    "round.every_seconds": ("3600", NUMBER),
    "mail.every_seconds": ("60", NUMBER),     # delivery passes of the mail outbox
    "mail.digest_hour": ("8", NUMBER),        # daily digests leave at this hour, China time
    "webhooks.every_seconds": ("30", NUMBER),  # delivery passes of the webhook outbox
}


def get(key: str) -> str:
    row = db.session.get(Setting, key)
    if row is not None:
        return row.value
    if key not in DEFAULTS:
        raise NotFound("no setting {key}", key=key)
    return DEFAULTS[key][0]


def number(key: str) -> float:
    return float(get(key))


def after(key: str, start: datetime) -> datetime:
    """`start` plus the duration setting `key` (calendar-aware: P1M, P1Y)."""
    return start + clock.parse_duration(get(key), start)


def before(key: str, end: datetime) -> datetime:
    """The moment `end` minus the duration setting `key` (calendar-aware, backwards)."""
    return end - clock.duration_before(get(key), end)


def all_settings() -> list[dict[str, Any]]:
    rows = {row.key: row for row in Setting.query.all()}
    return [{"key": key, "value": rows[key].value if key in rows else default, "type": kind,
             "description": rows[key].description if key in rows else None,
             "updated_at": rows[key].updated_at if key in rows else None,
             "updated_by": rows[key].updated_by if key in rows else None}
            for key, (default, kind) in DEFAULTS.items()]


def validate(key: str, value: str) -> None:
    if key not in DEFAULTS:
        raise NotFound("no setting {key}", key=key)
    kind = DEFAULTS[key][1]
    try:
        if kind == DURATION:
            if clock.parse_duration(value, clock.now()) < timedelta(0):
                raise ValueError
        elif float(value) <= 0:
            raise ValueError
    except Exception:  # the duration parser raises a bare Exception
        expected = "an ISO 8601 duration such as P3D" if kind == DURATION else "a positive number"
        raise InvalidInput("{key} must be {expected}", fields={"value": [Text("expected {expected}", expected=expected)]}, key=key, expected=expected) from None


def put(key: str, value: str, actor: Actor) -> Setting:
    """Change a setting; the caller's transaction commits it (audited)."""
    from engine.audit import record
    validate(key, value)
    row = db.session.get(Setting, key) or Setting(key=key)
    old = row.value
    row.value, row.updated_at, row.updated_by = value, clock.now(), getattr(actor, "username", actor)
    db.session.add(row)
    record(actor, "setting_changed", detail={"key": key, "old": old, "new": value})
    return row
