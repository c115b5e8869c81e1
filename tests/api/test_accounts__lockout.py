"""Passwords: repeated failures lock the account for a while; the lock is audited."""
from models import AuditEvent


def token(client, password, username="prov-henan"):
    return client.post("/api/v1/auth/token", json={"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_for_a_while(app, client, api):
    for _ in range(5):
        assert token(client, "guess").status_code == 401
    locked = token(client, "demo-password")
    assert locked.status_code == 401  # even the right password, while locked
    assert token(client, "demo-password", "prov-shanxi").status_code == 200  # others unaffected

    api("samr").post("/api/v1/admin/clock", json={"advance": "PT16M"})
    assert token(client, "demo-password").status_code == 200
    with app.app_context():
        actions = [e.action for e in AuditEvent.query.filter_by(actor="prov-henan").order_by(AuditEvent.id)]
    assert actions.count("user_login_failed") == 5
    assert "user_locked" in actions and "user_login_refused" in actions


def test_a_success_resets_the_count(client):
    for _ in range(4):
        token(client, "guess")
    assert token(client, "demo-password").status_code == 200
    for _ in range(4):
        token(client, "guess")
    assert token(client, "demo-password").status_code == 200


def test_token_requests_are_throttled(client):
    codes = [token(client, "guess", "nobody").status_code for _ in range(21)]
    assert codes[:20] == [401] * 20 and codes[20] == 429


def events(app, action):
    with app.app_context():
        return [e.detail | {"actor": e.actor} for e in AuditEvent.query.filter_by(action=action).order_by(AuditEvent.id)]


def test_strangers_pause_new_clients_only_and_the_user_lifts_it_from_a_known_one(app, client):
    assert token(client, "demo-password").status_code == 200  # this client is known from now on
    stranger = app.test_client()
    for _ in range(8):
        assert token(stranger, "guess").status_code == 401
    assert token(stranger, "demo-password").status_code == 401  # paused for new clients
    assert token(client, "demo-password").status_code == 200  # ... not for the known one
    assert token(stranger, "demo-password").status_code == 200  # and it lifted the pause
    assert events(app, "user_unlocked") == [{"by": "known_client", "actor": "prov-henan"}]


def test_a_known_client_that_guesses_is_paused_on_its_own(app, client):
    assert token(client, "demo-password").status_code == 200
    for _ in range(5):
        assert token(client, "guess").status_code == 401
    assert token(client, "demo-password").status_code == 401
    assert token(app.test_client(), "demo-password").status_code == 200  # the account is not paused
    assert {e["client"] for e in events(app, "user_locked")} == {"known"}


def test_each_failure_past_the_fifth_doubles_the_pause(app, client, api):
    samr = api("samr")
    for _ in range(5):
        token(client, "guess")
    for wait in ("PT61S", "PT121S"):
        assert token(client, "demo-password").status_code == 401
        samr.post("/api/v1/admin/clock", json={"advance": wait})
        assert token(client, "guess").status_code == 401
    assert [e["seconds"] for e in events(app, "user_locked")] == [60, 120, 240]
    samr.post("/api/v1/admin/clock", json={"advance": "PT241S"})
    assert token(client, "demo-password").status_code == 200


def test_an_administrator_lifts_the_pause(app, client, api):
    admin = api("admin")
    for _ in range(5):
        token(client, "guess")
    assert token(client, "demo-password").status_code == 401
    assert api("samr").post("/api/v1/admin/users/prov-henan/unlock").status_code == 403
    assert admin.post("/api/v1/admin/users/nobody-here/unlock").status_code == 404
    response = admin.post("/api/v1/admin/users/prov-henan/unlock")
    assert response.status_code == 200
    assert response.get_json() == {"username": "prov-henan", "failed_logins": 0, "locked_until": None}
    assert token(client, "demo-password").status_code == 200
    [event] = events(app, "user_unlocked")
    assert event["actor"] == "admin" and event["user"] == "prov-henan" and event["by"] == "admin"


def test_unknown_usernames_and_paused_accounts_answer_alike(client):
    for _ in range(6):
        token(client, "guess")
    paused, unknown = token(client, "demo-password"), token(client, "demo-password", "nobody-here")
    assert paused.status_code == unknown.status_code == 401
    assert paused.get_json() == unknown.get_json()
