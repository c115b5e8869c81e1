"""审批单: the approval sheet as a PDF lists every step of a case as the trail has it —
completions with their decision and opinion, send-backs (退回) with the reason and the step
sent back to, recalls (撤回) — with people and offices by name, for whoever sees the case."""
import io
import re

from pypdf import PdfReader

from tests.helpers.api_journey import APPLICATION, Journey, complete, open_task, round_id

REASON = "缺少平台经济发展规划的佐证材料。"
LONGEST = "补充附件" + "意" * 1996


def sheet_text(user, case_id, expect=200):
    response = user.get(f"/api/v1/cases/{case_id}/approval-sheet.pdf")
    assert response.status_code == expect, response.data[:300]
    if expect != 200:
        return None
    assert response.mimetype == "application/pdf"
    assert "approval-sheet" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_the_sheet_lists_each_step_with_actor_office_decision_and_opinion(api):
    j = Journey(api)
    started = j.applicant.post("/api/v1/cases", json={"round_id": round_id(j.applicant)})
    j.case_id = started.get_json()["id"]
    first = open_task(j.applicant, "application", j.case_id)["id"]
    complete(j.applicant, "application", j.case_id, {**APPLICATION, "opinion": "已按要求准备材料，请审核。"})
    assert j.applicant.post(f"/api/v1/tasks/{first}/recall", json={"reason": LONGEST}).status_code == 200
    complete(j.applicant, "application", j.case_id, APPLICATION)
    review = open_task(j.province, "initial_review", j.case_id)
    response = j.province.post(f"/api/v1/tasks/{review['id']}/return", json={"to": "application", "reason": REASON})
    assert response.status_code == 200, response.get_json()
    complete(j.applicant, "application", j.case_id, APPLICATION)
    complete(j.province, "initial_review", j.case_id, {"decision": "pass", "opinion": "材料齐全，同意推荐。"})

    text = sheet_text(j.applicant, j.case_id)
    assert "审批单" in text and f"#{j.case_id}" in text and "运城市" in text
    for heading in ("办理环节", "办理人", "办理单位", "办理时间", "办理结果", "办理意见"):
        assert heading in text
    assert "已按要求准备材料，请审核。" in text  # the applicant's opinion
    assert "撤回" in text and LONGEST in text  # the recall with its reason, the longest there may be
    assert "退回" in text and REASON in text and "填写创建申请表" in text  # sent back, and where to
    assert "材料齐全，同意推荐。" in text and "通过" in text  # the review's decision in Chinese
    assert "山西省市场监管局" in text and "山西省市场监督管理局" in text  # the clerk and the office
    assert "运城市创建办" in text and "申报材料初审" in text
    # in the order it happened
    assert text.index("已按要求准备材料") < text.index("补充附件") < text.index(REASON) < text.index("材料齐全")


def test_the_sheet_follows_the_case_access(api):
    j = Journey(api).apply()
    assert "申报材料初审" not in sheet_text(j.samr, j.case_id)  # not done yet
    j.review(reasons="符合申报条件。")  # no opinion: the form's reasons stand for it
    assert "符合申报条件。" in sheet_text(j.samr, j.case_id)
    sheet_text(api("app-yongchuan"), j.case_id, expect=403)
    sheet_text(api("prov-chongqing"), j.case_id, expect=403)
    sheet_text(j.samr, 2**31 - 2, expect=404)


def test_transfers_and_delegations_in_the_trail_appear_by_name(app, api):
    """转办 and 委派 are written by their own service; the sheet reads their events by name."""
    from engine.audit import record
    from models import db

    j = Journey(api).apply()
    with app.app_context():
        record("prov-shanxi", "task_transferred", j.case_id, "initial_review",
               {"title": "申报材料初审", "to": "samr", "reason": "人员调整" * 400})
        record("samr", "task_delegated", j.case_id, "initial_review", {"title": "申报材料初审", "to": "prov-shanxi"})
        db.session.commit()
    text = sheet_text(j.samr, j.case_id)
    assert "转办→市场监管总局网监司" in text and "人员调整" * 400 in text  # a long text runs on, whole
    assert "委派→山西省市场监管局" in text
