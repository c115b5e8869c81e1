"""Art 19–21 through the API: a creation object's or certified zone's experience report
reaches SAMR's inbox, SAMR curates it into the experience library shown on the public
showcase page; SAMR records support measures and pilots the zone sees on its case."""
from tests.helpers.api_journey import Journey

REPORT = {"title": "“一网通管”网络交易监测经验", "highlights": "建成网络交易监测平台，覆盖全部平台企业。",
          "progress": "投诉处理时限压缩至5个工作日。", "practice": "平台企业主体责任清单化管理，可复制推广。"}


def file(j, data=None, expect=201):
    response = j.applicant.post(f"/api/v1/cases/{j.case_id}/experience-reports", json=data or REPORT)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def inbox_notes(user, kind):
    return [n for n in user.get("/api/v1/notifications").get_json()["items"] if n["kind"] == kind]


def test_experience_report_reaches_samr_and_the_public_showcase(api, client):
    j = Journey(api).to_creation()  # a creation object
    report = file(j)
    assert report["status"] == "submitted" and report["region_name"] == "运城市"
    [note] = inbox_notes(j.samr, "experience_report_submitted")
    assert REPORT["title"] in note["title"] and note["case_id"] == j.case_id
    inbox = j.samr.get("/api/v1/experience-reports?status=submitted").get_json()["items"]
    assert [r["id"] for r in inbox] == [report["id"]]
    assert "experience_report_submitted" in [h["action"] for h in j.case["history"]]
    # not in the library until SAMR curates it
    assert client.get("/api/v1/public/experiences").get_json()["total"] == 0
    assert REPORT["practice"] not in client.get("/public/experiences").get_data(as_text=True)

    response = j.samr.post(f"/api/v1/experience-reports/{report['id']}/curate",
                           json={"summary": "运城市以清单化管理压实平台责任。"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "published"
    library = client.get("/api/v1/public/experiences").get_json()["items"]
    assert [(e["title"], e["region_name"]) for e in library] == [(REPORT["title"], "运城市")]
    page = client.get("/public/experiences")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert REPORT["title"] in html and "运城市以清单化管理压实平台责任。" in html and REPORT["practice"] in html
    assert "<script>" not in html and " style=" not in html  # the strict CSP: no inline code
    english = client.get("/public/experiences?lang=en").get_data(as_text=True)
    assert "Experience library" in english
    assert inbox_notes(j.applicant, "experience_report_curated")
    again = j.samr.post(f"/api/v1/experience-reports/{report['id']}/curate", json={"summary": "再次。"})
    assert again.status_code == 409


def test_certified_zone_files_and_only_its_office_may(api):
    j = Journey(api).to_supervision()
    file(j)
    assert len(j.samr.get(f"/api/v1/cases/{j.case_id}/experience-reports").get_json()["items"]) == 1
    other = api("app-yongchuan").post(f"/api/v1/cases/{j.case_id}/experience-reports", json=REPORT)
    assert other.status_code == 403
    assert j.province.post(f"/api/v1/cases/{j.case_id}/experience-reports", json=REPORT).status_code == 403


def test_before_creation_no_experience_report(api):
    j = Journey(api).apply()
    body = file(j, expect=409)
    assert "creation" in body["error"]["message"]


def test_bad_experience_input_names_the_field(api):
    j = Journey(api).to_creation()
    body = file(j, {**REPORT, "practice": "   "}, expect=400)
    assert set(body["error"]["fields"]) == {"practice"}
    body = file(j, {**REPORT, "title": "长" * 201}, expect=400)
    assert "title" in body["error"]["fields"]
    report = file(j)
    response = j.samr.post(f"/api/v1/experience-reports/{report['id']}/curate", json={"summary": ""})
    assert response.status_code == 400 and "summary" in response.get_json()["error"]["fields"]


def test_support_measures_register_the_zone_sees(api):
    j = Journey(api).to_supervision()
    measure = {"kind": "pilot", "title": "网络交易信用分级分类监管先行先试", "content": "支持试点信用分级分类监管。",
               "started_on": "2028-04-01"}
    response = j.samr.post(f"/api/v1/cases/{j.case_id}/support-measures", json=measure)
    assert response.status_code == 201, response.get_json()
    listed = j.applicant.get(f"/api/v1/cases/{j.case_id}/support-measures").get_json()["items"]
    assert [(m["kind"], m["title"], m["started_on"]) for m in listed] == [("pilot", measure["title"], "2028-04-01")]
    assert inbox_notes(j.applicant, "support_measure_recorded")
    assert j.applicant.post(f"/api/v1/cases/{j.case_id}/support-measures", json=measure).status_code == 403
    bad = j.samr.post(f"/api/v1/cases/{j.case_id}/support-measures", json={**measure, "kind": "money"})
    assert bad.status_code == 400 and "kind" in bad.get_json()["error"]["fields"]
    bad = j.samr.post(f"/api/v1/cases/{j.case_id}/support-measures", json={**measure, "started_on": "1999-01-01"})
    assert bad.status_code == 400 and "started_on" in bad.get_json()["error"]["fields"]
    page = j.applicant.client.get(f"/cases/{j.case_id}", headers=j.applicant.headers)
    assert page.status_code in (200, 302)
