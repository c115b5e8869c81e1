"""Art 13: the province's evaluation pre-review can conclude not qualified — with reasons, a
letter from the provincial bureau, and the case then counted as a failed evaluation (Art 17:
the applicant decides whether to apply again)."""
from tests.api.test_decisions__letters import documents, pdf_text
from tests.helpers.api_journey import Journey
from tests.helpers.lifecycle_driver import evaluation_application_form

REJECT = {"decision": "reject", "prereview_opinion": "评估初审不合格。",
          "reasons": "规范监管类指标明显未达到评估指标体系要求，网络交易数据无佐证。"}


def test_a_prereview_rejection_ends_the_attempt_with_the_provinces_letter(api):
    j = Journey(api).to_evaluation_application()
    j.do(j.applicant, "evaluation_application", evaluation_application_form())
    body = j.do(j.province, "evaluation_prereview", {k: v for k, v in REJECT.items() if k != "reasons"}, expect=400)
    assert "reasons" in body["error"]["fields"]
    assert j.active() == ["evaluation_prereview"]
    j.do(j.province, "evaluation_prereview", REJECT)
    assert j.active() == ["reapplication_decision"] and j.stage == "self_assessment"
    [letter] = [d for d in documents(j.applicant, j.case_id) if d["kind"] == "evaluation_failed"]
    assert letter["issuer"] == "山西省市场监督管理局"
    text = pdf_text(j.applicant, letter["url"]).replace("\n", "")
    assert letter["number"] in text and "评估初审结果" in text and "评估初审不合格" in text
    assert "网络交易数据无佐证" in text and "下一次示范区评估认定时" in text
