"""In a real browser: log in, see the inbox, switch language, log out."""
import pytest

from tests.helpers.api_journey import apply
from tests.helpers.browser_people import screenshot

pytestmark = pytest.mark.browser


def log_in(page, live_server, username):
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo-password")
    page.get_by_role("button", name="登录").click()


def test_province_finds_its_review_in_the_inbox(page, live_server, api):
    apply(api("app-yuncheng"))
    log_in(page, live_server, "prov-shanxi")
    page.wait_for_url(f"{live_server}/inbox")
    row = page.get_by_role("row").filter(has_text="申报初审")
    assert row.count() == 1
    assert "运城市" in row.inner_text()
    assert "我的待办" in page.locator("h1").inner_text()
    screenshot(page, "inbox-province")

    page.get_by_role("link", name="English").click()
    assert "My tasks" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server}/login")


def test_wrong_password_stays_on_the_login_page(page, live_server):
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名").fill("samr")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("alert").inner_text() == "用户名或密码错误。"
    page.goto(f"{live_server}/inbox")
    assert page.url.startswith(f"{live_server}/login")
