"""A user's mail preferences and notifications over the API: address and mode (mail at once,
a daily digest, none), the caller's notifications with the unread count, marking read —
and the mail a request's notification sends once the response has gone out."""
import pytest

from engine.casework import notifications
from models import AuditEvent, User, db
from tests.helpers.api_journey import APPLICATION, complete, open_task, round_id
from tests.helpers.smtp_server import SmtpServer, engine_mailing_to
from web import create_app

REASON = "缺少平台经济发展规划的佐证材料，请补充后重新提交。"


@pytest.fixture
def smtp(app):
    server = SmtpServer().start()
    with engine_mailing_to(server):
        yield server
    server.stop()


def put(user, url, json):
    return user.client.put(url, json=json, headers=user.headers)


def submitted_case(api):
    applicant = api("app-yuncheng")
    case_id = applicant.post("/api/v1/cases", json={"round_id": round_id(applicant)}).get_json()["id"]
    complete(applicant, "application", case_id, APPLICATION)
    return case_id


def send_back(api, case_id):
    """The province sends the application back (退回): a notification to the applicant. The
    response is read to its end, as a browser or any HTTP client does."""
    province = api("prov-shanxi")
    review = open_task(province, "initial_review", case_id)
    assert province.post(f"/api/v1/tasks/{review['id']}/claim").status_code == 200
    response = province.client.post(f"/api/v1/tasks/{review['id']}/return", headers=province.headers,
                                    json={"to": "application", "reason": REASON}, buffered=True)
    assert response.status_code == 200, response.get_json()


def test_preferences_read_and_changed(app, api):
    me = api("app-yuncheng")
    assert me.get("/api/v1/me/mail").get_json() == {"email": "app-yuncheng@demo.invalid", "mode": "immediate"}
    changed = put(me, "/api/v1/me/mail", {"mode": "digest", "email": "ban@yuncheng.example.cn"})
    assert changed.status_code == 200, changed.get_json()
    assert me.get("/api/v1/me/mail").get_json() == {"email": "ban@yuncheng.example.cn", "mode": "digest"}
    assert put(me, "/api/v1/me/mail", {"mode": "off"}).get_json() == {"email": "ban@yuncheng.example.cn", "mode": "off"}
    assert put(me, "/api/v1/me/mail", {"mode": "off", "email": None}).get_json() == {"email": None, "mode": "off"}
    with app.app_context():
        assert AuditEvent.query.filter_by(action="mail_preferences_changed", actor="app-yuncheng").count() == 3
    assert api("app-yangpu").get("/api/v1/me/mail").get_json()["mode"] == "immediate"  # others untouched


@pytest.mark.parametrize("body, field", [
    ({"mode": "weekly"}, "mode"),
    ({"email": "x@y.org"}, "mode"),
    ({"mode": "immediate", "email": "not an address"}, "email"),
    ({"mode": "immediate", "email": "a@b.c\r\nBcc: all@example.org"}, "email"),
    ({"mode": "immediate", "email": "a" * 250 + "@b.org"}, "email"),
    ({"mode": "immediate", "email": None}, "email"),  # mail needs an address
])
def test_bad_preferences_are_refused_and_change_nothing(api, body, field):
    me = api("app-yuncheng")
    response = put(me, "/api/v1/me/mail", body)
    assert response.status_code == 400
    assert field in response.get_json()["error"]["fields"]
    assert me.get("/api/v1/me/mail").get_json() == {"email": "app-yuncheng@demo.invalid", "mode": "immediate"}


def test_a_send_back_mails_the_applicant_once_after_the_response(api, smtp):
    case_id = submitted_case(api)
    assert api("admin").post("/api/v1/admin/jobs/mail/run").get_json()["detail"]["sent"] == 2  # 新待办 ×2
    send_back(api, case_id)
    [mail] = smtp.wait_for(3)[2:]
    assert mail["To"] == "app-yuncheng@demo.invalid" and "[退回]" in mail["Subject"]
    body = SmtpServer.text(mail)
    assert "运城市" in body and f"https://zones.example.org/cases/{case_id}" in body
    assert api("admin").post("/api/v1/admin/jobs/mail/run").get_json()["detail"]["sent"] == 0
    assert len(smtp.wait_for(4, timeout=0.5)) == 3


def test_mail_off_gets_no_mail_but_the_message(api, smtp):
    me = api("app-yuncheng")
    assert put(me, "/api/v1/me/mail", {"mode": "off"}).status_code == 200
    case_id = submitted_case(api)
    send_back(api, case_id)
    api("admin").post("/api/v1/admin/jobs/mail/run")
    assert [m["To"] for m in smtp.wait_for(1, timeout=0.5)] == ["prov-shanxi@demo.invalid"]  # its 新待办 only
    listed = me.get("/api/v1/me/notifications").get_json()
    assert listed["unread"] == 2 and [n["kind"] for n in listed["items"]] == ["task_returned", "task_created"]


def test_my_notifications_newest_first_marked_read_by_ids_or_all(app, api):
    me, other = api("app-yuncheng"), api("app-yangpu")
    with app.app_context():
        region = User.query.filter_by(username="app-yuncheng").one().roles[0].org_id
        notes = [notifications.send("task_created", f"新待办：第{n}项", role="applicant", org_id=region)
                 for n in range(3)]
        db.session.commit()
        ids = [n.id for n in notes]
    listed = me.get("/api/v1/me/notifications?per_page=2").get_json()
    assert listed["total"] == 3 and listed["unread"] == 3
    assert [n["title"] for n in listed["items"]] == ["新待办：第2项", "新待办：第1项"]
    assert other.get("/api/v1/me/notifications").get_json() == {"items": [], "total": 0, "unread": 0}

    assert other.post("/api/v1/me/notifications/read", json={"ids": [ids[0]]}).status_code == 404  # not theirs
    assert me.post("/api/v1/me/notifications/read", json={"ids": [ids[0], 2**31 - 1]}).status_code == 404
    assert me.get("/api/v1/me/notifications").get_json()["unread"] == 3  # nothing marked
    for bad in ({}, {"ids": []}, {"ids": list(range(1, 102))}, {"all": True, "ids": [ids[0]]}, {"all": False},
                {"ids": [0]}, {"ids": ["x"]}):
        assert me.post("/api/v1/me/notifications/read", json=bad).status_code == 400, bad

    assert me.post("/api/v1/me/notifications/read", json={"ids": [ids[0]]}).get_json() == {"marked": 1, "unread": 2}
    assert me.post("/api/v1/me/notifications/read", json={"ids": [ids[0]]}).get_json() == {"marked": 0, "unread": 2}
    unread = me.get("/api/v1/me/notifications?unread=true").get_json()
    assert [n["id"] for n in unread["items"]] == [ids[2], ids[1]]
    assert me.post("/api/v1/me/notifications/read", json={"all": True}).get_json() == {"marked": 2, "unread": 0}
    assert all(n["read_at"] for n in me.get("/api/v1/me/notifications").get_json()["items"])


def test_an_unknown_mail_tls_setting_stops_the_start():
    with pytest.raises(ValueError, match="MAIL_TLS must be one of starttls, ssl, none"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "MAIL_TLS": "tls"})
