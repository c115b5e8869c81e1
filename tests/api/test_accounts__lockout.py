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
