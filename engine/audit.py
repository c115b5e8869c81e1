"""Audit events: who did what, when, to which case — written in the caller's transaction."""
import csv
import io
import json
from collections.abc import Callable
from typing import Any, TypeAlias

from engine import clock
from engine.webhooks import outbox as _webhooks  # noqa: F401  (writes each event's deliveries in its transaction)
from models import AuditEvent, Case, User, db

# Who did something: a signed-in user, or a system name ("scheduler", "public", "system").
Actor: TypeAlias = User | str


def record(actor: Actor, action: str, case: Case | int | None = None, task_name: str | None = None,
           detail: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event; `actor` is a User, a username, or a system name."""
    event = AuditEvent(at=clock.now(), actor=getattr(actor, "username", actor), action=action,
                       case_id=getattr(case, "id", case), task_name=task_name,
                       detail=detail or {})
    db.session.add(event)
    return event


def history(case_id: int) -> list[AuditEvent]:
    return (AuditEvent.query.filter_by(case_id=case_id)
            .order_by(AuditEvent.at, AuditEvent.id).all())


EXPORT_COLUMNS = ("id", "at", "actor", "action", "task", "detail")
WORD_COLUMNS = ("who", "what", "step")
# (who, what, step) of an event in words for people; the web layer knows the language
Words: TypeAlias = Callable[[list[AuditEvent]], list[tuple[str, str, str]]]


def export_csv(case_id: int, words: Words | None = None) -> str:
    """The case's whole trail as CSV (oldest first, detail as JSON), with a BOM so that
    spreadsheet programs read the Chinese text as UTF-8; with `words`, also who, what and
    which step in words (the codes stay, for programs that read them)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS + (WORD_COLUMNS if words else ()))
    events = history(case_id)
    said = words(events) if words else [()] * len(events)
    for e, extra in zip(events, said, strict=True):
        writer.writerow((e.id, e.at.isoformat(), e.actor, e.action, e.task_name or "",
                         json.dumps(e.detail, ensure_ascii=False, sort_keys=True), *extra))
    return "\ufeff" + out.getvalue()
