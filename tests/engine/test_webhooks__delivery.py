"""Webhooks through a real receiver on loopback: a case's lifecycle reaches it as every event
it subscribed to, once each, in order per case, signed; also when the receiver was down for
part of the run (retried with back-off once it is back); a rolled-back change sends nothing;
a case's later events wait behind an earlier one that has not arrived."""
from datetime import timedelta

import pytest

from engine import clock
from engine.webhooks import delivery, outbox, signing, subscriptions
from models import WebhookDelivery, db
from models.webhooks import WEBHOOK_EVENTS
from tests.helpers.api_journey import Journey
from tests.helpers.webhook_receiver import Receiver


@pytest.fixture
def receiver(app):
    r = Receiver().start()
    yield r
    r.stop()


def subscribe(app, url, events=WEBHOOK_EVENTS):
    with app.app_context():
        sub = subscriptions.create("admin", url, list(events), "测试接收方")
        db.session.commit()
        return sub.id, sub.secret


def deliver(app):
    with app.app_context():
        return delivery.deliver()


def advance(app, delta):
    with app.app_context():
        clock.clock.advance(delta)


def rows(app):
    with app.app_context():
        return [(r.event, r.status, r.attempts) for r in WebhookDelivery.query.order_by(WebhookDelivery.id)]


def check_story(receiver, case_id):
    """Each event once; the case's story in an order that makes sense."""
    assert receiver.refused == []
    events = receiver.events(case_id)
    assert events[0] == "case_started"
    uids = [p["id"] for p in receiver.accepted]
    assert len(uids) == len(set(uids))
    stages = [p["data"]["to"] for p in receiver.accepted if p["event"] == "stage_changed"]
    assert stages[:4] == ["initial_review", "recommendation", "approval", "creation"]
    assert stages[-1] == "supervision"
    assert events.index("notice_published") < events.index("zone_certified")
    assert "zone_certified" in events and events.count("zone_certified") == 1
    return events


def test_a_lifecycle_reaches_the_receiver_once_each_in_order_signed(app, api, receiver):
    _, receiver.secret = subscribe(app, receiver.url)
    journey = Journey(api).to_supervision()
    deliver(app)
    events = check_story(receiver, journey.case_id)
    with app.app_context():
        stored = [r.uid for r in WebhookDelivery.query.filter_by(case_id=journey.case_id).order_by(WebhookDelivery.id)]
    assert [p["id"] for p in receiver.accepted] == stored  # in the order they were written
    assert set(events) == set(WEBHOOK_EVENTS) - {"zone_revoked"}
    assert {s for _, s, _ in rows(app)} == {"delivered"}
    assert deliver(app)["delivered"] == 0  # nothing is sent twice
    assert receiver.duplicates == []


def test_only_the_events_subscribed_to(app, api, receiver):
    _, receiver.secret = subscribe(app, receiver.url, ["case_started", "zone_certified"])
    journey = Journey(api).apply().review()
    deliver(app)
    assert receiver.events() == ["case_started"]
    assert receiver.accepted[0]["case_id"] == journey.case_id
    assert receiver.accepted[0]["data"]["region"]


def test_receiver_down_for_part_of_the_run_gets_everything_once_in_order(app, api, receiver):
    _, receiver.secret = subscribe(app, receiver.url)
    journey = Journey(api).apply()
    deliver(app)
    got_before = len(receiver.accepted)
    assert got_before >= 3
    receiver.stop()                              # down: the next steps' deliveries fail
    journey.review().recommend().approve()
    assert deliver(app)["delivered"] == 0
    waiting = [r for r in rows(app) if r[1] != "delivered"]
    assert waiting and all(s == "pending" for _, s, _ in waiting)
    assert max(a for _, _, a in waiting) >= 1  # the head of the case was tried, the rest wait behind it
    receiver.start()                              # back on the same port
    assert deliver(app)["delivered"] == 0         # the back-off has not passed yet
    advance(app, timedelta(minutes=2))
    deliver(app)
    assert {s for _, s, _ in rows(app)} == {"delivered"}
    events = receiver.events(journey.case_id)
    stages = [p["data"]["to"] for p in receiver.accepted if p["event"] == "stage_changed"]
    assert stages == ["initial_review", "recommendation", "approval", "creation"]
    assert events[0] == "case_started" and receiver.duplicates == [] and receiver.refused == []
    assert len(receiver.accepted) == len(rows(app))


def test_back_off_grows_and_gives_up_then_an_admin_retry_sends_it(app, api, receiver):
    _, receiver.secret = subscribe(app, receiver.url, ["case_started", "task_created"])
    receiver.answer = 503
    Journey(api).apply()
    deliver(app)
    with app.app_context():
        first = WebhookDelivery.query.order_by(WebhookDelivery.id).first()
        assert (first.status, first.attempts, first.last_status) == ("pending", 1, 503)
        assert first.last_error.startswith("HTTP 503")
        gaps = [delivery.retry_after(n).total_seconds() for n in range(1, delivery.MAX_ATTEMPTS + 1)]
    assert gaps[:3] == [60, 120, 240] and gaps[-1] == 3600
    for gap in gaps[1:]:
        advance(app, timedelta(seconds=gap + 1))
        deliver(app)
    with app.app_context():
        first = WebhookDelivery.query.order_by(WebhookDelivery.id).first()
        assert (first.status, first.attempts) == ("failed", delivery.MAX_ATTEMPTS)
        assert all(r.attempts == 0 for r in WebhookDelivery.query.filter(WebhookDelivery.id > first.id))
        receiver.answer = 204
        subscriptions.retry_delivery("admin", first.id)
        db.session.commit()
    deliver(app)
    assert receiver.events()[0] == "case_started"
    assert {s for _, s, _ in rows(app)} == {"delivered"}


def test_a_rolled_back_change_leaves_no_delivery(app, api, receiver):
    _, receiver.secret = subscribe(app, receiver.url)
    with app.app_context():
        from engine.audit import record
        record("system", "case_started", None, detail={"region": "x"})
        db.session.flush()
        db.session.rollback()
        assert outbox.take_ready() == []
    assert rows(app) == []


def test_a_paused_subscription_gets_nothing_new(app, api, receiver):
    sub_id, receiver.secret = subscribe(app, receiver.url)
    with app.app_context():
        subscriptions.update("admin", sub_id, {"active": False})
        db.session.commit()
    Journey(api).apply()
    assert rows(app) == [] and deliver(app)["delivered"] == 0


def test_the_signature_recipe(app):
    body = b'{"id": "x"}'
    sig = signing.sign("whsec_k", 1700000000, body)
    assert sig.startswith("sha256=") and len(sig) == 71
    assert signing.verify("whsec_k", "1700000000", body, sig, now=1700000100)
    assert not signing.verify("whsec_k", "1700000000", body, sig, now=1700000000 + 301)  # replayed later
    assert not signing.verify("whsec_other", "1700000000", body, sig, now=1700000000)
    assert not signing.verify("whsec_k", "1700000000", body + b" ", sig, now=1700000000)


def test_a_receiver_on_the_servers_own_network_is_refused_unless_allowed(app, api, receiver):
    """An administrator's URL must not reach loopback or private addresses in a deployment:
    the delivery records why and is retried later; nothing reaches the receiver."""
    from engine.config import configure, settings
    subscribe(app, receiver.url, ["case_started"])
    allowed = settings.webhook_private_networks
    configure(webhook_private_networks=False)
    try:
        Journey(api).apply()
        deliver(app)
    finally:
        configure(webhook_private_networks=allowed)
    assert receiver.accepted == []
    with app.app_context():
        [row] = WebhookDelivery.query.all()
        assert (row.status, row.attempts) == ("pending", 1)
        assert "127.0.0.1" in row.last_error and "may not reach" in row.last_error
