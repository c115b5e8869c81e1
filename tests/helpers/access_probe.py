"""Helpers for the access matrix (tests/test_access__matrix.py): who is probed, and how.

Every route of the app is called once per subject: anonymous, and one demo account per
role on an object of its own region and of another region. Requests carry no form data
(an empty JSON body for the API, no CSRF token: the module turns CSRF off), so an allowed
call mostly stops at input validation.
"""
import re

from models import User, db
from web.extensions import limiter

# role → the demo account probed for it; own region is Yuncheng (Shanxi), other is Yongchuan.
ACCOUNTS = {"admin": "admin", "samr": "samr", "province": "prov-shanxi", "applicant": "app-yuncheng",
            "expert": "expert1", "member_unit": "unit-yuncheng-commerce"}


def subjects():
    """(role or None for anonymous, region) pairs: anonymous once, each role on own and other."""
    yield None, "own"
    for role in ACCOUNTS:
        yield role, "own"
        yield role, "other"


class Prober:
    """Calls one route as one subject; pages by session cookie, the API by bearer token."""

    def __init__(self, app, objects, tokens):
        self.app = app
        self.objects = objects  # region → {path parameter → value}
        self.tokens = tokens    # role → bearer token

    def url(self, rule, region):
        values = dict(self.objects[region])
        def fill(match):
            name = match.group(2)
            converter = match.group(1) or ""
            if converter.startswith("any("):
                return converter[4:-1].split(",")[0].strip()
            return str(values[name])
        return re.sub(r"<(?:([^:<>]+):)?([a-z_]+)>", fill, rule.rule)

    def call(self, rule, method, role, region):
        limiter.reset()  # throttled routes answer 429 after a few probes otherwise
        client = self.app.test_client()
        headers = {}
        api = rule.rule.startswith("/api/")
        if role is not None:
            if api:
                headers["Authorization"] = f"Bearer {self.tokens[role]}"
            else:
                with self.app.app_context():  # id and session version, as a login writes them
                    session_id = db.session.execute(db.select(User).filter_by(
                        username=ACCOUNTS[role])).scalar_one().get_id()
                with client.session_transaction() as session:
                    session["_user_id"] = session_id
                    session["_fresh"] = True
        kwargs = {"json": {}} if api and method in ("POST", "PUT", "PATCH") else {}
        return client.open(self.url(rule, region), method=method, headers=headers, **kwargs)


def verdict(response, rule):
    """"refused" (401/403, a redirect to the login page), "hidden" (404), or "granted"."""
    status = response.status_code
    location = response.headers.get("Location", "")
    if status in (401, 403) or (status in (301, 302, 303) and "/login" in location and not rule.redirects_home):
        return "refused"
    if status == 404:
        return "hidden"
    return "granted"


def agrees(verdict_, expected_allow):
    """Allow means not refused (an unknown object's 404 is still allowed); deny means
    refused or hidden, never granted."""
    return verdict_ != "refused" if expected_allow else verdict_ != "granted"
