"""Art 17 through the API: after a first failed evaluation the applicant chooses to apply again
or not (declining ends the case, with a reason); each failure's letter says what Art 17 allows
next — the next evaluation after the first, a new creation application after the second."""
from tests.api.test_decisions__letters import documents, pdf_text
from tests.helpers.api_journey import Journey


def failure_letters(j):
    return [d for d in documents(j.samr, j.case_id) if d["kind"] == "evaluation_failed"]


def test_declining_to_reapply_ends_the_case_and_needs_a_reason(api):
    j = Journey(api).to_evaluation_application().evaluate("fail")
    body = j.do(j.applicant, "reapplication_decision", {"decision": "decline"}, expect=400)
    assert "reasons" in body["error"]["fields"]
    assert j.active() == ["reapplication_decision"]
    j.do(j.applicant, "reapplication_decision", {"decision": "decline", "reasons": "条件尚不成熟，暂不再次申请。"})
    case = j.case
    assert (case["stage"], case["status"], case["active_tasks"]) == ("failed", "closed", [])


def test_each_failure_letter_says_what_comes_next(api):
    j = Journey(api).to_evaluation_application().evaluate("fail")
    [first] = failure_letters(j)
    text = pdf_text(j.applicant, first["url"]).replace("\n", "")  # lines break anywhere
    assert first["number"] in text and "运城市" in text and "未通过" in text
    assert "下一次示范区评估认定时" in text and "重新提出示范区创建申请" not in text
    j.reapply().self_assess()
    j.advance("P120D")
    j.open_evaluation_round("下一评估批次")
    j.evaluate("fail", experts=("expert2", "expert3"))
    assert j.stage == "failed"
    second = [d for d in failure_letters(j) if d["id"] != first["id"]]
    assert len(second) == 1 and second[0]["number"] != first["number"]
    text = pdf_text(j.applicant, second[0]["url"]).replace("\n", "")
    assert "再次申请评估仍未通过" in text and "重新提出示范区创建申请" in text
