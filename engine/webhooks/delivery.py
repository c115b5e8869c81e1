"""Delivery of the webhook outbox over HTTP, after the transactions that wrote it.

- Claimed before sent: a pass selects due rows (FOR UPDATE SKIP LOCKED on PostgreSQL),
  marks them `sending` with a lease in one UPDATE that re-checks they are still due, and
  commits before anything leaves, so two passes (two schedulers, a request and the job)
  never send one row at once. A sender that died holding a lease leaves the row to be
  taken over when the lease ends: sent at least once, never lost; receivers drop the
  second copy by its `X-DZ-Delivery` id.
- In order per case: a row is due only when every earlier row of the same subscription
  and case is delivered, so a pass sends one row per case and subscription and goes on
  while it delivers something.
- Bounded: connect and read timeout, the answer read up to READ_CAP bytes, redirects not
  followed (3xx is a failed attempt). 2xx delivers; anything else is retried after
  1 min, 2 min, 4 min … at most 1 h; after MAX_ATTEMPTS the row is `failed` (and blocks its
  case's later rows) until an administrator retries it.
"""
import http.client
import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from time import monotonic
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import aliased

from engine import clock
from engine.config import settings
from engine.webhooks import signing
from models import db
from models.webhooks import DeliveryStatus, WebhookDelivery, WebhookSubscription

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)
TIMEOUT = 5.0        # seconds, to connect and for each read
READ_CAP = 64 * 1024
MAX_ATTEMPTS = 10
FIRST_RETRY = 60.0   # seconds; doubles each attempt
LAST_RETRY = 3600.0
BATCH = 100
MAX_ROUNDS = 200     # passes of one call (each sends the next row of every case)
USER_AGENT = "dzbpm-webhooks/1"
# After a failed connection, passes right after a commit leave that subscription to the job.
_down_until: dict[int, float] = {}
D = WebhookDelivery


def retry_after(attempts: int) -> timedelta:
    return timedelta(seconds=min(FIRST_RETRY * 2 ** (attempts - 1), LAST_RETRY))


def _due(now: datetime) -> Any:
    return or_(and_(D.status == DeliveryStatus.PENDING, D.next_attempt_at <= now),
               and_(D.status == DeliveryStatus.SENDING, D.lease_until < now))


def _first_of_its_case() -> Any:
    earlier = aliased(D)
    return ~exists().where(earlier.subscription_id == D.subscription_id, earlier.case_id == D.case_id,
                           earlier.id < D.id, earlier.status != DeliveryStatus.DELIVERED)


def claim(now: datetime, ids: Iterable[int] | None = None) -> tuple[str, list[WebhookDelivery]]:
    token = uuid4().hex
    q = (select(D.id).join(WebhookSubscription, WebhookSubscription.id == D.subscription_id)
         .where(_due(now), _first_of_its_case(), WebhookSubscription.active.is_(True)))
    if ids is not None:
        q = q.where(D.id.in_(list(ids)))
        down = [s for s, until in _down_until.items() if until > monotonic()]
        if down:
            q = q.where(D.subscription_id.not_in(down))
    q = q.order_by(D.id).limit(BATCH)
    if db.engine.dialect.name == "postgresql":
        q = q.with_for_update(of=D, skip_locked=True)
    chosen = list(db.session.execute(q).scalars())
    if chosen:
        db.session.execute(update(D).where(D.id.in_(chosen), _due(now))
                           .values(status=DeliveryStatus.SENDING, claimed_by=token, lease_until=now + LEASE)
                           .execution_options(synchronize_session=False))
    db.session.commit()  # the claim is visible to every other pass before a request leaves
    if not chosen:
        return token, []
    rows = (D.query.filter(D.claimed_by == token, D.status == DeliveryStatus.SENDING)
            .order_by(D.id).populate_existing().all())
    return token, rows


def headers(row: WebhookDelivery, secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    return {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
            "X-DZ-Event": row.event, "X-DZ-Delivery": row.uid, "X-DZ-Timestamp": str(timestamp),
            "X-DZ-Signature": signing.sign(secret, timestamp, body)}


def check_address(host: str, port: int) -> None:
    """Refuse (PermissionError, an OSError: retried and shown as the delivery's error) a host
    that resolves to a loopback, private, link-local or reserved address, unless allowed
    (settings.webhook_private_networks). The connection then resolves the name again: a
    name that changes its answer in between is not caught (a proxy is the stronger guard)."""
    if settings.webhook_private_networks:
        return
    for *_, address in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP):
        ip = ipaddress.ip_address(address[0])
        if not ip.is_global or ip.is_multicast:
            raise PermissionError(f"{host} resolves to {ip}, which webhooks may not reach")


def post(url: str, body: bytes, head: dict[str, str]) -> tuple[int, str]:
    """One POST, bounded; the status and the start of the answer. Raises OSError or
    http.client.HTTPException when the receiver cannot be reached."""
    parts = urlsplit(url)
    port = parts.port
    check_address(parts.hostname or "", port or (443 if parts.scheme == "https" else 80))
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(parts.hostname or "", port, timeout=TIMEOUT,
                                           context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(parts.hostname or "", port, timeout=TIMEOUT)
    try:
        conn.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body, head)
        response = conn.getresponse()
        answer = response.read(READ_CAP)
        return response.status, answer[:200].decode("utf-8", "replace")
    finally:
        conn.close()


def _finish(token: str, row: WebhookDelivery, status: int | None, error: str | None) -> str:
    now = clock.now()
    attempts = row.attempts + 1
    mine = and_(D.id == row.id, D.claimed_by == token, D.status == DeliveryStatus.SENDING)
    values: dict[str, Any] = {"attempts": attempts, "lease_until": None, "last_status": status}
    if error is None:
        values.update(status=DeliveryStatus.DELIVERED, delivered_at=now, last_error=None)
        outcome = "delivered"
    else:
        given_up = attempts >= MAX_ATTEMPTS
        values.update(status=DeliveryStatus.FAILED if given_up else DeliveryStatus.PENDING,
                      last_error=error[:500], next_attempt_at=now + retry_after(attempts))
        outcome = "failed" if given_up else "retrying"
    db.session.execute(update(D).where(mine).values(**values).execution_options(synchronize_session=False))
    db.session.commit()
    return outcome


def send(token: str, row: WebhookDelivery) -> str:
    sub = db.session.get(WebhookSubscription, row.subscription_id)
    assert sub is not None  # rows go with their subscription (ON DELETE CASCADE)
    body = row.body.encode()
    try:
        status, answer = post(sub.url, body, headers(row, sub.secret, body, int(time.time())))
    except (OSError, http.client.HTTPException) as exc:
        _down_until[sub.id] = monotonic() + FIRST_RETRY
        log.warning("webhook %s unreachable: %s", sub.id, exc)
        return _finish(token, row, None, f"{type(exc).__name__}: {exc}")
    _down_until.pop(sub.id, None)
    if 200 <= status < 300:
        return _finish(token, row, status, None)
    hint = " (redirects are not followed)" if 300 <= status < 400 else ""
    return _finish(token, row, status, f"HTTP {status}{hint}: {answer}")


def deliver(ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Delivery passes until nothing more is due: every due row (or only `ids`, what a
    commit just wrote), each case's rows in order."""
    result = {"delivered": 0, "retrying": 0, "failed": 0}
    chosen = list(ids) if ids is not None else None
    for _ in range(MAX_ROUNDS):
        token, rows = claim(clock.now(), chosen)
        delivered = 0
        for row in rows:
            outcome = send(token, row)
            result[outcome] += 1
            delivered += outcome == "delivered"
        if not delivered:  # nothing new can be due before the next pass
            break
    return result


def retry(row: WebhookDelivery) -> None:
    """Due again now, with a fresh count (an administrator's retry; the caller commits)."""
    row.status, row.attempts, row.next_attempt_at = DeliveryStatus.PENDING, 0, clock.now()
    row.lease_until = row.claimed_by = None
