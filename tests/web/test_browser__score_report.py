"""In a real browser: SAMR opens a case's score report, sees the charts, and downloads the PDF."""
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers.browser_people import screenshot
from tests.web.test_browser__inbox import log_in
from tests.web.test_pages__scores import evaluated_case

pytestmark = pytest.mark.browser


def test_samr_reads_the_score_report_and_exports_the_pdf(page, live_server, api):
    j = evaluated_case(api)
    log_in(page, live_server, "samr")
    page.wait_for_url(f"{live_server}/inbox")
    page.goto(f"{live_server}/cases/{j.case_id}")
    page.locator("#score-report-link").click()
    page.wait_for_url(f"{live_server}/cases/{j.case_id}/scores")
    assert "运城市" in page.locator("h1").inner_text()
    assert page.locator("svg.score-chart").count() == 4
    assert page.locator("#results tbody tr").count() == 5  # self, province, two experts, SAMR
    assert page.locator("#total-spread").inner_text() == "4"
    screenshot(page, "score-report")
    page.emulate_media(media="print")
    assert not page.locator("header").is_visible()
    screenshot(page, "score-report-print")
    page.emulate_media(media="screen")

    with page.expect_download() as info:
        page.locator("#pdf-link").click()
    data = Path(info.value.path()).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "运城市" in text
