"""The case page shows the zone its experience reports and its register of support measures
and pilots (Art 19, 21), in Chinese by default and in English."""
from tests.helpers.api_journey import Journey
from tests.helpers.page_client import login

MEASURE = {"kind": "pilot", "title": "网络交易信用分级分类监管先行先试", "content": "支持试点信用分级分类监管。",
           "started_on": "2028-04-01"}
REPORT = {"title": "清单化管理压实平台责任", "highlights": "亮点。", "progress": "进展。", "practice": "做法。"}


def test_the_zone_sees_its_reports_and_support_on_its_case_page(api, client):
    j = Journey(api).to_supervision()
    assert j.samr.post(f"/api/v1/cases/{j.case_id}/support-measures", json=MEASURE).status_code == 201
    assert j.applicant.post(f"/api/v1/cases/{j.case_id}/experience-reports", json=REPORT).status_code == 201
    html = login(client, "app-yuncheng").get(f"/cases/{j.case_id}").data.decode()
    assert "支持举措和先行先试" in html and MEASURE["title"] in html and "2028-04-01" in html
    assert "经验总结" in html and REPORT["title"] in html and "已报送市场监管总局" in html
    english = client.get(f"/cases/{j.case_id}?lang=en").data.decode()
    assert "Support measures and pilots" in english and "Pilot (first to try)" in english


def test_the_showcase_page_is_public_and_bilingual(client):
    html = client.get("/public/experiences").data.decode()
    assert "经验库" in html and "尚未发布经验。" in html
    assert "No experience has been published yet." in client.get("/public/experiences?lang=en").data.decode()
