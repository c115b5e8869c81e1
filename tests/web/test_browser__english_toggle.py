"""The language toggle switches a page from Chinese (the default) to English and back."""
import pytest

from tests.helpers.api_journey import apply
from tests.helpers.browser_people import Person

pytestmark = pytest.mark.browser


def test_english_toggle_switches_the_task_page(browser, live_server, api):
    case_id = apply(api("app-yuncheng"))
    province = Person(browser, live_server, "prov-shanxi")
    try:
        page = province.open_task("initial_review", case_id)
        assert page.get_by_role("button", name="保存草稿").count() == 1
        page.get_by_role("link", name="English").click()
        assert page.get_by_role("button", name="Save as draft").count() == 1
        assert page.locator("html").get_attribute("lang") == "en"
        page.get_by_role("link", name="Inbox").click()  # the choice sticks for the session
        assert "My tasks" in page.locator("h1").inner_text()
        page.get_by_role("link", name="中文").click()
        assert "我的待办" in page.locator("h1").inner_text()
    finally:
        province.close()
