"""Accounts under attack, against a real server process (gunicorn on the suite's database):
strangers' wrong passwords cannot keep the user out of a client they signed in from before;
a session cookie stops working once the user logs out elsewhere or changes the password;
unknown and known usernames take the same time to refuse; the session cookie is `Secure`
outside development.

Each test starts its own server, so that the per-address throttling (20 sign-ins a minute)
counts from zero."""
import os
import re
import statistics
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from models import AuditEvent, User, db
from tests.helpers.postgres_server import _free_port

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-password"


@contextmanager
def running_server(app, database_url, **env):
    port = _free_port()
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
                   "ADJUSTABLE_CLOCK": "1", **env}
    environment = {k: v for k, v in environment.items() if v is not None}
    process = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "--workers", "1", "--threads", "4",
                                "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
                               cwd=ROOT, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(f"{base}/login", timeout=10)
                break
            except requests.RequestException:
                assert process.poll() is None, "the server did not start"
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(30)


@pytest.fixture
def server(app, database_url):
    with running_server(app, database_url) as base:
        yield base


def csrf(html):
    return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html).group(1)


def page_login(browser, base, username, password=PASSWORD):
    """A browser (a requests.Session, which keeps cookies) signs in through the login page."""
    token = csrf(browser.get(f"{base}/login").text)
    return browser.post(f"{base}/login", data={"username": username, "password": password, "csrf_token": token},
                        allow_redirects=False)


def signed_in(browser, base):
    return browser.get(f"{base}/inbox", allow_redirects=False).status_code == 200


def api_login(base, username, password):
    return requests.post(f"{base}/api/v1/auth/token", json={"username": username, "password": password}, timeout=30)


def test_strangers_wrong_passwords_cannot_keep_the_user_out_of_a_known_client(app, server):
    user = requests.Session()
    assert page_login(user, server, "prov-henan").status_code == 302
    user.post(f"{server}/logout", data={"csrf_token": csrf(user.get(f"{server}/inbox").text)})

    # Anyone, no login needed: wrong passwords, then the right one from a client never seen.
    assert [api_login(server, "prov-henan", f"guess-{n}").status_code for n in range(8)] == [401] * 8
    assert api_login(server, "prov-henan", PASSWORD).status_code == 401  # guessing stays paused

    answer = page_login(user, server, "prov-henan")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/inbox")
    assert signed_in(user, server)
    with app.app_context():
        actions = [e.action for e in AuditEvent.query.filter_by(actor="prov-henan")]
    assert "user_locked" in actions and "user_unlocked" in actions


def test_a_session_cookie_stops_working_after_logout_elsewhere(server):
    laptop, phone = requests.Session(), requests.Session()
    for browser in (laptop, phone):
        assert page_login(browser, server, "expert2").status_code == 302
    stolen = dict(laptop.cookies)  # what a thief copied off the laptop
    phone.post(f"{server}/logout", data={"csrf_token": csrf(phone.get(f"{server}/inbox").text)})
    assert not signed_in(laptop, server)
    assert requests.get(f"{server}/inbox", cookies=stolen, allow_redirects=False).status_code == 302


def test_a_session_cookie_stops_working_after_a_password_change(app, server):
    here, elsewhere = requests.Session(), requests.Session()
    for browser in (here, elsewhere):
        assert page_login(browser, server, "expert3").status_code == 302
    try:
        token = csrf(here.get(f"{server}/account/password").text)
        changed = here.post(f"{server}/account/password", allow_redirects=False, data={
            "csrf_token": token, "current": PASSWORD, "new": "a-new-password-3", "repeated": "a-new-password-3"})
        assert changed.status_code == 302
        assert not signed_in(elsewhere, server)
        assert signed_in(here, server)  # the session that changed it goes on
    finally:
        with app.app_context():
            User.query.filter_by(username="expert3").one().set_password(PASSWORD)
            db.session.commit()


def _timed(call):
    start = time.perf_counter()
    status = call()
    return time.perf_counter() - start, status


def test_unknown_and_known_usernames_take_the_same_time(server):
    """Medians of 18 refusals each (the token API and the login page, interleaved); the
    known account is paused after its fifth failure, which must not show either."""
    samples = {"unknown": [], "known": []}
    browser = requests.Session()

    def by_page(username):
        token = csrf(browser.get(f"{server}/login").text)
        return lambda: browser.post(f"{server}/login", allow_redirects=False, data={
            "username": username, "password": "wrong-password", "csrf_token": token}).status_code

    for n in range(18):
        for kind, username in (("unknown", f"nobody-{n}"), ("known", "expert1")):
            call = by_page(username) if n % 2 else (lambda u=username: api_login(server, u, "wrong-password").status_code)
            seconds, status = _timed(call)
            assert status == 401
            samples[kind].append(seconds)
    unknown, known = statistics.median(samples["unknown"]), statistics.median(samples["known"])
    print(f"median refusal: unknown {unknown * 1000:.1f} ms, known {known * 1000:.1f} ms")
    assert max(unknown, known) / min(unknown, known) < 1.5, (unknown, known)


@pytest.mark.parametrize("development", [False, True])
def test_the_session_cookie_is_secure_outside_development(app, database_url, development):
    env = {"ADJUSTABLE_CLOCK": "1" if development else None, "SESSION_COOKIE_SECURE": None}
    with running_server(app, database_url, **env) as base:
        answer = requests.get(f"{base}/login", timeout=30)
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "HttpOnly" in cookie
    assert ("Secure" in cookie) is not development
    assert ("Strict-Transport-Security" in answer.headers) is not development
