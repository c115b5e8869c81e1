"""engine/scheduling/lease.py on the suite's database: one holder at a time, renewal,
release, and take-over when the holder dies: after the TTL for the row lease (SQLite; it
runs on PostgreSQL too), at once when the connection of the advisory lock ends (PostgreSQL).
Whole scheduler processes taking over are tested in tests/engine/test_scheduler__processes.py."""
import time
from datetime import timedelta

import pytest
from sqlalchemy import delete, text

from engine.scheduling import lease
from models import SchedulerLease, db
from tests.helpers.scheduler_harness import wait_for

TTL = 1.0  # seconds: short, so that a lease left alone expires within the test


@pytest.fixture
def leases(app):
    """make(holder, kind=None, ttl=TTL): a lease as the deployment's database takes it (kind None),
    or of one kind; all released and the row gone afterwards."""
    made = []
    with app.app_context():
        _forget_row()

        def make(holder, kind=None, ttl=TTL):
            found = lease.for_database(holder, ttl) if kind is None else kind(holder, ttl=ttl)
            made.append(found)
            return found
        yield make
        for each in made:
            each.release()
        _forget_row()
        db.session.remove()


def _forget_row():
    db.session.execute(delete(SchedulerLease))
    db.session.commit()


def row():
    """(holder, acquired_at, expires_at) as committed."""
    db.session.expire_all()
    found = db.session.get(SchedulerLease, lease.NAME)
    values = (found.holder, found.acquired_at, found.expires_at) if found is not None else None
    db.session.commit()
    return values


def postgresql():
    return db.engine.dialect.name == "postgresql"


def test_one_holder_at_a_time_and_the_row_names_it(leases):
    a, b, c = leases("holder-a"), leases("holder-b"), leases("holder-c")
    assert isinstance(a, lease.AdvisoryLease) == postgresql()
    assert a.acquire() and not b.acquire() and not c.acquire()
    assert a.acquire()  # the holder keeps it
    assert not b.acquire()
    holder, _, expires_at = row()
    assert holder == "holder-a" and expires_at > lease.wall_now()


def test_a_released_lease_is_taken_at_once_and_its_old_holder_stands_by(leases):
    a, b = leases("holder-a"), leases("holder-b")
    assert a.acquire() and not b.acquire()
    a.release()
    assert not a.held and row()[2] <= lease.wall_now()  # not left to expire
    assert b.acquire()  # no TTL to wait out
    assert row()[0] == "holder-b"
    assert not a.acquire()


def test_a_row_lease_no_one_renews_is_taken_over_after_its_ttl(leases):
    a, b = leases("holder-a", lease.RowLease), leases("holder-b", lease.RowLease)
    assert a.acquire()
    _, _, expires_at = row()
    assert not b.acquire()  # a has died: it renews no more
    assert wait_for(b.acquire, timeout=10 * TTL, step=0.1)
    holder, acquired_at, _ = row()
    assert holder == "holder-b" and acquired_at >= expires_at  # taken only once expired
    assert not a.acquire()  # a, back from the dead, finds b holding it and stands by
    a.release()  # and its release leaves b's lease alone
    assert row()[0] == "holder-b" and row()[2] > lease.wall_now()


def test_a_row_lease_renewed_in_time_outlives_its_ttl(leases):
    ttl = 2.0  # renewed every ttl/3: room for a slow moment on a busy machine
    a, b = leases("holder-a", lease.RowLease, ttl), leases("holder-b", lease.RowLease, ttl)
    assert a.acquire()
    _, acquired_at, first_expiry = row()
    refused, until = [], time.monotonic() + 2.5 * ttl
    while time.monotonic() < until:  # a renews as the scheduler loop does; b keeps asking
        assert a.acquire()
        refused.append(not b.acquire())
        time.sleep(0.1)
    holder, still_acquired_at, expires_at = row()
    assert all(refused) and holder == "holder-a"
    assert still_acquired_at == acquired_at and expires_at > first_expiry + timedelta(seconds=ttl)


def test_an_advisory_lease_is_free_the_moment_its_holders_connection_ends(leases):
    if not postgresql():
        pytest.skip("the advisory lock is PostgreSQL's; SQLite runs the row lease")
    a, b = leases("holder-a"), leases("holder-b")
    assert a.acquire() and not b.acquire()
    # the holder's host is gone: the server ends its connection (as after a kill -9)
    db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": a.conn.info.backend_pid})
    db.session.commit()
    assert wait_for(b.acquire, timeout=5, step=0.05)  # no TTL: the lock went with the connection
    assert row()[0] == "holder-b"
    assert wait_for(lambda: not a.acquire(), timeout=5)  # a learns it lost the lock and stands by
    assert not a.held and b.acquire()
