"""Helpers for page tests with Flask's test client: log in with the CSRF token, read tokens."""
import re

from tests.helpers.api_journey import open_task


def csrf(html):
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html)
    return match.group(1)


def login(client, username, password="demo-password"):
    page = client.get("/login")
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": csrf(page.data.decode())})
    assert response.status_code == 302, response.data.decode()[:500]
    return client


def task_id(api_user, name, case_id=None):
    return open_task(api_user, name, case_id)["id"]


def post_form(client, url, data, **kw):
    """POST `data` with the CSRF token of the page at `url`."""
    token = csrf(client.get(url).data.decode())
    return client.post(url, data={**data, "csrf_token": token}, **kw)
