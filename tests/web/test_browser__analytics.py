"""In a real browser: SAMR opens the process analytics, the diagram shows a heat colour per
step by median (or p90) days and the number of cases on each flow taken; screenshots of the
heat map on the main diagram and on the application process."""
import pytest

from tests.helpers.api_journey import Journey
from tests.helpers.browser_people import screenshot
from tests.web.test_browser__inbox import log_in

pytestmark = pytest.mark.browser


def classes(page, element_id):
    return page.locator(f'.djs-element[data-element-id="{element_id}"]').first.get_attribute("class")


def flow_count(page, flow_id):
    return page.locator(f'.djs-overlays[data-container-id="{flow_id}"] .flow-count').inner_text()


@pytest.fixture
def three_cases(api):
    """Three applications; one reviewed after two days, one after seven, one still waiting."""
    a, b, c = Journey(api).apply(), Journey(api, "app-yongchuan").apply(), Journey(api, "app-yangpu").apply()
    a.advance("P2D")
    a.review()
    a.advance("P5D")
    b.review(decision="reject", reasons="不符合条件。")
    return a, b, c


def open_analytics(page, live_server, query=""):
    page.goto(f"{live_server}/analytics{query}")
    page.wait_for_selector('#canvas[data-ready="yes"]', timeout=15000)


def test_heat_map_and_flow_counts_on_the_diagrams(page, live_server, three_cases):
    log_in(page, live_server, "samr")
    page.wait_for_url(f"{live_server}/inbox")
    open_analytics(page, live_server)
    assert "heat-" in classes(page, "call_application")
    assert flow_count(page, "Flow_init_case_call_application") == "3"
    assert flow_count(page, "Flow_gw_application_end_rejected") == "1"
    assert page.locator("#analytics-table tr[data-element='initial_review']").count() == 1
    assert page.locator("#analytics-provinces tbody tr").count() >= 3  # three provinces ranked
    screenshot(page, "analytics-heat-map")

    open_analytics(page, live_server, "?diagram=zone_application.bpmn")
    assert "heat-5" in classes(page, "initial_review")  # the longest wait of the process
    assert "heat-0" in classes(page, "creation_approval")  # nobody got there
    assert flow_count(page, "Flow_application_initial_review") == "3"
    assert flow_count(page, "Flow_gw_initial_review_recommendation") == "1"
    assert flow_count(page, "Flow_gw_initial_review_record_rejected") == "1"  # and the case ended there
    before = page.locator('.djs-overlays[data-container-id="initial_review"] .step-figure').inner_text()
    page.select_option("#heat-measure", "p90_days")
    after = page.locator('.djs-overlays[data-container-id="initial_review"] .step-figure').inner_text()
    assert before != after  # median of 2 and 7 days, then the p90: 7
    assert after.startswith("7")
    screenshot(page, "analytics-heat-map-application")


def test_case_page_shows_its_time_against_the_median(page, live_server, three_cases):
    a = three_cases[0]
    log_in(page, live_server, "prov-shanxi")
    page.wait_for_url(f"{live_server}/inbox")
    page.goto(f"{live_server}/cases/{a.case_id}")
    row = page.locator("#case-analytics tr[data-element='initial_review']")
    assert row.count() == 1
    assert "2" in row.inner_text()
