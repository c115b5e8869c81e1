"""Issue 18's day at the office, in the browser: a province clerk sends an application back
with an opinion, the applicant sees it with its data and resubmits, the clerk transfers the
review to a colleague who approves it with an opinion; the approval sheet (审批单) lists it all."""
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.helpers import colleagues
from tests.helpers.api_journey import apply
from tests.helpers.browser_people import Person

pytestmark = pytest.mark.browser
BACK = "请补充平台经济发展规划原文后重新提交。"
TRANSFER = "本人出差，请王科员办理。"
APPROVED = "材料齐全，同意推荐。"


def test_send_back_resubmit_transfer_and_approve_end_on_the_approval_sheet(app, browser, live_server, api):
    colleagues.ensure(app)
    case_id = apply(api("app-yuncheng"), plan_summary="三年创建方案：5项重点任务。")
    clerk, applicant = Person(browser, live_server, "prov-shanxi"), Person(browser, live_server, "app-yuncheng")
    colleague = Person(browser, live_server, "prov-shanxi-2")
    try:
        page = clerk.open_task("initial_review", case_id)
        page.get_by_text("退回", exact=True).first.click()
        page.get_by_label("退回理由").fill(BACK)
        page.get_by_role("button", name="退回", exact=True).click()
        page.wait_for_load_state()
        assert page.locator("#case-stage").inner_text() == "创建申请"

        page = applicant.open_task("application", case_id)
        assert BACK in page.locator("#reopened").inner_text()
        assert page.locator('[name="plan_summary"]').input_value() == "三年创建方案：5项重点任务。"
        page.locator('[name="plan_summary"]').fill("补充后的三年创建方案，附发展规划原文。")
        applicant.submit()

        page = clerk.open_task("initial_review", case_id)
        page.locator("#transfer summary").click()
        page.locator("#transfer-reason").fill(TRANSFER)
        page.locator("#transfer-to").select_option("prov-shanxi-2")
        page.locator("#transfer button[type=submit]").click()
        page.wait_for_load_state()
        clerk.shot("task-transferred")

        page = colleague.go(f"/inbox?tab=mine&case={case_id}")
        page.locator(f'a[data-task="initial_review"][data-case="{case_id}"]').first.click()
        page.wait_for_selector("form[enctype]")
        page.locator('[name="decision"][value="pass"]').check()
        page.get_by_label("办理意见").fill(APPROVED)
        colleague.submit()
        assert APPROVED in page.locator("#comments").inner_text()

        sheet = api("prov-shanxi").get(f"/api/v1/cases/{case_id}/approval-sheet.pdf")
        assert sheet.status_code == 200 and sheet.mimetype == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(BytesIO(sheet.data)).pages).replace("\n", "")
        for expected in (BACK, TRANSFER, APPROVED, "山西省市场监管局（二）", "运城市创建办"):
            assert expected in text, expected
        # in the order it happened: sent back, resubmitted, transferred, approved
        assert text.index(BACK) < text.index(TRANSFER) < text.index(APPROVED)
    finally:
        for person in (clerk, applicant, colleague):
            person.close()
