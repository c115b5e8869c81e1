"""Art 10–14 and 17 through the API: creation period, self-assessment, evaluation, re-application."""
from tests.helpers.api_journey import (
    Journey,
    evaluation_application_form,
    expert_scoring_form,
    open_task,
    self_assessment_form,
)


def test_reports_during_creation_keep_the_period_end(api):
    j = Journey(api).to_creation()
    end = j.case["next_timer_at"]
    for month in range(3):
        j.do(j.applicant, "creation_report", {"action": "report", "report_kind": "progress",
                                              "report_title": f"第{month + 1}季度创建进展",
                                              "report_content": "按计划推进。"})
        j.advance("P30D")
    assert j.stage == "creation" and j.case["next_timer_at"] == end
    history = [h["task"] for h in j.case["history"] if h["action"] == "task_completed"]
    assert history.count("creation_report") == 3


def test_period_end_asks_for_self_assessment_and_a_failing_one_lapses(api):
    j = Journey(api).to_creation()
    fired = j.advance("P2Y1D")
    assert [f["stage_after"] for f in fired] == ["self_assessment"]
    assert j.active() == ["self_assessment"]
    j.self_assess(qualified=False)
    assert (j.stage, j.case["status"]) == ("lapsed", "closed")


def test_early_self_assessment_that_fails_keeps_the_case_in_creation(api):
    j = Journey(api).to_creation()
    j.do(j.applicant, "creation_report", {"action": "self_assess"})
    assert j.active() == ["early_consent"] and j.stage == "creation"  # Art 12: only with SAMR's consent
    body = j.do(j.samr, "early_consent", {"decision": "refuse"}, expect=400)
    assert "reasons" in body["error"]["fields"]
    j.do(j.samr, "early_consent", {"decision": "consent"})
    assert j.stage == "self_assessment"
    j.self_assess(qualified=False, task="early_self_assessment")
    assert j.stage == "creation"
    j.do(j.applicant, "creation_report", {"action": "self_assess"})
    j.do(j.samr, "early_consent", {"decision": "consent"})
    j.self_assess(qualified=True, task="early_self_assessment")
    consents = [h for h in j.case["history"] if h["action"] == "task_completed" and h["task"] == "early_consent"]
    assert [(h["actor"], h["detail"]["data"]["decision"]) for h in consents] == [("samr", "consent")] * 2
    assert j.active() == ["evaluation_application"]
    assert j.case["next_timer_at"] is None  # the period ended early: its timer is gone


def test_evaluation_application_needs_an_open_evaluation_round(api):
    j = Journey(api).to_creation()
    j.advance("P2Y1D")
    j.self_assess()
    body = j.do(j.applicant, "evaluation_application", evaluation_application_form(), expect=409)
    assert "no evaluation round is open" in body["error"]["message"]
    assert j.active() == ["evaluation_application"]  # unchanged, the applicant can retry
    rid = j.open_evaluation_round()
    j.do(j.applicant, "evaluation_application", evaluation_application_form())
    assert (j.stage, j.case["evaluation_round_id"]) == ("evaluation_prereview", rid)


def test_prereview_return_sends_the_application_back(api):
    j = Journey(api).to_evaluation_application()
    j.do(j.applicant, "evaluation_application", evaluation_application_form())
    j.do(j.province, "evaluation_prereview", {"decision": "return", "reasons": "数据不一致。", "prereview_opinion": "需补充数据。"})
    assert j.active() == ["evaluation_application"]


def test_each_expert_scores_in_their_own_inbox_then_samr_decides(api):
    j = Journey(api).to_evaluation_application()
    j.do(j.applicant, "evaluation_application", evaluation_application_form())
    j.do(j.province, "evaluation_prereview", {"decision": "forward", "prereview_opinion": "合格。"})
    assignment = open_task(j.samr, "expert_assignment", j.case_id)
    schema = j.samr.get(f"/api/v1/tasks/{assignment['id']}").get_json()["form_definition"]
    assert schema["properties"]["experts"]["items"]["enum"] == ["expert1", "expert2", "expert3"]
    j.do(j.samr, "expert_assignment", {"experts": ["expert1"]}, expect=400)
    j.do(j.samr, "expert_assignment", {"experts": ["expert1", "nobody"]}, expect=400)
    j.do(j.samr, "expert_assignment", {"experts": ["expert1", "expert3"]})

    inboxes = {name: api(name).get("/api/v1/tasks").get_json() for name in ("expert1", "expert2", "expert3")}
    assert [inboxes[n]["total"] for n in ("expert1", "expert2", "expert3")] == [1, 0, 1]
    assert inboxes["expert1"]["items"][0]["assignee"] == "expert1"
    other = inboxes["expert3"]["items"][0]["id"]
    assert api("expert1").post(f"/api/v1/tasks/{other}/complete", json=expert_scoring_form(90)).status_code == 403

    j.do(api("expert3"), "expert_scoring", expert_scoring_form(90))
    j.do(api("expert1"), "expert_scoring", expert_scoring_form(86))
    decision = open_task(j.samr, "evaluation_decision", j.case_id)
    data = j.samr.get(f"/api/v1/tasks/{decision['id']}").get_json()["data"]
    assert {s["expert"]: s["score_total"] for s in data["expert_scores"]} == {"expert1": 86, "expert3": 90}
    j.do(j.samr, "evaluation_decision", {"decision": "pass", "evaluation_score": 88, "reasons": "合格。"})
    assert j.active() == ["notice_publication"]


def test_first_failure_reapplies_in_the_next_round_second_failure_ends(api):
    j = Journey(api).to_evaluation_application()
    first_round = j.case.get("evaluation_round_id")
    j.evaluate("fail")
    assert j.active() == ["reapplication_decision"] and j.stage == "self_assessment"
    j.reapply()
    assert j.active() == ["self_assessment"]
    j.self_assess()
    # Art 17: not in the same evaluation round again
    body = j.do(j.applicant, "evaluation_application", evaluation_application_form(), expect=409)
    assert "no evaluation round is open" in body["error"]["message"]
    j.advance("P120D")
    second = j.open_evaluation_round("下一评估批次")
    j.evaluate("fail", experts=("expert2", "expert3"))
    case = j.case
    assert (case["stage"], case["status"]) == ("failed", "closed")
    assert case["evaluation_round_id"] == second != first_round


def test_reapplication_without_a_qualifying_self_assessment_fails(api):
    j = Journey(api).to_evaluation_application().evaluate("fail").reapply()
    j.do(j.applicant, "self_assessment", self_assessment_form(False))
    assert j.stage == "failed"
