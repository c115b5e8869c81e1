"""Password change: the current password is asked again; old API tokens stop working."""
from tests.helpers.page_client import csrf, login


def test_password_change_checks_and_revokes_tokens(app, client, api):
    token_client = api("expert3")
    login(client, "expert3")
    page = client.get("/account/password").data.decode()
    wrong = client.post("/account/password", data={"csrf_token": csrf(page), "current": "nope",
                                                   "new": "short", "repeated": "other"})
    text = wrong.data.decode()
    assert wrong.status_code == 400 and "当前密码错误" in text and "至少 10 个字符" in text
    done = client.post("/account/password", data={"csrf_token": csrf(text), "current": "demo-password",
                                                  "new": "a-new-password-1", "repeated": "a-new-password-1"})
    assert done.status_code == 302
    assert token_client.get("/api/v1/me").status_code == 401
    try:
        fresh = app.test_client()
        login(fresh, "expert3", "a-new-password-1")
    finally:
        with app.app_context():
            from models import User, db
            user = User.query.filter_by(username="expert3").first()
            user.set_password("demo-password")
            db.session.commit()
