"""An administrator registers, lists, changes, pauses, rotates and deletes webhook
subscriptions over the API, sees each one's deliveries and retries one; every change is
audited. Bad input (an ftp:// URL, credentials in the URL, an unknown event) and callers
who are not administrators are refused naming the field or the role, and nothing is stored."""
import pytest

from engine.webhooks import delivery
from models import AuditEvent, WebhookDelivery, WebhookSubscription, db
from tests.helpers.api_journey import Journey
from tests.helpers.webhook_receiver import Receiver

BASE = "/api/v1/admin/webhooks"


@pytest.fixture
def admin(api):
    return api("admin")


def call(user, method, url, json=None):
    return user.client.open(url, method=method, json=json, headers=user.headers)


def stored(app):
    with app.app_context():
        return WebhookSubscription.query.count()


def audited(app, action):
    with app.app_context():
        return [e.detail for e in AuditEvent.query.filter_by(action=action).order_by(AuditEvent.id)]


def test_register_list_change_rotate_and_delete(app, admin):
    response = admin.post(BASE, json={"url": "https://receiver.example.org/hooks", "description": "省政务平台",
                                      "events": ["zone_certified", "case_started", "case_started"]})
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["events"] == ["case_started", "zone_certified"]  # the vocabulary's order, once each
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 40
    assert created["active"] is True and created["created_by"] == "admin"
    hook = f"{BASE}/{created['id']}"
    listed = admin.get(BASE).get_json()
    assert listed["total"] == 1 and "secret" not in listed["items"][0]
    assert "secret" not in admin.get(hook).get_json()

    paused = call(admin, "PATCH", hook, {"active": False, "events": ["stage_changed"]})
    assert paused.status_code == 200 and "secret" not in paused.get_json()
    assert (paused.get_json()["active"], paused.get_json()["events"]) == (False, ["stage_changed"])
    rotated = call(admin, "PATCH", hook, {"rotate_secret": True}).get_json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]
    with app.app_context():
        assert db.session.get(WebhookSubscription, created["id"]).secret == rotated["secret"]

    assert call(admin, "DELETE", hook).status_code == 204
    assert admin.get(hook).status_code == 404 and stored(app) == 0
    assert [d["id"] for d in audited(app, "webhook_created")] == [created["id"]]
    assert [d["changed"] for d in audited(app, "webhook_updated")] == [["events", "active"], ["secret"]]
    assert [d["url"] for d in audited(app, "webhook_deleted")] == ["https://receiver.example.org/hooks"]
    assert all("secret" not in str(d) or "changed" in d for d in audited(app, "webhook_updated"))


@pytest.mark.parametrize("body,field", [
    ({"url": "ftp://receiver.example.org/hooks", "events": ["case_started"]}, "url"),
    ({"url": "https://user:pw@receiver.example.org/hooks", "events": ["case_started"]}, "url"),
    ({"url": "https://" + "a" * 500 + ".org/", "events": ["case_started"]}, "url"),
    ({"url": "javascript:alert(1)", "events": ["case_started"]}, "url"),
    ({"url": "https:///nohost", "events": ["case_started"]}, "url"),
    ({"url": "https://receiver.example.org/hooks", "events": ["case_started", "case_deleted"]}, "events.1"),
    ({"url": "https://receiver.example.org/hooks", "events": []}, "events"),
    ({"url": "https://receiver.example.org/hooks"}, "events"),
    ({"events": ["case_started"]}, "url"),
    ({"url": "https://receiver.example.org/hooks", "events": ["case_started"], "secret": "mine"}, "secret"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(app, admin, body, field):
    response = admin.post(BASE, json=body)
    assert response.status_code == 400, response.get_json()
    assert field in response.get_json()["error"]["fields"], response.get_json()
    assert stored(app) == 0 and audited(app, "webhook_created") == []


def test_a_change_to_a_bad_url_is_refused_and_the_old_one_kept(app, admin):
    created = admin.post(BASE, json={"url": "http://127.0.0.1:9/hooks", "events": ["case_started"]}).get_json()
    response = call(admin, "PATCH", f"{BASE}/{created['id']}", {"url": "ftp://x.example.org/"})
    assert response.status_code == 400 and "url" in response.get_json()["error"]["fields"]
    assert admin.get(f"{BASE}/{created['id']}").get_json()["url"] == "http://127.0.0.1:9/hooks"


@pytest.mark.parametrize("username", ["samr", "prov-shanxi", "app-yuncheng", "expert1"])
def test_only_an_administrator_may(app, api, admin, username):
    created = admin.post(BASE, json={"url": "https://receiver.example.org/hooks", "events": ["case_started"]})
    hook = f"{BASE}/{created.get_json()['id']}"
    user = api(username)
    for method, url, body in (("POST", BASE, {"url": "https://evil.example.org/", "events": ["case_started"]}),
                              ("GET", BASE, None), ("GET", hook, None), ("PATCH", hook, {"active": False}),
                              ("DELETE", hook, None), ("GET", f"{hook}/deliveries", None),
                              ("POST", f"{BASE}/deliveries/1/retry", None)):
        response = call(user, method, url, body)
        assert response.status_code == 403, (method, url, response.get_json())
        assert "Administrator" in response.get_json()["error"]["message"]
    assert stored(app) == 1 and admin.get(hook).get_json()["active"] is True


def test_deliveries_with_their_status_and_an_admin_retry(app, api, admin):
    receiver = Receiver().start()
    receiver.stop()  # a port nothing listens on: every attempt fails
    created = admin.post(BASE, json={"url": receiver.url, "events": ["case_started"]}).get_json()
    receiver.secret = created["secret"]
    Journey(api).apply()
    with app.app_context():
        delivery.deliver()
    items = admin.get(f"{BASE}/{created['id']}/deliveries").get_json()["items"]
    assert len(items) == 1
    [row] = items
    assert row["event"] == "case_started" and row["status"] == "pending" and row["attempts"] >= 1
    assert row["last_error"] and row["next_attempt_at"] and row["payload"]["id"] == row["uid"]
    receiver.start()
    try:
        retried = admin.post(f"{BASE}/deliveries/{row['id']}/retry")
        assert retried.status_code == 200 and retried.get_json()["attempts"] == 0
        with app.app_context():
            delivery.deliver()
        assert receiver.events() == ["case_started"]
        assert admin.post(f"{BASE}/deliveries/{row['id']}/retry").status_code == 409  # delivered already
        assert admin.post(f"{BASE}/deliveries/999999/retry").status_code == 404
        assert admin.get(BASE).get_json()["items"][0]["counts"] == {"delivered": 1}
        assert [d["delivery_id"] for d in audited(app, "webhook_delivery_retried")] == [row["id"]]
    finally:
        receiver.stop()
    with app.app_context():
        assert WebhookDelivery.query.one().status == "delivered"


def test_a_delivery_leaves_right_after_the_response(app, api, admin):
    """No job needed: once the response is sent (closed), the request's deliveries go out."""
    receiver = Receiver().start()
    try:
        created = admin.post(BASE, json={"url": receiver.url, "events": ["case_started"]}).get_json()
        receiver.secret = created["secret"]
        applicant = api("app-yuncheng")
        round_id = next(r["id"] for r in applicant.get("/api/v1/rounds").get_json()["items"]
                        if r["kind"] == "application")
        with applicant.client.post("/api/v1/cases", json={"round_id": round_id},
                                   headers=applicant.headers) as response:
            assert response.status_code == 201
            assert receiver.accepted == []  # not before the answer
        assert receiver.wait_for(1, timeout=5) and receiver.events() == ["case_started"]
        assert receiver.accepted[0]["case_id"] == response.get_json()["id"]
    finally:
        receiver.stop()
