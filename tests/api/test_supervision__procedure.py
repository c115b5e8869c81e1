"""Art 22 as a procedure, through the API on the adjustable clock: an interview or warning asks
the zone for a rectification report by a deadline (escalated when missed); a revocation is
first a notice with a period to state the case (陈述申辩, 10 working days), SAMR decides only
after it, and the decision is published with its number."""
from datetime import datetime

import pytest

from engine.clock import CHINA
from tests.api.test_escalation__overdue import notes, past_due, run_escalation, setting
from tests.helpers.api_journey import SUPERVISION_RECORD, Journey, open_task
from tests.helpers.lifecycle_driver import RECTIFICATION_REPORT

FRAUD = {**SUPERVISION_RECORD, "record_kind": "incident", "finding": "fraud"}


def documents(user, case_id):
    return {d["kind"]: d for d in user.get(f"/api/v1/cases/{case_id}/documents").get_json()["items"]}


def working_days_from_now(user, n):
    response = user.get(f"/api/v1/calendar/deadline?working_days={n}")
    assert response.status_code == 200, response.get_json()
    return datetime.fromisoformat(response.get_json()["deadline"])


def decide(j, decision="revoke", expect=200):
    return j.do(j.samr, "revocation_decision", {"decision": decision, "reasons": "陈述申辩理由不成立。"}, expect)


def test_revocation_is_noticed_then_decided_after_the_period_and_published(api, client):
    j = Journey(api).to_supervision()
    j.do(j.samr, "supervision_check", FRAUD)
    period_end = working_days_from_now(j.samr, 10)
    j.do(j.samr, "supervision_decision", {"decision": "revocation", "reasons": "弄虚作假，骗取认定。"})
    assert j.stage == "supervision" and "revocation_statement" in j.active()
    notice = documents(j.samr, j.case_id)["revocation_notice"]  # 告知书, numbered, to the zone
    assert notice["number"].startswith("国市监网监〔") and "拟取消运城市" in notice["title"]
    statement = open_task(j.applicant, "revocation_statement", j.case_id)
    assert datetime.fromisoformat(statement["due_at"]) == period_end
    assert "revocation" not in documents(j.samr, j.case_id)

    j.do(j.applicant, "revocation_statement", {"statement": "数据差异系统计口径调整所致。"})
    early = decide(j, expect=409)  # the period to state the case has not ended
    shown = period_end.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    assert shown in early["error"]["message"], early
    assert j.stage == "supervision" and "revocation_decision" in j.active()

    j.samr.post("/api/v1/admin/clock", json={"set": period_end.isoformat()})
    j.samr.post("/api/v1/admin/clock", json={"advance": "PT1S"})
    decide(j)
    assert (j.stage, j.case["status"]) == ("revoked", "closed")
    revocation = documents(j.samr, j.case_id)["revocation"]
    assert revocation["number"] != notice["number"] and revocation["public"]
    zone = client.get("/api/v1/public/zones").get_json()["items"][0]
    assert (zone["status"], zone["revocation_document_number"]) == ("revoked", revocation["number"])
    assert revocation["number"] in client.get("/public/zones").get_data(as_text=True)


def test_silence_ends_the_period_and_a_revocation_may_not_be_taken(api):
    j = Journey(api).to_supervision()
    # raised on the province's report: the statement period passes in silence, SAMR does not revoke
    j.do(j.province, "province_supervision", FRAUD)
    j.do(j.samr, "supervision_decision_province", {"decision": "revocation", "reasons": "弄虚作假。"})
    fired = j.advance("P30D")
    assert fired and "revocation_statement" not in j.active() and "revocation_decision" in j.active()
    decide(j, "not_revoke")
    assert j.active() == ["province_supervision", "supervision_check"] and j.stage == "supervision"
    assert "revocation" not in documents(j.samr, j.case_id)
    # raised on SAMR's own check: back to SAMR's checks
    j.do(j.samr, "supervision_check", FRAUD)
    j.do(j.samr, "supervision_decision", {"decision": "revocation", "reasons": "弄虚作假。"})
    j.advance("P30D")
    decide(j, "not_revoke")
    assert j.active() == ["province_supervision", "supervision_check"] and j.stage == "supervision"


def test_the_statement_period_is_a_setting(api, setting):
    setting("supervision.statement_working_days", "5")
    j = Journey(api).to_supervision()
    j.do(j.samr, "supervision_check", FRAUD)
    j.do(j.samr, "supervision_decision", {"decision": "revocation", "reasons": "弄虚作假。"})
    statement = open_task(j.applicant, "revocation_statement", j.case_id)
    assert datetime.fromisoformat(statement["due_at"]) == working_days_from_now(j.samr, 5)


def test_a_missed_rectification_report_is_escalated(api):
    j = Journey(api).to_supervision()
    admin = api("admin")
    j.do(j.samr, "supervision_check", {**SUPERVISION_RECORD, "finding": "decline"})
    today = datetime.fromisoformat(j.samr.get("/api/v1/admin/clock").get_json()["now"]).astimezone(CHINA).date()
    deadline = today.replace(year=today.year + 1).isoformat()
    j.do(j.samr, "supervision_decision", {"decision": "warning", "reasons": "工作明显下滑。",
                                          "rectification_deadline": deadline})
    assert j.active() == ["province_supervision", "rectification_report"]
    task = open_task(j.applicant, "rectification_report", j.case_id)
    assert datetime.fromisoformat(task["due_at"]) == datetime.fromisoformat(f"{deadline}T23:59:59+08:00")
    assert "warning" in documents(j.samr, j.case_id)  # the letter names the deadline

    past_due(admin, task)
    assert run_escalation(admin)["reminded"] == 1
    assert any(n["kind"] == "task_reminder" for n in notes(j.applicant, j.case_id))
    j.samr.post("/api/v1/admin/clock", json={"advance": "P3DT1M"})
    assert run_escalation(admin)["escalated"] == 1
    [escalation] = [n for n in notes(j.province, j.case_id) if n["kind"] == "task_escalation"]
    assert task["title"] in escalation["title"]
    history = [h for h in j.case["history"] if h["action"] == "task_escalated"]
    assert [h["task"] for h in history] == ["rectification_report"]

    j.do(j.applicant, "rectification_report", RECTIFICATION_REPORT)  # late, but taken
    assert j.active() == ["province_supervision", "supervision_check"]


@pytest.mark.parametrize("task,data,field", [
    ("supervision_decision", {"decision": "warning", "reasons": "下滑。", "rectification_deadline": "2020-01-01"},
     "rectification_deadline"),
    ("supervision_decision", {"decision": "interview", "reasons": "下滑。", "rectification_deadline": "明天"},
     "rectification_deadline"),
    ("supervision_decision", {"decision": "revocation"}, "reasons"),
])
def test_bad_supervision_decisions_name_the_field(api, task, data, field):
    j = Journey(api).to_supervision()
    j.do(j.samr, "supervision_check", SUPERVISION_RECORD)
    body = j.do(j.samr, task, data, expect=400)
    assert field in body["error"]["fields"], body
    assert j.active() == ["province_supervision", "supervision_decision"]


def test_bad_statement_and_decision_name_the_field(api):
    j = Journey(api).to_supervision()
    j.do(j.samr, "supervision_check", FRAUD)
    j.do(j.samr, "supervision_decision", {"decision": "revocation", "reasons": "弄虚作假。"})
    body = j.do(j.applicant, "revocation_statement", {"statement": ""}, expect=400)
    assert "statement" in body["error"]["fields"]
    j.advance("P30D")
    body = j.do(j.samr, "revocation_decision", {"decision": "revoke"}, expect=400)
    assert "reasons" in body["error"]["fields"]
