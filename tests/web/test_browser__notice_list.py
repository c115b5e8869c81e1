"""In a real browser: SAMR puts an evaluation round's three passed regions on one public
notice (Art 15), and the public page shows SAMR's title, text and every region on it."""
import pytest

from tests.helpers.api_journey import NOTICE, evaluated_round
from tests.helpers.browser_people import Person

pytestmark = pytest.mark.browser


def test_samr_publishes_one_notice_for_the_round_and_the_public_reads_it(browser, live_server, api):
    rid, journeys = evaluated_round(api)
    samr, public = Person(browser, live_server, "samr"), Person(browser, live_server)
    try:
        page = samr.go(f"/rounds/{rid}/lists")
        section = page.locator("#decide-public_notice")
        assert section.locator("input[name=case_id]:checked").count() == 3
        section.get_by_label("公示标题").fill(NOTICE["title"])
        section.get_by_label("公示内容").fill(NOTICE["text"])
        section.get_by_role("button", name="发布公示").click()
        page.wait_for_load_state()
        assert "公示" in page.locator("#list-decisions").inner_text()
        assert {j.stage for j in journeys} == {"public_notice"}

        page = public.go("/public/")
        text = page.locator("main").inner_text()
        assert NOTICE["title"] in text and NOTICE["text"] in text
        for region in ("运城市", "永川区", "杨浦区"):
            assert region in text, region
        public.shot("public-notice-round-list")
    finally:
        samr.close()
        public.close()
