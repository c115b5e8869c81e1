"""退回 and 撤回 in the browser: the province clerk sends the application back with a reason,
the applicant sees the reason with its data filled in, resubmits, recalls and resubmits
again; the review comes back into the clerk's own inbox each time."""
import pytest

from tests.helpers.browser_people import Person, fill
from tests.helpers.lifecycle_driver import application_form

pytestmark = pytest.mark.browser
REASON = "佐证材料不全：请补充平台经济发展规划原文。"


def test_a_clerk_sends_back_and_the_applicant_resubmits_and_recalls(browser, live_server):
    applicant = Person(browser, live_server, "app-yuncheng")
    province = Person(browser, live_server, "prov-shanxi")
    try:
        page = applicant.page
        page.get_by_role("button", name="开始创建申报").click()
        page.wait_for_selector("form[enctype]")
        form = application_form(plan_summary="三年创建方案：5项重点任务。")
        fill(page, form)
        applicant.submit()
        case_id = int(page.url.rstrip("/").split("/cases/")[1].split("?")[0])

        page = province.open_task("initial_review", case_id)
        page.get_by_text("退回", exact=True).first.click()  # the <summary> opens the form
        assert page.get_by_label("退回至").input_value() == "application"
        page.get_by_label("退回理由").fill(REASON)
        province.shot("task-send-back")
        page.get_by_role("button", name="退回", exact=True).click()
        page.wait_for_load_state()
        assert "已退回：“填写创建申请表”已重新打开。" in page.locator("main").inner_text()
        assert page.locator("#case-stage").inner_text() == "创建申请"

        page = applicant.open_task("application", case_id)
        notice = page.locator("#reopened").inner_text()
        assert "从“申报材料初审”退回" in notice and REASON in notice
        assert page.locator('[name="plan_summary"]').input_value() == "三年创建方案：5项重点任务。"
        page.locator('[name="plan_summary"]').fill("补充后的三年创建方案。")
        applicant.shot("task-sent-back")
        applicant.submit()
        page.get_by_role("button", name="撤回").click()  # not yet taken up by the clerk
        page.wait_for_load_state()
        assert "已撤回" in page.locator("main").inner_text()
        assert page.locator('[name="plan_summary"]').input_value() == "补充后的三年创建方案。"
        applicant.submit()

        page = province.go(f"/inbox?tab=mine&case={case_id}")
        assert page.locator(f'a[data-task="initial_review"][data-case="{case_id}"]').count() == 1
    finally:
        for person in (applicant, province):
            person.close()
