"""The administrator's webhooks page (zh-CN): registers a subscription with a CSRF-protected
form and sees its secret once; pauses, rotates and deletes; sees each delivery with its
status, attempts, last error and next attempt, and retries one. Others are refused."""
import re

from engine.webhooks import delivery
from models import WebhookDelivery, WebhookSubscription, db
from tests.helpers.api_journey import Journey
from tests.helpers.page_client import csrf, login
from tests.helpers.webhook_receiver import Receiver


def register(client, url, events=("case_started", "stage_changed")):
    page = client.get("/admin/webhooks").data.decode()
    return client.post("/admin/webhooks/new", data={"csrf_token": csrf(page), "url": url,
                                                    "description": "省政务平台", "events": list(events)})


def test_register_see_the_secret_once_pause_rotate_delete(app, client):
    login(client, "admin")
    page = client.get("/admin/webhooks").data.decode()
    assert "回调订阅" in page and "尚无订阅" in page and "认定示范区" in page
    response = register(client, "https://receiver.example.org/hooks")
    assert response.status_code == 200
    html = response.data.decode()
    with app.app_context():
        sub = WebhookSubscription.query.one()
        secret, sub_id = sub.secret, sub.id
    assert "仅显示这一次" in html and secret in html
    again = client.get("/admin/webhooks").data.decode()
    assert secret not in again and "https://receiver.example.org/hooks" in again and "启用" in again

    def act(action):
        token = csrf(client.get("/admin/webhooks").data.decode())
        return client.post(f"/admin/webhooks/{sub_id}", data={"csrf_token": token, "action": action})

    assert act("pause").status_code == 302
    assert "已暂停" in client.get("/admin/webhooks").data.decode()
    rotated = act("rotate").data.decode()
    with app.app_context():
        new = db.session.get(WebhookSubscription, sub_id).secret
    assert new != secret and new in rotated
    assert act("delete").status_code == 302
    with app.app_context():
        assert WebhookSubscription.query.count() == 0


def test_a_bad_url_is_refused_on_the_page_and_nothing_stored(app, client):
    login(client, "admin")
    response = register(client, "ftp://receiver.example.org/hooks")
    assert response.status_code == 400
    assert "http" in response.data.decode() and 'value="ftp://receiver.example.org/hooks"' in response.data.decode()
    with app.app_context():
        assert WebhookSubscription.query.count() == 0


def test_the_forms_need_their_csrf_token(app, client):
    login(client, "admin")
    response = client.post("/admin/webhooks/new", data={"url": "https://receiver.example.org/hooks",
                                                        "events": ["case_started"]})
    assert response.status_code == 400
    with app.app_context():
        assert WebhookSubscription.query.count() == 0


def test_deliveries_show_their_status_and_can_be_retried(app, client, api):
    receiver = Receiver().start()
    receiver.stop()  # nobody listens: attempts fail
    login(client, "admin")
    register(client, receiver.url, ["case_started"])
    with app.app_context():
        receiver.secret = WebhookSubscription.query.one().secret
    Journey(api).apply()
    with app.app_context():
        delivery.deliver()
        row_id = WebhookDelivery.query.one().id
    page = client.get("/admin/webhooks").data.decode()
    row = re.search(rf'<tr id="delivery-{row_id}".*?</tr>', page, re.S).group(0)
    assert "创建申报" in row and "重试中" in row and "ConnectionRefusedError" in row
    receiver.start()
    try:
        done = client.post(f"/admin/webhooks/deliveries/{row_id}/retry", data={"csrf_token": csrf(page)},
                           follow_redirects=True).data.decode()
        assert f"投递 {row_id} 将很快重新发送" in done
        with app.app_context():
            delivery.deliver()
        assert receiver.events() == ["case_started"]
        page = client.get("/admin/webhooks").data.decode()
        assert "已投递" in re.search(rf'<tr id="delivery-{row_id}".*?</tr>', page, re.S).group(0)
    finally:
        receiver.stop()


def test_only_administrators_see_the_page(client):
    login(client, "samr")
    assert client.get("/admin/webhooks").status_code == 403
    assert client.post("/admin/webhooks/new", data={}).status_code in (400, 403)
