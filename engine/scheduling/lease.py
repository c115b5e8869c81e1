"""One active scheduler per deployment; others stand by and take over when it dies.

PostgreSQL: a session advisory lock held on a connection of its own. The server
drops it the moment that connection ends (process killed, host gone after TCP
keepalive), so a standby polling pg_try_advisory_lock takes over within a poll.
Other databases (SQLite): a row lease in table scheduler_leases that the holder
renews; a standby takes it once it has expired. Both use wall time, never the
adjustable clock. The row is written in both cases so the admin page shows who leads.
"""
import logging
import os
import socket
from datetime import UTC, datetime, timedelta
from time import monotonic
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from models import SchedulerLease, db

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)
NAME = "scheduler"
ADVISORY_KEY = 7263010  # arbitrary, fixed: "the scheduler" for pg_try_advisory_lock


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def wall_now() -> datetime:
    return datetime.now(UTC)


class RowLease:
    def __init__(self, holder: str, ttl: float = 15.0) -> None:
        self.holder, self.ttl = holder, timedelta(seconds=ttl)
        self.held = False
        self._checked = float("-inf")

    def fresh(self, every: float) -> bool:
        """Held and confirmed less than `every` seconds ago: no need to ask the database."""
        return self.held and monotonic() - self._checked < every

    def acquire(self) -> bool:
        """Take or renew the lease; True while we hold it. Commits its own transaction."""
        if self.fresh(self.ttl.total_seconds() / 3):
            return True
        self._checked = monotonic()
        now = wall_now()
        try:
            row = db.session.execute(select(SchedulerLease).where(SchedulerLease.name == NAME)
                                     .with_for_update()).scalar_one_or_none()
            if row is None:
                row = SchedulerLease(name=NAME, holder=self.holder, acquired_at=now, expires_at=now)
                db.session.add(row)
            if row.holder == self.holder or row.expires_at <= now:
                if row.holder != self.holder:
                    row.holder, row.acquired_at = self.holder, now
                row.expires_at = now + self.ttl
                self.held = True
            else:
                self.held = False
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("lease renewal failed")
            self.held = False
        return self.held

    def release(self) -> None:
        if self.held:
            row = db.session.get(SchedulerLease, NAME)
            if row is not None and row.holder == self.holder:
                row.expires_at = wall_now()
                db.session.commit()
        self.held = False


class AdvisoryLease(RowLease):
    """PostgreSQL: the advisory lock decides; the row only tells who holds it."""
    conn: "psycopg.Connection[Any] | None"

    def __init__(self, holder: str, url: str, ttl: float = 15.0) -> None:
        super().__init__(holder, ttl)
        self.url, self.conn = url, None

    def acquire(self) -> bool:
        import psycopg
        if self.fresh(1.0):
            return True
        self._checked = monotonic()
        try:
            if self.conn is None or self.conn.closed:
                self.conn, self.held = psycopg.connect(self.url, autocommit=True), False
            if self.held:
                self.conn.execute("SELECT 1")  # still connected means still holding
            else:
                row = self.conn.execute("SELECT pg_try_advisory_lock(%s)", (ADVISORY_KEY,)).fetchone()
                self.held = bool(row and row[0])
                if self.held:
                    self._publish()
        except psycopg.Error:
            log.exception("advisory lock connection lost")
            self._drop()
        return self.held

    def _publish(self) -> None:
        now = wall_now()
        row = db.session.get(SchedulerLease, NAME) or SchedulerLease(name=NAME)
        row.holder, row.acquired_at, row.expires_at = self.holder, now, now + timedelta(days=3650)
        db.session.merge(row)
        db.session.commit()

    def _drop(self) -> None:
        try:
            if self.conn is not None:
                self.conn.close()
        finally:
            self.conn, self.held = None, False

    def release(self) -> None:
        if self.held:
            try:
                row = db.session.get(SchedulerLease, NAME)
                if row is not None and row.holder == self.holder:
                    row.expires_at = wall_now()
                    db.session.commit()
            finally:
                self._drop()
        self._drop()


def for_database(holder: str, ttl: float) -> RowLease:
    if db.engine.dialect.name == "postgresql":
        url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return AdvisoryLease(holder, url, ttl)
    return RowLease(holder, ttl)
