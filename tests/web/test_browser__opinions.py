"""办理意见 in the browser: the clerk picks common phrases into the opinion (static JS, no
inline code), submits the review, and the case page shows the opinion by name."""
import pytest

from tests.helpers.api_journey import apply
from tests.helpers.browser_people import Person

pytestmark = pytest.mark.browser


def test_a_clerk_picks_phrases_into_the_opinion_and_the_case_shows_it(browser, live_server, api):
    case_id = apply(api("app-yuncheng"))
    province = Person(browser, live_server, "prov-shanxi")
    try:
        page = province.open_task("initial_review", case_id)
        page.get_by_label("常用语").select_option("材料齐全，同意推荐。")
        assert page.get_by_label("办理意见").input_value() == "材料齐全，同意推荐。"
        assert page.get_by_label("常用语").input_value() == ""  # ready to pick again
        page.get_by_label("常用语").select_option("同意。")
        assert page.get_by_label("办理意见").input_value() == "材料齐全，同意推荐。同意。"
        page.locator('[name="decision"][value="pass"]').check()
        province.shot("task-opinion")
        province.submit()
        comments = page.locator("#comments").inner_text()
        assert "材料齐全，同意推荐。同意。" in comments and "山西省市场监管局" in comments
        assert page.locator("#approval-sheet-link").count() == 1
        province.shot("case-opinions")
    finally:
        province.close()
