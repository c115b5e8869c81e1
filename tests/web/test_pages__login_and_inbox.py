"""Pages: login with CSRF, the inbox in Chinese by default, English on request."""
import re

from tests.helpers.api_journey import apply


def login(client, username, password="demo-password"):
    page = client.get("/login")
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.data).group(1).decode()
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       follow_redirects=True)


def test_inbox_shows_the_province_its_task_in_chinese(client, api):
    apply(api("app-yuncheng"))
    page = login(client, "prov-shanxi")
    html = page.data.decode()
    assert page.status_code == 200
    assert "我的待办" in html and "申报初审" in html and "运城市" in html
    shown = re.sub(r'(value|href|data-task)="[^"]*"', "", html)  # attributes carry codes
    assert "initial_review" not in shown  # stages are shown by name, not code


def test_english_on_request(client):
    login(client, "samr")
    html = client.get("/inbox?lang=en").data.decode()
    assert "My tasks" in html and "Nothing to do." in html


def test_login_without_csrf_token_is_refused(client):
    response = client.post("/login", data={"username": "samr", "password": "demo-password"})
    assert response.status_code == 400
    assert client.get("/inbox").status_code == 302  # still not logged in


def test_wrong_password_shows_an_error(client):
    page = login(client, "samr", "nope")
    assert page.status_code == 401 and "用户名或密码错误" in page.data.decode()


def test_inbox_needs_login(client):
    response = client.get("/inbox")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_responses_carry_secure_headers(client):
    for url in ("/login", "/api/v1/public/notices"):
        headers = client.get(url).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
    login(client, "samr")
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


def test_pages_send_a_strict_content_security_policy(client):
    login(client, "samr")
    for url in ("/login", "/inbox", "/dashboard", "/public/", "/public/zones"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = dict(d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"].split(";"))
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'", url
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'", url
        assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'", url
        html = response.data.decode()
        assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))[^>]*>", html), url
        assert " style=" not in html and "<style" not in html and " onclick=" not in html, url
