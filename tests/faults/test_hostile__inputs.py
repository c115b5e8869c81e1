"""Hostile input against a running server (gunicorn on the suite's database), issue #17:
another region's document names through a draft (finding 7); huge numbers in the pages'
query and form arguments and deeply nested JSON, also on the anonymous objection API
(finding 8); and control or text-direction characters in file names, public objections and
plan reports, refused as they are in task forms, and in a user name at sign-in (a 500 on
PostgreSQL before). Each is a clear 400, 401, 404 or 413 naming what was wrong; the server
keeps answering the public page meanwhile.
"""
import os
import re
import subprocess
import time
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path

import pytest
import requests

from models import Document, Objection
from models.plans import PlanEvidence
from tests.helpers.api_journey import APPLICATION, Journey, open_task, round_id
from tests.helpers.plan_imports import case_in_creation, import_example
from tests.helpers.postgres_server import _free_port

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
HUGE = 2**70
BIDI = "\u202e"
SECRET_NAME = "山西绝密方案.pdf"


@pytest.fixture(scope="module")
def server(app, database_url):
    """gunicorn (1 worker, 4 threads) on the database the suite uses, SQLite or PostgreSQL."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
           "ADJUSTABLE_CLOCK": "1", "FILES_DIR": app.config["FILES_DIR"], "SESSION_COOKIE_SECURE": "0"}
    process = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "--workers", "1", "--threads", "4",
                                "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
                               cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            requests.get(f"{base}/public/", timeout=2)
            break
        except requests.RequestException:
            time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(30)


def browser(base, username=None):
    """A session on the server's pages, logged in as `username` (cookies kept even where
    they are marked Secure: the server is plain HTTP on loopback)."""
    session = requests.Session()
    session.cookies.set_policy(DefaultCookiePolicy(secure_protocols=("http", "https")))
    session.base = base
    if username:
        response = session.post(f"{base}/login", data={"username": username, "password": "demo-password",
                                                       "csrf_token": csrf(session.get(f"{base}/login").text)},
                                allow_redirects=False)
        assert response.status_code == 302, response.text[:300]
    return session


def csrf(html):
    return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html).group(1)


def post_page(session, path, data, files=None):
    token = csrf(session.get(session.base + path).text)
    return session.post(session.base + path, data={**data, "csrf_token": token}, files=files,
                        allow_redirects=False)


def bearer(api, username):
    return api(username).headers  # tokens are signed with the shared secret: the server takes them


def public_page_answers(base):
    started = time.monotonic()
    assert requests.get(f"{base}/public/", timeout=5).status_code == 200
    return time.monotonic() - started < 1


# ---------------------------------------------------------------- finding 7
def test_a_draft_naming_another_regions_document_never_shows_its_name(server, app, api):
    shanxi = api("app-yuncheng")
    shanxi_case = shanxi.post("/api/v1/cases", json={"round_id": round_id(shanxi)}).get_json()["id"]
    shanxi_task = open_task(shanxi, "application", shanxi_case)["id"]
    upload = post_page(browser(server, "app-yuncheng"), f"/tasks/{shanxi_task}", {"action": "draft"},
                       files={"upload__creation_plan": (SECRET_NAME, b"%PDF-1.4 secret")})
    assert upload.status_code == 200, upload.text[:300]
    with app.app_context():
        doc = Document.query.filter_by(case_id=shanxi_case).one()
    reference = f"doc:{doc.id}"

    shanghai = api("app-yangpu")
    case_id = shanghai.post("/api/v1/cases", json={"round_id": round_id(shanghai)}).get_json()["id"]
    task_id = open_task(shanghai, "application", case_id)["id"]
    page = browser(server, "app-yangpu")
    saved = post_page(page, f"/tasks/{task_id}", {"action": "draft", "creation_plan": reference})
    assert saved.status_code == 200, saved.text[:300]
    assert SECRET_NAME not in saved.text
    again = page.get(f"{server}/tasks/{task_id}")
    assert again.status_code == 200 and SECRET_NAME not in again.text
    assert f"{reference} = 不是本案件的材料" in again.text            # shown as unavailable

    submitted = requests.post(f"{server}/api/v1/tasks/{task_id}/complete", headers=bearer(api, "app-yangpu"),
                              json={**APPLICATION, "creation_plan": [reference]}, timeout=30)
    assert submitted.status_code == 400, submitted.text
    assert "creation_plan" in submitted.json()["error"]["fields"]
    assert SECRET_NAME not in submitted.text


# ---------------------------------------------------------------- finding 8: numbers
PAGE_ARGUMENTS = [
    ("samr", f"/cases?page={HUGE}"), ("samr", f"/inbox?page={HUGE}"), ("prov-shanxi", f"/inbox?case={HUGE}"),
    ("prov-shanxi", f"/inbox?round=-{HUGE}"), ("samr", f"/inbox?region={HUGE}"),
    ("app-yuncheng", f"/inbox?round={HUGE}&case=-{HUGE}"), ("admin", f"/admin/migrations?definition_id={HUGE}"),
    ("samr", f"/cases/{HUGE}"), ("samr", f"/tasks/{HUGE}"), ("samr", f"/cases/{HUGE}/plan"),
    (None, f"/public/notices/{HUGE}/objection"), ("samr", "/cases?stage=%00"), ("samr", "/inbox?stage=%E2%80%AE"),
]


def test_huge_numbers_and_control_characters_in_page_arguments_are_refused(server):
    sessions = {}
    for user, path in PAGE_ARGUMENTS:
        session = sessions.get(user) or sessions.setdefault(user, browser(server, user))
        response = session.get(server + path, allow_redirects=False)
        assert response.status_code in (400, 404), (user, path, response.status_code)
    applicant = sessions["app-yuncheng"]
    token = csrf(applicant.get(f"{server}/inbox").text)
    started = applicant.post(f"{server}/cases/new", data={"round_id": str(HUGE), "csrf_token": token},
                             allow_redirects=False)
    assert started.status_code == 400 and "round_id" in started.text
    assert public_page_answers(server)


# ---------------------------------------------------------------- finding 8: JSON
def nested(depth):
    return ("[" * depth + "]" * depth).encode()


def test_deeply_nested_json_is_refused_also_without_login(server, api):
    journey = Journey(api).apply()
    task = open_task(journey.province, "initial_review", journey.case_id)
    english = {"Content-Type": "application/json", "Accept-Language": "en"}  # the messages read below
    headers = {**bearer(api, "prov-shanxi"), **english}
    anonymous = english
    deep = b'{"name": "x", "contact": "13900000000", "content": ' + nested(100_000) + b"}"
    for path, head in ((f"/api/v1/public/notices/{journey.case_id}/objections", anonymous),
                       (f"/api/v1/tasks/{task['id']}/complete", headers)):
        response = requests.post(server + path, data=deep, headers=head, timeout=30)
        assert response.status_code == 400, (path, response.status_code, response.text[:300])
        assert "nests at most 32 levels" in response.json()["error"]["message"]
    bomb = requests.post(f"{server}/api/v1/tasks/{task['id']}/complete", headers=headers, timeout=30,
                         data=b"[" + b",".join([b"{}"] * 100_000) + b"]")
    assert bomb.status_code == 413 and "objects and arrays" in bomb.json()["error"]["message"]
    not_a_number = requests.post(f"{server}/api/v1/tasks/{task['id']}/complete", headers=headers, timeout=30,
                                 data=b'{"decision": "pass", "reasons": "x", "score": NaN}')
    assert not_a_number.status_code == 400 and "NaN" in not_a_number.json()["error"]["message"]
    lone_surrogate = requests.post(f"{server}/api/v1/tasks/{task['id']}/complete", headers=headers, timeout=30,
                                   data=b'{"decision": "pass", "reasons": "\\ud800"}')
    assert lone_surrogate.status_code == 400 and "reasons" in lone_surrogate.json()["error"]["fields"]
    assert public_page_answers(server)
    assert journey.active() == ["initial_review"]


# ---------------------------------------------------------------- the text policy
def test_text_direction_characters_in_file_names_objections_and_reports_are_refused(server, app, api):
    applicant = api("app-yuncheng")
    case_id = applicant.post("/api/v1/cases", json={"round_id": round_id(applicant)}).get_json()["id"]
    task_id = open_task(applicant, "application", case_id)["id"]
    disguised = f"invoice{BIDI}fdp.exe.pdf"
    upload = post_page(browser(server, "app-yuncheng"), f"/tasks/{task_id}", {"action": "draft"},
                       files={"upload__creation_plan": (disguised, b"%PDF-1.4 x")})
    assert upload.status_code == 400 and "文件名含有控制字符或文字方向字符" in upload.text
    with app.app_context():
        assert Document.query.filter_by(case_id=case_id).count() == 0

    journey = case_in_creation(api, app)
    import_example(journey.applicant, journey.case_id, "yongchuan", cadence="P3M")
    unit = api("unit-yongchuan-commerce")
    report = unit.get("/api/v1/plan-work?per_page=5").get_json()["items"][0]
    headers = bearer(api, "unit-yongchuan-commerce")
    filed = requests.post(f"{server}/api/v1/plan-work/{report['id']}/submit", headers=headers, timeout=30, json={
        "progress": "on_track", "percent": 50, "narrative": f"按计划推进{BIDI}。", "figures": {f"额{BIDI}": 1}})
    assert filed.status_code == 400 and {"narrative", "figures"} <= set(filed.json()["error"]["fields"])
    evidence = requests.post(f"{server}/api/v1/plan-work/{report['id']}/evidence", headers=headers, timeout=30,
                             files={"file": (f"照片{BIDI}.pdf", b"%PDF-1.4 photo")})
    assert evidence.status_code == 400 and "file" in evidence.json()["error"]["fields"]
    with app.app_context():
        assert PlanEvidence.query.count() == 0
    assert unit.get(f"/api/v1/plan-work/{report['id']}").get_json()["status"] == "open"


def test_text_direction_characters_in_public_objections_are_refused(server, app, api):
    journey = Journey(api).to_notice()
    objection = {"name": "李女士", "contact": "13900000000", "content": f"该地区投诉处理不及时{BIDI}。"}
    response = requests.post(f"{server}/api/v1/public/notices/{journey.case_id}/objections", json=objection,
                             timeout=30)
    assert response.status_code == 400 and "content" in response.json()["error"]["fields"], response.text
    page = post_page(browser(server), f"/public/notices/{journey.case_id}/objection",
                     {**objection, "name": f"李{BIDI}女士", "content": "该地区投诉处理不及时。"})
    assert page.status_code == 400 and "请删除其中的控制字符或文字方向字符" in page.text
    with app.app_context():
        assert Objection.query.count() == 0


def test_a_user_name_with_control_characters_signs_nobody_in(server):
    for name in ("samr\x00", "sa\u202emr"):
        response = requests.post(f"{server}/api/v1/auth/token", json={"username": name, "password": "x"}, timeout=30)
        assert response.status_code == 401, (name, response.status_code)
    session = browser(server)
    token = csrf(session.get(f"{server}/login").text)
    response = session.post(f"{server}/login", data={"username": "samr\x00", "password": "x", "csrf_token": token},
                            allow_redirects=False)
    assert response.status_code in (200, 400, 401), response.status_code
    response = requests.post(f"{server}/api/v1/auth/token", data=b'{"username": "\\ud800", "password": "x"}',
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 401
