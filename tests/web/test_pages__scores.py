"""The score report page, its PDF export and the indicator-systems admin page."""
import io
import re

from pypdf import PdfReader

from tests.helpers.api_journey import Journey, evaluation_application_form, expert_scoring_form
from tests.helpers.page_client import login


def evaluated_case(api):
    """A case with self, province (one adjustment), two experts and SAMR's consolidated scores."""
    j = Journey(api).to_evaluation_application()
    j.do(j.applicant, "evaluation_application", evaluation_application_form())
    j.do(j.province, "evaluation_prereview", {"decision": "forward", "prereview_opinion": "合格。",
                                              "adjusted_scores": {"4": {"score": 3, "reason": "数据不符。"}}})
    j.do(j.samr, "expert_assignment", {"experts": ["expert1", "expert2"]})
    j.do(api("expert1"), "expert_scoring", expert_scoring_form(86))
    j.do(api("expert2"), "expert_scoring", expert_scoring_form(90))
    j.do(j.samr, "evaluation_decision", {"decision": "pass", "reasons": "合格。"})
    return j


def test_report_shows_results_charts_and_comparison_in_chinese(client, api):
    j = evaluated_case(api)
    html = login(client, "samr").get(f"/cases/{j.case_id}/scores").data.decode()
    assert "评分报告" in html and "运城市" in html and "2024-draft" in html
    assert html.count('class="score-chart"') == 4  # one chart per group of the 2024 draft
    for label in ("自评", "省级评估初审", "专家 expert1", "专家 expert2", "总局综合评定", "极差"):
        assert label in html, label
    # The print layout lives in the report's style sheet (the Content-Security-Policy allows no inline style).
    sheet = re.search(r'href="([^"]*/scores\.css)"', html).group(1)
    assert "@media print" in client.get(sheet).data.decode()


def test_pdf_export_opens_and_names_the_region(client, api):
    j = evaluated_case(api)
    response = login(client, "prov-shanxi").get(f"/cases/{j.case_id}/scores.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.data))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "运城市" in text and "评分报告" in text and "2024-draft" in text


def test_report_is_scoped_by_region_and_hides_other_experts(client, api):
    j = evaluated_case(api)
    assert login(client, "prov-chongqing").get(f"/cases/{j.case_id}/scores").status_code == 403
    client.post("/logout")
    html = login(client, "app-yuncheng").get(f"/cases/{j.case_id}/scores").data.decode()
    assert "专家 expert1" not in html and "总局综合评定" in html


def test_admin_page_lists_both_systems_with_warnings(client, api):
    html = login(client, "admin").get("/admin/indicator-systems").data.decode()
    assert 'data-key="2022-trial"' in html and 'data-key="2024-draft"' in html
    assert "校验提示" in html and "指标3" in html  # the 2024 draft's indicator 3 does not add up
    client.post("/logout")
    assert login(client, "app-yuncheng").get("/admin/indicator-systems").status_code == 403


def test_definitions_page_links_to_the_indicator_systems(client):
    html = login(client, "admin").get("/admin/definitions").data.decode()
    assert "/admin/indicator-systems" in html
