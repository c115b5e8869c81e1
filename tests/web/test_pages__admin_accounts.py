"""The administrator sees accounts that wrong passwords paused, and lifts a pause."""
from tests.helpers.page_client import csrf, login


def token(client, password):
    return client.post("/api/v1/auth/token", json={"username": "prov-henan", "password": password})


def test_the_administrator_lifts_a_pause_from_the_page(app, client):
    stranger = app.test_client()
    for _ in range(5):
        token(stranger, "guess")
    assert token(stranger, "demo-password").status_code == 401
    login(client, "admin")
    page = client.get("/admin/accounts").data.decode()
    assert "暂停登录的账号" in page and "prov-henan" in page
    done = client.post("/admin/accounts/unlock", data={"csrf_token": csrf(page), "username": "prov-henan"},
                       follow_redirects=True).data.decode()
    assert "账号 prov-henan 可以重新登录" in done and "没有暂停登录的账号" in done
    assert token(stranger, "demo-password").status_code == 200


def test_only_administrators_see_paused_accounts(client):
    login(client, "samr")
    assert client.get("/admin/accounts").status_code == 403
