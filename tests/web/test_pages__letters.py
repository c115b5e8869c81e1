"""Letters on the pages: the case page lists its official documents with their numbers and
PDFs, the public page shows each notice's title, text and regions and the zones' decisions,
and administrators set the number patterns on their page (a pattern without {n} refused)."""
import io
import re

from pypdf import PdfReader

from tests.helpers.api_journey import SUPERVISION_RECORD, Journey
from tests.helpers.page_client import login, post_form


def test_case_page_lists_the_letters_with_their_numbers(client, api):
    j = Journey(api).apply().review().recommend().approve()
    docs = j.samr.get(f"/api/v1/cases/{j.case_id}/documents").get_json()["items"]
    html = login(client, "app-yuncheng").get(f"/cases/{j.case_id}").data.decode()
    assert "公文" in html and "受理通知" in html and "推荐函" in html
    for d in docs:
        assert d["number"] in html and d["title"] in html
    link = re.search(r'href="(/cases/\d+/letters/\d+\.pdf)"', html).group(1)
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert docs[0]["number"] in text and "运城市" in text
    client.post("/logout")
    assert login(client, "prov-chongqing").get(link).status_code == 403


def test_public_page_shows_the_notice_and_the_zones_decisions(client, api):
    j = Journey(api).to_notice()
    html = client.get("/public/").data.decode()
    assert "示范区建议名单公示" in html and "公示内容。" in html and "运城市" in html and "公示截止" in html
    notice = client.get("/api/v1/public/notices").get_json()["items"][0]
    assert notice["document_number"] in html
    j.advance("P16D")
    certified_on = j.today()
    j.do(j.samr, "certification", {"certified_on": certified_on, "announcement": "认定运城市为示范区。"})
    j.do(j.samr, "supervision_check", {**SUPERVISION_RECORD, "record_kind": "incident", "finding": "fraud"})
    j.revoke()  # the notice, the period to state the case, then the decision
    zone = client.get("/api/v1/public/zones").get_json()["items"][0]
    html = client.get("/public/zones").data.decode()
    for expected in (zone["document_number"], certified_on, "认定运城市为示范区。", zone["revocation_document_number"]):
        assert expected in html, expected
    pdf = re.search(r'href="(/public/letters/\d+\.pdf)"', html).group(1)
    assert client.get(pdf).mimetype == "application/pdf"


def test_admin_sets_a_pattern_and_a_pattern_without_n_is_refused(client, api):
    admin = api("admin")
    samr = next(p for p in admin.get("/api/v1/admin/document-numbers").get_json()["items"] if p["level"] == "national")
    login(client, "admin")
    html = client.get("/admin/document-numbers").data.decode()
    assert "文号" in html and samr["pattern"] in html and "山西省市场监督管理局" in html
    response = post_form(client, "/admin/document-numbers", {"issuer_id": samr["issuer_id"], "pattern": "国市监〔{year}〕号"},
                         follow_redirects=True)
    assert "未保存" in response.data.decode()
    assert samr["pattern"] in response.data.decode()
    try:
        response = post_form(client, "/admin/document-numbers", {"issuer_id": samr["issuer_id"],
                                                                 "pattern": "国市监网监函〔{year}〕{n}号"},
                             follow_redirects=True)
        assert "已保存" in response.data.decode() and "国市监网监函〔" in response.data.decode()
    finally:
        admin.client.put(f"/api/v1/admin/document-numbers/{samr['issuer_id']}", json={"pattern": samr["pattern"]},
                         headers=admin.headers)
    client.post("/logout")
    assert login(client, "samr").get("/admin/document-numbers").status_code == 403
