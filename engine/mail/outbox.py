"""Outbox rows are written in the notification's own transaction, so a notification is
never committed without its mail, nor its mail without it.

Whoever writes a notification (engine.casework.notifications.send, any kind) needs to do
nothing: when new notification rows are flushed, one outbox row per recipient is added to
the same transaction (the dedupe key, unique, is notification and user: a notification
mails a user once). After the commit, the ids of the rows to send at once
are left on the session for `take_ready`, so that the caller can run a delivery pass
(engine/mail/delivery.py) outside the transaction.
"""
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import event, or_

from engine import clock, thresholds
from engine.mail import texts
from models import Notification, Org, RoleMembership, User, db
from models.mail import MailMode, MailOutbox, MailStatus

NEW, WRITTEN, READY = "dzbpm.mail.new", "dzbpm.mail.written", "dzbpm.mail.ready"


def recipients(note: Notification) -> list[User]:
    """Active users the notification is addressed to (as notifications.visible_to sees it
    from the other side), with an address and mail not switched off."""
    q = User.query.filter(User.active.is_(True), User.email.isnot(None), User.mail_mode != MailMode.OFF)
    if note.user_id is not None:
        q = q.filter(User.id == note.user_id)
    elif note.role is None:
        return []
    else:
        members = RoleMembership.query.filter(RoleMembership.role == note.role)
        if note.role in ("province", "applicant"):
            members = members.filter(RoleMembership.org_id == note.org_id)
        elif note.role == "member_unit":
            # to all member units of the region, or to one unit (plan reminders)
            members = members.join(Org, Org.id == RoleMembership.org_id).filter(
                or_(Org.id == note.org_id, Org.parent_id == note.org_id))
        elif note.role not in ("samr", "expert"):
            return []
        q = q.filter(User.id.in_(members.with_entities(RoleMembership.user_id)))
    return q.order_by(User.id).all()


def next_digest_at(moment: datetime) -> datetime:
    """The next daily digest after `moment`: at `mail.digest_hour` o'clock, China time."""
    hour = int(thresholds.number("mail.digest_hour")) % 24
    local = moment.astimezone(clock.CHINA)
    at = datetime.combine(local.date(), time(hour), clock.CHINA)
    return at if at > local else at + timedelta(days=1)


def rows_for(note: Notification) -> list[MailOutbox]:
    now = clock.now()
    rows = []
    for user in recipients(note):
        digest = user.mail_mode == MailMode.DIGEST
        rows.append(MailOutbox(
            dedupe_key=f"n{note.id}:u{user.id}", notification_id=note.id, user_id=user.id,
            recipient=user.email, subject=texts.subject(note),
            body=texts.item(note) if digest else texts.body(user, note), digest=digest,
            status=MailStatus.PENDING, attempts=0, created_at=now,
            next_attempt_at=next_digest_at(note.created_at) if digest else now))
    return rows


def take_ready() -> list[int]:
    """Ids of outbox rows the last commit of this session wrote for immediate sending."""
    return db.session.info.pop(READY, [])


@event.listens_for(db.session, "after_flush")
def _collect(session: Any, _context: Any) -> None:
    new = [o for o in session.new if isinstance(o, Notification)]
    if new:
        session.info.setdefault(NEW, []).extend(new)


@event.listens_for(db.session, "after_flush_postexec")
def _write(session: Any, _context: Any) -> None:
    """The rows of the notifications just flushed; the commit flushes them in turn (it
    flushes until nothing is left), so a notification any code writes, however late in
    the transaction, has its mail in it."""
    notes = session.info.pop(NEW, [])
    if not notes:
        return
    with session.no_autoflush:
        rows = [row for note in notes for row in rows_for(note)]
    session.add_all(rows)
    session.info.setdefault(WRITTEN, []).extend(rows)


@event.listens_for(db.session, "after_commit")
def _ready(session: Any) -> None:
    written = session.info.pop(WRITTEN, [])
    ready = [row.id for row in written if not row.digest]
    if ready:
        session.info.setdefault(READY, []).extend(ready)


@event.listens_for(db.session, "after_soft_rollback")
def _forget(session: Any, _previous: Any) -> None:
    session.info.pop(NEW, None)
    session.info.pop(WRITTEN, None)
