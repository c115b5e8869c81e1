"""Webhook senders killed mid-delivery lose nothing, and two senders never send one delivery
at once. A sender (tests/helpers/webhook_sender_child.py, a process of its own) delivers a
case's events to a real receiver on loopback and is SIGKILLed before its 1st, 2nd, …
SQL statement, right after a receiver answered, or by this process while a request is in
flight; after the kill (its lease passed on the adjustable clock) another pass delivers the
rest. The receiver, deduplicating by X-DZ-Delivery, gets every event exactly once, in the
order they happened, each signature valid; at most the one delivery in flight arrives twice.
Runs on the suite's database (SQLite, or PostgreSQL with --db=postgresql).
"""
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from threading import Event

import pytest
from sqlalchemy import update

from engine import clock
from engine.webhooks import delivery, subscriptions
from models import WebhookDelivery, db
from models.webhooks import WEBHOOK_EVENTS
from tests.helpers.api_journey import Journey
from tests.helpers.webhook_receiver import Receiver

pytestmark = pytest.mark.faults

CHILD = Path(__file__).resolve().parents[1] / "helpers" / "webhook_sender_child.py"
MAX_POINTS = 40


def child(url, kill_at):
    result = subprocess.run([sys.executable, str(CHILD), url, str(kill_at)],
                            capture_output=True, text=True, timeout=120)
    if result.returncode == -signal.SIGKILL:
        return None
    assert result.returncode == 0, result.stderr[-3000:]
    words = result.stdout.split()
    return int(words[1]), int(words[3])


def waiting_story(app, api, events):
    """A case with its first steps behind it and their deliveries waiting: the receiver was
    down while they happened. Returns the receiver (up again) and the deliveries' ids."""
    receiver = Receiver().start()
    receiver.stop()
    with app.app_context():
        sub = subscriptions.create("admin", receiver.url, list(events))
        db.session.commit()
        receiver.secret = sub.secret
    Journey(api).apply().review()
    receiver.start()
    with app.app_context():
        ids = [r.id for r in WebhookDelivery.query.order_by(WebhookDelivery.id)]
    return receiver, ids


@pytest.fixture
def story(app, api):
    """Every event of the first steps (case started, tasks created and completed, stages)."""
    receiver, ids = waiting_story(app, api, WEBHOOK_EVENTS)
    assert len(ids) >= 6
    yield receiver, ids
    receiver.stop()


@pytest.fixture
def short_story(app, api):
    """Three deliveries: each statement of the sender's work on them is a kill point (a
    child process per point, so the story is kept short)."""
    receiver, ids = waiting_story(app, api, ["case_started", "task_completed"])
    assert len(ids) == 3
    yield receiver, ids
    receiver.stop()


def make_all_due(app):
    """Every delivery waiting again, none sent, due now (the receiver forgets them too)."""
    with app.app_context():
        db.session.execute(update(WebhookDelivery).values(
            status="pending", attempts=0, next_attempt_at=clock.now(), lease_until=None, claimed_by=None,
            delivered_at=None, last_error=None, last_status=None))
        db.session.commit()


def recover(app):
    """A later pass, once a dead sender's lease has run out."""
    with app.app_context():
        clock.clock.advance(delivery.LEASE + timedelta(seconds=1))
        delivery.deliver()
        return {r.id: r.status for r in WebhookDelivery.query}


def expected_order(app, ids):
    with app.app_context():
        return [db.session.get(WebhookDelivery, i).uid for i in ids]


def check(receiver, uids, allowed_twice=1):
    assert receiver.refused == []
    assert [p["id"] for p in receiver.accepted] == uids  # each once, in order
    assert len(receiver.duplicates) <= allowed_twice
    assert all(n <= 1 + allowed_twice for n in receiver.per_delivery.values())


def test_a_sender_killed_at_any_statement_loses_nothing(app, database_url, short_story):
    receiver, ids = short_story
    uids = expected_order(app, ids)
    points = 0
    for kill_at in range(1, MAX_POINTS + 1):
        make_all_due(app)
        receiver.reset()
        ran = child(database_url, kill_at)
        if ran is not None:  # got through unkilled: every statement was a kill point
            statements, delivered = ran
            assert delivered == len(ids) and statements < kill_at
            check(receiver, uids, allowed_twice=0)
            break
        points += 1
        statuses = recover(app)
        assert set(statuses.values()) == {"delivered"}, (kill_at, statuses)
        check(receiver, uids)
    else:
        pytest.fail(f"the sender sends more than {MAX_POINTS} statements")
    assert points >= 2 * len(ids)  # at least a claim and a mark per delivery were cut


def test_a_sender_killed_after_the_receiver_answered_sends_that_one_again_once(app, database_url, story):
    receiver, ids = story
    uids = expected_order(app, ids)
    make_all_due(app)
    assert child(database_url, "answered") is None
    assert [p["id"] for p in receiver.accepted] == uids[:1]
    with app.app_context():
        first = db.session.get(WebhookDelivery, ids[0])
        assert first.status == "sending"  # claimed, never marked: it stays to be sent again
    statuses = recover(app)
    assert set(statuses.values()) == {"delivered"}
    check(receiver, uids)
    assert receiver.duplicates == [uids[0]]  # at least once: the receiver drops the repeat by its id


def test_a_sender_killed_while_a_request_is_in_flight(app, database_url, story):
    receiver, ids = story
    uids = expected_order(app, ids)
    make_all_due(app)
    receiver.hold = Event()
    sender = subprocess.Popen([sys.executable, str(CHILD), database_url, "never"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while receiver.requests < 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert receiver.requests == 1
    sender.kill()
    sender.wait(30)
    receiver.hold.set()
    receiver.hold = None
    assert recover(app) == dict.fromkeys(ids, "delivered")
    check(receiver, uids)


def test_two_senders_at_once_never_send_one_delivery_twice(app, database_url, story):
    receiver, ids = story
    uids = expected_order(app, ids)
    make_all_due(app)
    receiver.delay = 0.05  # requests overlap with the other sender's claims
    senders = [subprocess.Popen([sys.executable, str(CHILD), database_url, "never"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [s.communicate(timeout=120) for s in senders]
    assert [s.returncode for s in senders] == [0, 0], [o[1][-2000:] for o in outputs]
    delivered = sum(int(o[0].split()[3]) for o in outputs)
    assert delivered == len(ids)
    check(receiver, uids, allowed_twice=0)
    assert set(receiver.per_delivery.values()) == {1}
