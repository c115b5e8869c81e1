"""The message centre page: the user's notifications newest first, paged, marked read one
by one or all at once (forms with CSRF), the unread count in the header; the mail settings
on the account page."""
import re

import pytest

from engine.casework import notifications
from models import User, db
from tests.helpers.page_client import csrf, login


@pytest.fixture
def notes(app):
    """25 notifications to 运城市's applicant office, oldest first."""
    with app.app_context():
        region = User.query.filter_by(username="app-yuncheng").one().roles[0].org_id
        made = [notifications.send("task_created", f"新待办：第{n:02d}项", role="applicant", org_id=region)
                for n in range(25)]
        db.session.commit()
        return [n.id for n in made]


def badge(html):
    match = re.search(r'id="unread-messages">[^<]*(?:<span class="badge unread"[^>]*>(\d+)</span>)?', html)
    assert match, "no messages link in the header"
    return int(match.group(1) or 0)


def titles(html):
    return re.findall(r"<td>(新待办：第\d+项)</td>", html)


def test_messages_newest_first_paged_with_the_unread_count_in_the_header(client, notes):
    login(client, "app-yuncheng")
    first = client.get("/messages").data.decode()
    assert "消息" in first and badge(first) == 25
    assert titles(first) == [f"新待办：第{n:02d}项" for n in range(24, 4, -1)]
    second = client.get("/messages?page=2").data.decode()
    assert titles(second) == [f"新待办：第{n:02d}项" for n in range(4, -1, -1)]
    assert badge(client.get("/inbox").data.decode()) == 25  # every page's header
    assert client.get("/messages?page=x").status_code == 400


def test_mark_one_read_then_all_with_csrf(client, notes):
    login(client, "app-yuncheng")
    page = client.get("/messages").data.decode()
    assert client.post("/messages/read", data={"note": notes[-1]}).status_code == 400  # no CSRF token
    assert badge(client.get("/messages").data.decode()) == 25
    done = client.post("/messages/read", data={"note": notes[-1], "csrf_token": csrf(page)})
    assert done.status_code == 302 and done.headers["Location"].endswith("/messages")
    page = client.get("/messages").data.decode()
    assert badge(page) == 24 and "已读" in page
    assert client.get("/messages?unread=1").data.decode().count("标为已读") == 1 + 20  # all-button + rows
    assert client.post("/messages/read-all", data={"csrf_token": csrf(page)}).status_code == 302
    page = client.get("/messages").data.decode()
    assert badge(page) == 0 and "标为已读</button>" in page and 'name="note"' not in page


def test_another_users_notification_cannot_be_marked(app, client, notes):
    login(client, "app-yangpu")
    page = client.get("/messages").data.decode()
    assert badge(page) == 0 and titles(page) == [] and "暂无消息" in page
    assert client.post("/messages/read", data={"note": notes[0], "csrf_token": csrf(page)}).status_code == 404
    assert client.post("/messages/read", data={"note": "2147483648", "csrf_token": csrf(page)}).status_code == 400
    with app.app_context():
        assert notifications.Notification.query.filter(notifications.Notification.read_at.isnot(None)).count() == 0


def test_mail_settings_on_the_account_page(app, client):
    login(client, "app-yuncheng")
    page = client.get("/account/password").data.decode()
    assert "通知邮件" in page and 'value="app-yuncheng@demo.invalid"' in page
    bad = client.post("/account/mail", data={"csrf_token": csrf(page), "email": "nope", "mode": "immediate"})
    assert bad.status_code == 400 and "name@example.org" in bad.data.decode()
    done = client.post("/account/mail", data={"csrf_token": csrf(page), "email": "ban@yuncheng.example.cn",
                                              "mode": "digest"})
    assert done.status_code == 302
    assert "邮件设置已保存" in client.get(done.headers["Location"]).data.decode()
    with app.app_context():
        user = User.query.filter_by(username="app-yuncheng").one()
        assert (user.email, user.mail_mode) == ("ban@yuncheng.example.cn", "digest")
