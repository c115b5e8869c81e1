"""The public site: notices, the objection form (validated, throttled, confirmed), zones."""
import re

from tests.helpers.api_journey import Journey
from tests.helpers.page_client import csrf


def test_objection_form_validates_confirms_and_throttles(client, api):
    journey = Journey(api).to_notice()
    html = client.get("/public/").data.decode()
    assert "运城市" in html and "公示截止" in html
    url = f"/public/notices/{journey.case_id}/objection"
    bad = client.post(url, data={"csrf_token": csrf(client.get(url).data.decode()), "name": "张三",
                                 "contact": "1", "content": "短"})
    assert bad.status_code == 400
    text = bad.data.decode()
    assert "应为 3 至 200 个字符" in text and "应为 2 至 5000 个字符" in text
    assert "objection_verification" not in journey.active()
    good = client.post(url, data={"csrf_token": csrf(text), "name": "张三", "contact": "13800000000",
                                  "content": "申报数据与统计公报不一致。"})
    assert good.status_code == 201 and re.search(r'id="confirmation"[^>]*>YY', good.data.decode())
    assert "objection_verification" in journey.active()
    statuses = [client.post(url, data={"csrf_token": csrf(text), "name": "李四", "contact": "13900000000",
                                       "content": "再次提出异议内容。"}).status_code for _ in range(5)]
    assert statuses[-1] == 429  # five a minute per client (one good and one bad above)


def test_objection_after_the_notice_is_refused(client, api):
    journey = Journey(api).to_notice()
    journey.advance("P16D")
    response = client.get(f"/public/notices/{journey.case_id}/objection")
    assert response.status_code == 404 and "不在公示期内" in response.data.decode()


def test_zones_page_and_api_list_certified_zones(client, api):
    journey = Journey(api).to_supervision()
    zones = client.get("/api/v1/public/zones").get_json()
    assert zones["total"] == 1
    zone = zones["items"][0]
    assert zone["region_name"] == "运城市" and zone["status"] == "certified"
    documents = journey.samr.get(f"/api/v1/cases/{journey.case_id}/documents").get_json()["items"]
    certification = next(d for d in documents if d["kind"] == "certification")
    assert zone["document_number"] == certification["number"] and zone["case_id"] == journey.case_id
    assert "已认定" in client.get("/public/zones").data.decode()
