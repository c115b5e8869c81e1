"""Delivery of the outbox over SMTP, after the transactions that wrote it.

A pass claims due rows first (one UPDATE … WHERE status is still pending, committed before
anything is sent): two passes at once, in one process or two schedulers, never claim one
row twice. A claim is a lease; a pass that died holding it is taken over once it ends, so a
crash between the SMTP hand-over and the "sent" mark can send a mail again (at least once),
never lose it. A failed attempt is retried with a growing pause; after MAX_ATTEMPTS the row
is `failed` and stays for an administrator to see.

Digest rows (users who chose one mail a day) fall due at the digest hour; a pass groups
one user's due digest rows into one mail and marks them sent together.
"""
import logging
import smtplib
import ssl
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from itertools import groupby
from time import monotonic
from typing import Any
from uuid import uuid4

from sqlalchemy import and_, or_, select, update

from engine import clock
from engine.config import settings
from engine.mail import texts
from models import User, db
from models.mail import MailOutbox, MailStatus

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
BATCH = 100          # rows (immediate) or users (digest) per pass
FIRST_RETRY = 60.0   # seconds; doubles each attempt
LAST_RETRY = 3600.0
# After a failed connection, passes right after a commit leave the outbox to the mail job
# for a while: a request or a job must not wait out the SMTP timeout again and again.
_down_until: dict[tuple[str | None, int], float] = {}  # (host, port) → monotonic time


def retry_after(attempts: int) -> timedelta:
    return timedelta(seconds=min(FIRST_RETRY * 2 ** (attempts - 1), LAST_RETRY))


def _due(now: datetime) -> Any:
    return or_(and_(MailOutbox.status == MailStatus.PENDING, MailOutbox.next_attempt_at <= now),
               and_(MailOutbox.status == MailStatus.SENDING, MailOutbox.lease_until < now))


def _claim(candidates: Any, now: datetime) -> tuple[str, list[MailOutbox]]:
    token = uuid4().hex
    ids = list(db.session.execute(candidates).scalars())
    if ids:
        db.session.execute(update(MailOutbox).where(MailOutbox.id.in_(ids), _due(now))
                           .values(status=MailStatus.SENDING, claimed_by=token, lease_until=now + LEASE)
                           .execution_options(synchronize_session=False))
    db.session.commit()  # the claim is visible to every other pass before a mail leaves
    if not ids:
        return token, []
    rows = (MailOutbox.query.filter(MailOutbox.claimed_by == token, MailOutbox.status == MailStatus.SENDING)
            .order_by(MailOutbox.user_id, MailOutbox.id).populate_existing().all())
    return token, rows


def claim_immediate(now: datetime, ids: Iterable[int] | None = None) -> tuple[str, list[MailOutbox]]:
    q = select(MailOutbox.id).where(_due(now), MailOutbox.digest.is_(False))
    if ids is not None:
        q = q.where(MailOutbox.id.in_(list(ids)))
    return _claim(q.order_by(MailOutbox.next_attempt_at, MailOutbox.id).limit(BATCH), now)


def claim_digests(now: datetime) -> tuple[str, list[MailOutbox]]:
    users = (select(MailOutbox.user_id).where(_due(now), MailOutbox.digest.is_(True))
             .group_by(MailOutbox.user_id).order_by(MailOutbox.user_id).limit(BATCH))
    q = select(MailOutbox.id).where(_due(now), MailOutbox.digest.is_(True), MailOutbox.user_id.in_(users))
    return _claim(q, now)


def connect() -> smtplib.SMTP:
    """A connection as configured; certificates and host names are always verified."""
    s = settings
    if s.mail_tls == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.mail_host or "", s.mail_port, timeout=s.mail_timeout,
                                              context=ssl.create_default_context(cafile=s.mail_ca_file))
    else:
        smtp = smtplib.SMTP(s.mail_host or "", s.mail_port, timeout=s.mail_timeout)
        if s.mail_tls == "starttls":
            smtp.starttls(context=ssl.create_default_context(cafile=s.mail_ca_file))
    if s.mail_username:
        smtp.login(s.mail_username, s.mail_password or "")
    return smtp


def message(recipient: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = settings.mail_sender, recipient, subject
    msg["Date"] = format_datetime(clock.now())
    msg["Message-ID"] = make_msgid(domain=settings.mail_sender.rpartition("@")[2] or None)
    msg["Auto-Submitted"] = "auto-generated"  # no out-of-office replies to the system
    msg.set_content(body)
    return msg


def _finish(token: str, rows: list[MailOutbox], error: str | None) -> int:
    """Mark the rows sent (no `error`) or due again later; returns how many were given up."""
    now, given_up = clock.now(), 0
    for row in rows:
        mine = and_(MailOutbox.id == row.id, MailOutbox.claimed_by == token, MailOutbox.status == MailStatus.SENDING)
        if error is None:
            values: dict[str, Any] = {"status": MailStatus.SENT, "sent_at": now, "lease_until": None,
                                      "attempts": row.attempts + 1, "last_error": None}
        else:
            attempts = row.attempts + 1
            if attempts >= MAX_ATTEMPTS:
                given_up += 1
            values = {"attempts": attempts, "lease_until": None, "last_error": error[:500],
                      "status": MailStatus.FAILED if attempts >= MAX_ATTEMPTS else MailStatus.PENDING,
                      "next_attempt_at": now + retry_after(attempts)}
        db.session.execute(update(MailOutbox).where(mine).values(**values)
                           .execution_options(synchronize_session=False))
    db.session.commit()
    return given_up


def _mails(rows: list[MailOutbox]) -> list[tuple[list[MailOutbox], EmailMessage]]:
    """One mail per immediate row; one per user for digest rows."""
    mails = []
    for user_id, group in groupby(rows, key=lambda r: r.user_id):
        group_rows = list(group)
        digest = [r for r in group_rows if r.digest]
        mails += [([r], message(r.recipient, r.subject, r.body)) for r in group_rows if not r.digest]
        if digest:
            user = db.session.get(User, user_id)
            assert user is not None  # rows go with their user (ON DELETE CASCADE)
            mails.append((digest, message(digest[-1].recipient, texts.digest_subject(len(digest)),
                                          texts.digest_body(user, [r.body for r in digest]))))
    return mails


def _send(token: str, rows: list[MailOutbox]) -> dict[str, int]:
    result = {"sent": 0, "retrying": 0, "failed": 0}
    if not rows:
        return result
    mails = _mails(rows)
    try:
        smtp = connect()
    except (OSError, smtplib.SMTPException) as exc:  # server down or refusing us: every row waits
        _down_until[(settings.mail_host, settings.mail_port)] = monotonic() + FIRST_RETRY
        log.warning("SMTP server unavailable: %s", exc)
        failed = _finish(token, rows, f"{type(exc).__name__}: {exc}")
        return {"sent": 0, "retrying": len(rows) - failed, "failed": failed}
    _down_until.pop((settings.mail_host, settings.mail_port), None)
    try:
        for group, msg in mails:
            try:
                smtp.send_message(msg)
            except (OSError, smtplib.SMTPException) as exc:
                failed = _finish(token, group, f"{type(exc).__name__}: {exc}")
                result["retrying"] += len(group) - failed
                result["failed"] += failed
                continue
            _finish(token, group, None)  # marked at once: a later failure must not resend it
            result["sent"] += len(group)
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return result


def deliver(ids: Iterable[int] | None = None) -> dict[str, Any]:
    """One delivery pass: due immediate rows (only `ids`, when given: what a commit just
    wrote) and, without `ids`, the due digests. Nothing happens without an SMTP host, nor
    for `ids` while the server was found down a moment ago."""
    if not settings.mail_host:
        return {"sent": 0, "retrying": 0, "failed": 0, "skipped": "no SMTP host configured"}
    if ids is not None and monotonic() < _down_until.get((settings.mail_host, settings.mail_port), 0.0):
        return {"sent": 0, "retrying": 0, "failed": 0, "skipped": "the SMTP server was down a moment ago"}
    now = clock.now()
    result = _send(*claim_immediate(now, ids))
    if ids is None:
        digests = _send(*claim_digests(now))
        result = {k: result[k] + digests[k] for k in result}
    return result
