"""Official documents through the API: every decision of the lifecycle issues a letter with a
document number (文号) in its issuer's pattern, unique and gapless, and a PDF whose text
holds the number, the region and the date; administrators set the patterns."""
import io
import re
from collections import defaultdict
from datetime import datetime

from pypdf import PdfReader

from engine.clock import CHINA
from tests.helpers.api_journey import SUPERVISION_RECORD, Journey
from tests.helpers.lifecycle_driver import RECTIFICATION_REPORT

ALL_KINDS = {"acceptance", "amendment", "rejection", "recommendation", "approval", "notice", "certification",
             "interview", "warning", "revocation_notice", "revocation"}
DEFICIENCIES = ["平台经济发展规划文件未加盖公章", "缺少近三年网络交易投诉处理数据"]


def patterns(admin):
    response = admin.get("/api/v1/admin/document-numbers")
    assert response.status_code == 200, response.get_json()
    return {p["issuer_name"]: p for p in response.get_json()["items"]}


def as_regex(pattern):
    """The numbers a pattern writes, with the year and the serial as groups."""
    return re.compile("^" + re.escape(pattern).replace(re.escape("{year}"), r"(?P<year>\d{4})")
                      .replace(re.escape("{n}"), r"(?P<n>\d+)") + "$")


def pdf_text(user, url):
    response = user.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf", response.data[:200]
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


def cn_date(iso):
    day = datetime.fromisoformat(iso).astimezone(CHINA)
    return f"{day.year}年{day.month}月{day.day}日"


def documents(user, case_id):
    response = user.get(f"/api/v1/cases/{case_id}/documents")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def whole_life(api):
    """One case through every decision that issues a letter, and one rejected case."""
    rejected = Journey(api, "app-yongchuan").apply().review("reject", reasons="不符合申请条件")
    j = Journey(api).apply()
    j.review("return", reasons="材料不全", amend_deadline="2030-01-31", deficiencies=DEFICIENCIES)
    j.do(j.applicant, "amendment", {"decision": "resubmit", "amendment_notes": "已补齐"})
    j.review().recommend().approve()
    j.advance("P2Y1D")
    j.self_assess()
    j.open_evaluation_round()
    j.evaluate().publish()
    j.advance("P16D")
    j.certify()
    for decision in ("warning", "interview"):
        j.do(j.samr, "supervision_check", {**SUPERVISION_RECORD, "finding": "decline"})
        j.do(j.samr, "supervision_decision", {"decision": decision, "reasons": f"督促检查发现问题（{decision}）。"})
        j.do(j.applicant, "rectification_report", RECTIFICATION_REPORT)
    j.do(j.samr, "supervision_check", {**SUPERVISION_RECORD, "finding": "decline"})
    j.revoke(reasons="督促检查发现问题（revocation）。")
    assert j.stage == "revoked"
    return j, rejected


def test_each_decision_has_a_unique_number_in_its_pattern_and_a_letter(api):
    j, rejected = whole_life(api)
    by_issuer = {name: as_regex(p["pattern"]) for name, p in patterns(api("admin")).items()}
    docs = documents(j.samr, j.case_id) + documents(j.samr, rejected.case_id)
    # the first case: amendment, then acceptance, … revocation; the second: rejection
    assert sorted(d["kind"] for d in docs) == sorted(ALL_KINDS)
    numbers = [d["number"] for d in docs]
    assert len(set(numbers)) == len(numbers), numbers
    serials = defaultdict(list)
    for d in docs:
        match = by_issuer[d["issuer"]].match(d["number"])
        assert match, (d["issuer"], d["number"])
        assert int(match["year"]) == datetime.fromisoformat(d["issued_at"]).astimezone(CHINA).year
        serials[(d["issuer"], match["year"])].append(int(match["n"]))
    for key, ns in serials.items():  # per issuer and year: 1, 2, 3, … without gaps
        assert sorted(ns) == list(range(1, len(ns) + 1)), (key, ns)
    for d in docs:
        text = pdf_text(j.samr, d["url"])
        region = "运城市" if d["kind"] != "rejection" else "永川区"
        for expected in (d["number"], region, cn_date(d["issued_at"]), d["issuer"]):
            assert expected in text, (d["kind"], expected, text[:300])


def test_letters_say_what_was_decided_and_to_whom(api):
    j, rejected = whole_life(api)
    docs = {d["kind"]: d for d in documents(j.samr, j.case_id)}
    amendment = pdf_text(j.samr, docs["amendment"]["url"])
    assert "一次性告知" in amendment and all(item in amendment for item in DEFICIENCIES)
    assert "2030年1月31日" in amendment
    assert docs["amendment"]["addressee"] == "运城市人民政府" and docs["amendment"]["issuer"] == "山西省市场监督管理局"
    assert docs["recommendation"]["addressee"] == "国家市场监督管理总局"
    assert docs["approval"]["decision"] == "approve" and "同意运城市" in docs["approval"]["title"]
    notice = pdf_text(j.samr, docs["notice"]["url"])
    assert "示范区建议名单公示" in notice and "公示内容。" in notice
    assert "取消运城市" in docs["revocation"]["title"]
    assert "山西省市场监督管理局" in pdf_text(j.samr, docs["revocation"]["url"])  # copied to the province
    assert [d["kind"] for d in documents(rejected.samr, rejected.case_id)] == ["rejection"]
    history = [h for h in j.case["history"] if h["action"] == "document_issued"]
    assert [h["detail"]["number"] for h in history] == [d["number"] for d in documents(j.samr, j.case_id)]


def test_documents_are_as_private_as_the_case(api, client):
    j = Journey(api).apply().review()
    doc = documents(j.province, j.case_id)[0]
    assert doc["kind"] == "acceptance" and not doc["public"]
    assert api("prov-chongqing").get(f"/api/v1/cases/{j.case_id}/documents").status_code == 403
    assert api("prov-chongqing").get(doc["url"]).status_code == 403
    assert j.applicant.get(doc["url"]).status_code == 200
    assert client.get(f"/api/v1/public/documents/{doc['id']}.pdf").status_code == 404  # not a public kind


def test_public_lists_carry_the_notice_and_the_decisions(api, client):
    j = Journey(api).to_notice()
    notice = client.get("/api/v1/public/notices").get_json()["items"][0]
    assert (notice["title"], notice["text"]) == ("示范区建议名单公示", "公示内容。")
    assert [r["region_name"] for r in notice["regions"]] == ["运城市"]
    assert notice["document_number"].startswith("国市监网监〔")
    assert "公示内容。" in pdf_text(client, notice["url"])
    j.advance("P16D")
    j.certify()
    certified_on = j.today()
    j.do(j.samr, "supervision_check", {**SUPERVISION_RECORD, "record_kind": "incident", "finding": "fraud"})
    j.revoke()
    docs = {d["kind"]: d for d in documents(j.samr, j.case_id)}
    zone = client.get("/api/v1/public/zones").get_json()["items"][0]
    assert zone["status"] == "revoked"
    assert zone["document_number"] == docs["certification"]["number"]
    assert zone["revocation_document_number"] == docs["revocation"]["number"]
    assert zone["certified_on"] == certified_on
    assert "弄虚作假。" in pdf_text(client, zone["revocation"]["url"])


def test_a_pattern_without_n_is_refused_and_a_new_one_is_used(api):
    admin = api("admin")
    samr_row = patterns(admin)["国家市场监督管理总局"]
    url = f"/api/v1/admin/document-numbers/{samr_row['issuer_id']}"
    for bad in ("国市监网监〔{year}〕号", "国市监〔{year}〕{n}号{x}", "国市监{n", ""):
        response = admin.client.put(url, json={"pattern": bad}, headers=admin.headers)
        assert response.status_code == 400 and "pattern" in response.get_json()["error"]["fields"], (bad, response.get_json())
    assert patterns(admin)["国家市场监督管理总局"]["pattern"] == samr_row["pattern"]  # nothing stored
    samr = api("samr")
    assert samr.client.put(url, json={"pattern": "x{n}"}, headers=samr.headers).status_code == 403
    try:
        response = admin.client.put(url, json={"pattern": "国市监网监函〔{year}〕{n:03d}号"}, headers=admin.headers)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["next_number"].endswith("〕001号")
        j = Journey(api).apply().review().recommend().approve()
        approval = next(d for d in documents(j.samr, j.case_id) if d["kind"] == "approval")
        assert re.fullmatch(r"国市监网监函〔\d{4}〕001号", approval["number"]), approval["number"]
        assert patterns(admin)["国家市场监督管理总局"]["last_serial"] == 1
    finally:
        admin.client.put(url, json={"pattern": samr_row["pattern"]}, headers=admin.headers)
