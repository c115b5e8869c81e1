"""Delivery rows are written in the transaction of the state change they report, so an
event is never committed without its deliveries, nor a delivery without its event.

Nothing calls this module: session hooks watch what each flush writes —
- an audit event `case_started` → case_started; `task_completed` → task_completed;
  `document_issued` of a public notice → notice_published;
- a new open task row (human_tasks) → task_created;
- a case whose stage changed → stage_changed, and zone_certified when it enters
  supervision, zone_revoked when it ends revoked.
Events are gathered until the commit and written then (after its last flush too), one row
per active subscription that wants the event, in the order they happened per case (a
task's completion before the stage it leads to, before the next task). After the commit
the new rows' ids wait on the session for `take_ready`, so that the caller can run a
delivery pass (engine/webhooks/delivery.py) outside the transaction.
"""
import json
from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import event, inspect

from engine import clock
from models import AuditEvent, Case, HumanTask, db
from models.process import EndStage, Stage
from models.webhooks import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSubscription

EVENTS, COMMITTING, WRITTEN, READY = ("dzbpm.webhooks.events", "dzbpm.webhooks.committing",
                                      "dzbpm.webhooks.written", "dzbpm.webhooks.ready")
E = WebhookEvent
# Within one transaction, per case: the order a receiver reads the story in.
RANK = {E.CASE_STARTED: 0, E.TASK_COMPLETED: 1, E.STAGE_CHANGED: 2, E.ZONE_CERTIFIED: 3,
        E.ZONE_REVOKED: 3, E.NOTICE_PUBLISHED: 4, E.TASK_CREATED: 5}
Event = tuple[WebhookEvent, int | None, dict[str, Any], datetime]


def _from_audit(row: AuditEvent) -> Event | None:
    detail = row.detail or {}
    if row.action == "case_started":
        return E.CASE_STARTED, row.case_id, {"region": detail.get("region"), "round": detail.get("round")}, row.at
    if row.action == "task_completed":
        return E.TASK_COMPLETED, row.case_id, {"task": row.task_name, "title": detail.get("title")}, row.at
    if row.action == "document_issued" and detail.get("kind") == "notice":
        return E.NOTICE_PUBLISHED, row.case_id, {k: detail.get(k) for k in ("document_id", "number", "title")}, row.at
    return None


def _from_task(row: HumanTask) -> Event:
    return E.TASK_CREATED, row.case_id, {
        "task_id": row.id, "task": row.name, "title": row.title, "role": row.role, "stage": row.stage,
        "due_at": row.due_at.isoformat() if row.due_at else None}, row.created_at


def _from_case(case: Case, now: datetime) -> list[Event]:
    history = inspect(case).attrs.stage.history
    if not history.deleted or not history.added or history.deleted[0] == history.added[0]:
        return []
    before, after = str(history.deleted[0]), str(history.added[0])
    found: list[Event] = [(E.STAGE_CHANGED, case.id, {"from": before, "to": after}, now)]
    if after == Stage.SUPERVISION:
        found.append((E.ZONE_CERTIFIED, case.id, {"stage": after}, now))
    elif after == EndStage.REVOKED:
        found.append((E.ZONE_REVOKED, case.id, {"stage": after}, now))
    return found


def events_of_flush(session: Any) -> list[Event]:
    now = clock.now()
    found: list[Event] = []
    for obj in session.new:
        if isinstance(obj, AuditEvent):
            e = _from_audit(obj)
            if e is not None:
                found.append(e)
        elif isinstance(obj, HumanTask) and obj.completed_at is None:
            found.append(_from_task(obj))
    for obj in session.dirty:
        if isinstance(obj, Case):
            found += _from_case(obj, now)
    return found


def body(uid: str, kind: WebhookEvent, case_id: int | None, data: dict[str, Any], at: datetime) -> str:
    return json.dumps({"id": uid, "event": str(kind), "occurred_at": at.isoformat(), "case_id": case_id,
                       "data": data}, ensure_ascii=False, sort_keys=True, default=str)


def rows_for(found: list[Event]) -> list[WebhookDelivery]:
    subscriptions = WebhookSubscription.query.filter(WebhookSubscription.active.is_(True)).order_by(
        WebhookSubscription.id).all()
    if not subscriptions:
        return []
    now = clock.now()
    ordered = sorted(enumerate(found), key=lambda p: (RANK[p[1][0]], p[0]))
    rows = []
    for _, (kind, case_id, data, at) in ordered:
        for sub in subscriptions:
            if kind in sub.events:
                uid = str(uuid4())
                rows.append(WebhookDelivery(uid=uid, subscription_id=sub.id, case_id=case_id, event=str(kind),
                                            body=body(uid, kind, case_id, data, at), status=DeliveryStatus.PENDING,
                                            attempts=0, created_at=now, next_attempt_at=now))
    return rows


def take_ready() -> list[int]:
    """Ids of delivery rows the last commit of this session wrote."""
    return db.session.info.pop(READY, [])


def _write(session: Any) -> None:
    found = session.info.pop(EVENTS, [])
    if not found:
        return
    with session.no_autoflush:
        rows = rows_for(found)
    session.add_all(rows)
    session.info.setdefault(WRITTEN, []).extend(rows)


@event.listens_for(db.session, "after_flush")
def _collect(session: Any, _context: Any) -> None:
    found = events_of_flush(session)
    if found:
        session.info.setdefault(EVENTS, []).extend(found)


@event.listens_for(db.session, "after_flush_postexec")
def _late(session: Any, _context: Any) -> None:
    """Events of flushes during the commit (after `_gather`): written at once; the commit
    flushes until nothing is left."""
    if session.info.get(COMMITTING):
        _write(session)


@event.listens_for(db.session, "before_commit")
def _gather(session: Any) -> None:
    session.flush()
    session.info[COMMITTING] = True
    _write(session)


@event.listens_for(db.session, "after_commit")
def _ready(session: Any) -> None:
    session.info.pop(COMMITTING, None)
    written = session.info.pop(WRITTEN, [])
    if written:
        session.info.setdefault(READY, []).extend(row.id for row in written)


@event.listens_for(db.session, "after_soft_rollback")
def _forget(session: Any, _previous: Any) -> None:
    for key in (EVENTS, COMMITTING, WRITTEN):
        session.info.pop(key, None)
