"""Page sessions end together: a logout ends the user's sessions on every device, a password
change every other one (the session that changed it goes on)."""
from tests.helpers.page_client import csrf, login


def signed_in(client):
    return client.get("/inbox").status_code == 200


def test_logging_out_ends_every_session_of_the_user(app):
    laptop, phone, colleague = (login(app.test_client(), name) for name in ("expert2", "expert2", "expert1"))
    assert signed_in(laptop) and signed_in(phone)
    phone.post("/logout", data={"csrf_token": csrf(phone.get("/inbox").data.decode())})
    assert not signed_in(phone) and not signed_in(laptop)
    assert signed_in(colleague)
    assert signed_in(login(laptop, "expert2"))  # signing in again works


def test_a_password_change_ends_the_other_sessions(app):
    here, elsewhere = login(app.test_client(), "expert2"), login(app.test_client(), "expert2")
    try:
        page = here.get("/account/password").data.decode()
        done = here.post("/account/password", data={"csrf_token": csrf(page), "current": "demo-password",
                                                    "new": "a-new-password-2", "repeated": "a-new-password-2"})
        assert done.status_code == 302
        assert signed_in(here) and not signed_in(elsewhere)
    finally:
        with app.app_context():
            from models import User, db
            User.query.filter_by(username="expert2").one().set_password("demo-password")
            db.session.commit()
