"""Art 15, 16 and 22 through the API: public notice, objections, certification, supervision."""
from tests.conftest import cover_calendar_until
from tests.helpers.api_journey import SUPERVISION_RECORD, Journey, open_task
from tests.helpers.lifecycle_driver import RECTIFICATION_REPORT

OBJECTION = {"name": "张先生", "contact": "13800000000", "content": "该地区网络交易投诉处理不及时。"}


def objections_url(case_id):
    return f"/api/v1/public/notices/{case_id}/objections"


def test_notice_is_public_with_its_end_then_certification(client, api):
    j = Journey(api).to_notice()
    notices = client.get("/api/v1/public/notices").get_json()
    assert [(n["case_id"], n["region_name"]) for n in notices["items"]] == [(j.case_id, "运城市")]
    assert notices["items"][0]["ends_at"] == j.case["next_timer_at"]
    assert j.stage == "public_notice"
    assert j.advance("P14D") == []
    j.advance("P1DT1M")
    assert j.active() == ["certification"] and j.stage == "certification"
    assert client.get("/api/v1/public/notices").get_json()["total"] == 0
    j.certify()
    assert j.stage == "supervision"


def test_each_objection_becomes_a_verification_task(client, api):
    j = Journey(api).to_notice()
    receipts = []
    for n in range(2):
        response = client.post(objections_url(j.case_id), json={**OBJECTION, "content": f"异议内容第{n + 1}条"})
        assert response.status_code == 201, response.get_json()
        receipts.append(response.get_json()["confirmation"])
    assert len(set(receipts)) == 2 and all(r.startswith("YY") for r in receipts)
    assert j.active().count("objection_verification") == 2
    history = [h for h in j.case["history"] if h["action"] == "objection_received"]
    assert [h["actor"] for h in history] == ["public", "public"]

    for _ in range(2):
        j.do(j.samr, "objection_verification", {"decision": "dismissed", "verification_findings": "经核实，异议不成立。", "reasons": "证据不足。"})
    j.advance("P16D")
    assert j.active() == ["certification"]
    response = client.post(objections_url(j.case_id), json=OBJECTION)
    assert response.status_code == 409 and "not in public notice" in response.get_json()["error"]["message"]


def test_objection_form_is_validated(client, api):
    j = Journey(api).to_notice()
    response = client.post(objections_url(j.case_id), json={"name": "", "content": "短"})
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"name", "contact", "content"}
    assert "objection_verification" not in j.active()


def test_objections_are_throttled_per_client(client, api):
    j = Journey(api).to_notice()
    codes = [client.post(objections_url(j.case_id), json=OBJECTION).status_code for _ in range(6)]
    assert codes == [201] * 5 + [429]
    assert j.active().count("objection_verification") == 5


def test_upheld_objection_stops_certification(client, api):
    j = Journey(api).to_notice()
    assert client.post(objections_url(j.case_id), json=OBJECTION).status_code == 201
    j.do(j.samr, "objection_verification", {"decision": "upheld", "verification_findings": "经核实，异议成立。", "reasons": "情况属实。"})
    assert j.stage == "self_assessment"  # counts as a first failed evaluation (Art 17)
    assert j.active() == ["reapplication_decision"]
    assert "certification" not in j.active()


def test_supervision_checks_loop_until_revocation(api, client):
    j = Journey(api).to_supervision()
    assert j.active() == ["province_supervision", "supervision_check"]
    j.do(j.samr, "supervision_check", SUPERVISION_RECORD)
    j.do(j.samr, "supervision_decision", {"decision": "none"})
    j.do(j.samr, "supervision_check", {**SUPERVISION_RECORD, "finding": "decline"})
    j.do(j.samr, "supervision_decision", {"decision": "warning", "reasons": "发展水平下降。"})
    assert j.stage == "supervision"
    j.do(j.applicant, "rectification_report", RECTIFICATION_REPORT)
    j.do(j.samr, "supervision_check", {**SUPERVISION_RECORD, "record_kind": "incident", "finding": "fraud"})
    j.revoke()
    case = j.case
    assert (case["stage"], case["status"], case["active_tasks"]) == ("revoked", "closed", [])


def test_years_of_records_keep_the_saved_case_small_and_the_history_whole(app, api):
    from models import Case, db
    j = Journey(api).to_supervision()

    def state_size():
        with app.app_context():
            return len(db.session.get(Case, j.case_id).state_json)
    sizes = []
    for _year in range(12):
        j.advance("P1Y")
        j.do(j.samr, "supervision_check", SUPERVISION_RECORD)
        j.do(j.samr, "supervision_decision", {"decision": "none"})
        j.do(j.province, "province_supervision", SUPERVISION_RECORD)
        j.do(j.samr, "supervision_decision_province", {"decision": "none"})
        sizes.append(state_size())
    assert max(sizes) - sizes[0] < 200, sizes  # bytes: finished iterations are pruned, not kept
    history = [h["task"] for h in j.case["history"] if h["action"] == "task_completed"]
    assert history.count("supervision_check") == history.count("province_supervision") == 12
    j.do(j.samr, "supervision_check", {**SUPERVISION_RECORD, "record_kind": "incident", "finding": "fraud"})
    with app.app_context():
        cover_calendar_until(2041)  # the period to state the case is counted in working days
    j.revoke(state=False)
    assert (j.stage, j.case["status"]) == ("revoked", "closed")


def test_province_record_goes_to_samr_which_may_interview(api):
    j = Journey(api).to_supervision()
    j.do(j.province, "province_supervision", {**SUPERVISION_RECORD, "record_kind": "incident",
                                              "finding": "major_incident"})
    task = open_task(j.samr, "supervision_decision_province", j.case_id)
    assert j.samr.get(f"/api/v1/tasks/{task['id']}").get_json()["data"]["finding"] == "major_incident"
    j.do(j.samr, "supervision_decision_province", {"decision": "interview", "reasons": "约谈主要负责人。"})
    assert j.stage == "supervision" and "rectification_report_province" in j.active()
    j.do(j.applicant, "rectification_report_province", RECTIFICATION_REPORT)
    assert "province_supervision" in j.active()
    j.do(j.province, "province_supervision", {**SUPERVISION_RECORD, "record_kind": "incident", "finding": "fraud"})
    j.revoke(after="province")
    assert j.stage == "revoked"


def test_notice_period_is_configuration(api):
    from engine.config import settings
    saved = dict(settings.case_defaults)
    settings.case_defaults["notice_period"] = "P10D"  # as NOTICE_PERIOD=P10D would
    try:
        j = Journey(api).to_notice()
    finally:
        settings.case_defaults.clear()
        settings.case_defaults.update(saved)
    assert j.advance("P9D") == []
    j.advance("P1DT1M")
    assert j.active() == ["certification"]
