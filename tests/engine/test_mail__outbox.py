"""Mail of notifications through a real SMTP server on loopback: one mail per notification
and recipient, also when the server was down at first; none when mail is off; one digest a
day; two delivery passes at once still send each mail once."""
import threading
from datetime import timedelta

import pytest

from engine import clock
from engine.casework import notifications
from engine.config import configure
from engine.mail import delivery, outbox
from engine.scheduling import scheduler
from models import Case, MailOutbox, Notification, User, db
from tests.helpers.api_journey import open_task, round_id
from tests.helpers.smtp_server import SmtpServer, certificate, engine_mailing_to

APPLICANT = "app-yuncheng@demo.invalid"


@pytest.fixture
def smtp(app):
    server = SmtpServer().start()
    with engine_mailing_to(server):
        yield server
    server.stop()


@pytest.fixture
def smtp_down(app):
    """The engine's SMTP server, not started yet."""
    server = SmtpServer()
    with engine_mailing_to(server):
        yield server
    server.stop()


def start_case(api):
    applicant = api("app-yuncheng")
    response = applicant.post("/api/v1/cases", json={"round_id": round_id(applicant)})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


@pytest.fixture
def case_id(app, api):
    """A case whose own new-task notice (新待办) is cleared: each test writes the notifications
    it is about."""
    case = start_case(api)
    with app.app_context():
        MailOutbox.query.delete()
        db.session.execute(db.delete(Notification))
        db.session.commit()
    return case


def notify(app, case_id, title="新待办：填写创建申请表"):
    """A notification to the applicant's office, committed; the outbox ids ready to send."""
    with app.app_context():
        case = db.session.get(Case, case_id)
        notifications.send("task_created", title, case_id=case_id, role="applicant", org_id=case.region_id)
        db.session.commit()
        return outbox.take_ready()


def deliver(app, ids=None):
    with app.app_context():
        return delivery.deliver(ids)


def advance(app, delta):
    with app.app_context():
        clock.clock.advance(delta)


def set_mode(app, username, mode):
    with app.app_context():
        User.query.filter_by(username=username).one().mail_mode = mode
        db.session.commit()


def rows(app):
    with app.app_context():
        return [(r.recipient, r.status, r.attempts, r.digest) for r in MailOutbox.query.order_by(MailOutbox.id)]


def test_a_new_task_mails_its_holder_once_in_chinese_with_region_and_link(app, api, smtp):
    case_id = start_case(api)  # the engine opens 填写创建申请表 for the applicant's office: 新待办
    assert rows(app) == [(APPLICANT, "pending", 0, False)]  # written with the case, sent after it
    assert deliver(app)["sent"] == 1
    assert deliver(app)["sent"] == 0          # nothing is sent twice
    [mail] = smtp.wait_for(1)
    assert mail["To"] == APPLICANT and mail["From"] == "noreply@demo.invalid"
    assert "新待办：填写创建申请表（运城市）" in mail["Subject"]
    body = SmtpServer.text(mail)
    assert "运城市创建办，您好" in body
    assert "示范区创建地区：运城市（山西省市场监督管理局）" in body
    assert f"https://zones.example.org/cases/{case_id}" in body
    assert rows(app) == [(APPLICANT, "sent", 1, False)]
    assert len(smtp.wait_for(2, timeout=0.5)) == 1


def test_any_kind_to_one_user_or_to_a_role_mails_every_addressee(app, smtp, case_id):
    """Kinds added later mail too (under a neutral label); a role's notification reaches each holder."""
    with app.app_context():
        expert = User.query.filter_by(username="expert2").one()
        notifications.send("a_kind_added_later", "抄送：运城市创建申请表", case_id=case_id, user_id=expert.id)
        notifications.send("supervision_check_due", "督促检查到期", case_id=case_id, role="expert")
        db.session.commit()
        ready = outbox.take_ready()
    assert len(ready) == 4 and deliver(app, ready)["sent"] == 4
    received = sorted((m["To"], m["Subject"]) for m in smtp.wait_for(4))
    assert received == [("expert1@demo.invalid", "[督促检查到期] 督促检查到期"),
                        ("expert2@demo.invalid", "[督促检查到期] 督促检查到期"),
                        ("expert2@demo.invalid", "[通知] 抄送：运城市创建申请表"),
                        ("expert3@demo.invalid", "[督促检查到期] 督促检查到期")]


def test_a_notification_rolled_back_leaves_no_mail(app, smtp, case_id):
    with app.app_context():
        case = db.session.get(Case, case_id)
        notifications.send("task_created", "不会提交", case_id=case_id, role="applicant", org_id=case.region_id)
        db.session.flush()
        db.session.rollback()
        assert outbox.take_ready() == []
    assert rows(app) == []
    assert deliver(app)["sent"] == 0 and smtp.messages == []


def test_server_down_at_first_the_mail_arrives_once_when_it_is_back(app, api, smtp_down):
    case_id = start_case(api)  # its new task's notice: the first mail
    assert deliver(app) == {"sent": 0, "retrying": 1, "failed": 0}
    [(_, status, attempts, _)] = rows(app)
    assert (status, attempts) == ("pending", 1)
    smtp_down.start()
    assert deliver(app, notify(app, case_id, "新待办：另一项"))["skipped"]  # after a commit: left to the job
    assert deliver(app)["sent"] == 1  # the job sends the new one; the first waits its pause
    advance(app, delivery.retry_after(1) + timedelta(seconds=1))
    assert deliver(app)["sent"] == 1
    assert deliver(app)["sent"] == 0
    assert len(smtp_down.wait_for(2)) == 2
    assert rows(app) == [(APPLICANT, "sent", 2, False), (APPLICANT, "sent", 1, False)]
    assert sorted(m["Subject"] for m in smtp_down.wait_for(3, timeout=0.5)) == [
        "[新待办] 新待办：另一项", "[新待办] 新待办：填写创建申请表（运城市）"]


def test_retries_pause_longer_each_time_and_stop_after_the_last_attempt(app, smtp_down, case_id):
    notify(app, case_id)
    pauses = []
    for attempt in range(1, delivery.MAX_ATTEMPTS + 1):
        result = deliver(app)
        assert result["sent"] == 0 and result["failed"] == (attempt == delivery.MAX_ATTEMPTS)
        with app.app_context():
            row = MailOutbox.query.one()
            pauses.append(round((row.next_attempt_at - clock.now()).total_seconds()))
        advance(app, delivery.retry_after(attempt) + timedelta(seconds=1))
    assert pauses[:4] == [60, 120, 240, 480] and pauses[-1] == 3600
    assert rows(app)[0][1:3] == ("failed", delivery.MAX_ATTEMPTS)
    smtp_down.start()
    advance(app, timedelta(days=1))
    assert deliver(app)["sent"] == 0 and smtp_down.wait_for(1, timeout=0.5) == []


def test_mail_off_sends_nothing_and_writes_no_outbox_row(app, smtp, case_id):
    set_mode(app, "app-yuncheng", "off")
    assert notify(app, case_id) == []
    assert deliver(app)["sent"] == 0
    assert rows(app) == [] and smtp.messages == []
    with app.app_context():  # the message centre still has it
        user = User.query.filter_by(username="app-yuncheng").one()
        assert [n.title for n in notifications.addressed_to(user)] == ["新待办：填写创建申请表"]


def test_digest_one_mail_a_day_listing_every_notification(app, smtp, case_id):
    set_mode(app, "app-yuncheng", "digest")
    for title in ("新待办：填写创建申请表", "即将到期：填写创建申请表", "催办：填写创建申请表"):
        assert notify(app, case_id, title) == []  # nothing to send at once
    assert deliver(app)["sent"] == 0 and smtp.messages == []
    advance(app, timedelta(days=1))  # past the next digest hour
    assert deliver(app)["sent"] == 3        # three rows, in one mail
    assert deliver(app)["sent"] == 0
    [mail] = smtp.wait_for(1)
    assert mail["To"] == APPLICANT and "3 条新通知" in mail["Subject"]
    body = SmtpServer.text(mail)
    for n, title in enumerate(("新待办", "即将到期", "催办"), 1):
        assert f"{n}. 【新待办】{title}：填写创建申请表" in body
    assert body.count(f"https://zones.example.org/cases/{case_id}") == 3
    assert {r[1] for r in rows(app)} == {"sent"}


def test_two_delivery_passes_at_once_send_each_mail_once(app, smtp, case_id):
    for n in range(6):
        notify(app, case_id, f"新待办：第{n}项")
    start, results = threading.Barrier(2), []

    def one_pass():
        start.wait()
        results.append(deliver(app))
    threads = [threading.Thread(target=one_pass) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sum(r["sent"] for r in results) == 6
    received = smtp.wait_for(6)
    assert len(smtp.wait_for(7, timeout=0.5)) == 6
    assert sorted(m["Subject"] for m in received) == sorted(f"[新待办] 新待办：第{n}项" for n in range(6))


def test_an_overdue_task_reminder_of_the_scheduler_is_mailed_once(app, api, smtp):
    applicant, province, admin = api("app-yuncheng"), api("prov-shanxi"), api("admin")
    response = applicant.post("/api/v1/cases", json={"round_id": round_id(applicant)})
    new_case = response.get_json()["id"]
    from tests.helpers.api_journey import APPLICATION, complete
    complete(applicant, "application", new_case, APPLICATION)
    task = open_task(province, "initial_review", new_case)
    admin.post("/api/v1/admin/clock", json={"set": task["due_at"]})
    admin.post("/api/v1/admin/clock", json={"advance": "PT1M"})
    admin.post("/api/v1/admin/jobs/mail/run")  # the new tasks' notices go first
    before = len(smtp.wait_for(2))
    assert admin.post("/api/v1/admin/jobs/escalation/run").get_json()["outcome"] == "ok"
    mails = smtp.wait_for(before + 1)[before:]  # sent right after the job's commit
    assert [(m["To"], "催办" in m["Subject"]) for m in mails] == [("prov-shanxi@demo.invalid", True)]
    assert admin.post("/api/v1/admin/jobs/mail/run").get_json()["detail"]["sent"] == 0
    assert admin.post("/api/v1/admin/jobs/escalation/run").get_json()["outcome"] == "ok"
    assert len(smtp.wait_for(before + 2, timeout=0.5)) == before + 1
    assert scheduler.PERIODIC["mail"][2] == "mail.every_seconds"


@pytest.mark.parametrize("tls", ["starttls", "ssl"])
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # SMTPS is TLS; aiosmtpd knows only STARTTLS
def test_tls_and_login_as_configured_and_a_certificate_not_trusted_is_refused(app, case_id, tmp_path, tls):
    cert = certificate(tmp_path)
    server = SmtpServer(tls=tls, certificate=cert, login=("dzbpm", "smtp-secret")).start()

    def last_error():
        with app.app_context():
            return MailOutbox.query.one().last_error
    try:
        with engine_mailing_to(server):
            configure(mail_ca_file=None)  # the system's CAs do not know the test certificate
            assert deliver(app, notify(app, case_id))["retrying"] == 1
            assert "CERTIFICATE_VERIFY_FAILED" in last_error()
            configure(mail_ca_file=str(cert[0]), mail_password="wrong")
            advance(app, delivery.retry_after(1) + timedelta(seconds=1))
            assert deliver(app)["retrying"] == 1
            assert last_error().startswith("SMTPAuthenticationError")
            configure(mail_password="smtp-secret")
            advance(app, delivery.retry_after(2) + timedelta(seconds=1))
            assert deliver(app)["sent"] == 1
        assert len(server.wait_for(1)) == 1 and last_error() is None
    finally:
        server.stop()
