"""One case from application to certification through the pages only, each role in its
own browser, time moved on the clock page, and an objection from the public page."""
import re
from datetime import date, datetime, timedelta

import pytest

from tests.helpers.browser_people import Person, fill
from tests.helpers.lifecycle_driver import (
    application_form,
    evaluation_application_form,
    expert_scoring_form,
    self_assessment_form,
)

pytestmark = pytest.mark.browser


def case_id_from(page):
    return int(page.url.rstrip("/").split("/cases/")[1].split("?")[0])


def move_clock(samr, duration):
    page = samr.go("/admin/clock")
    page.get_by_label("向后调整（ISO 8601 时长）").fill(duration)
    page.get_by_role("button", name="调整时钟").click()
    assert page.get_by_role("status").count() == 1
    return datetime.strptime(page.locator("#now").inner_text(), "%Y-%m-%d %H:%M").date()


def test_a_case_from_application_to_certification_in_the_browser(browser, live_server):
    applicant = Person(browser, live_server, "app-yuncheng")
    province = Person(browser, live_server, "prov-shanxi")
    samr = Person(browser, live_server, "samr")
    people = [applicant, province, samr]
    try:
        # Applicant: start the case from the inbox, fill in the application, upload the plan.
        page = applicant.page
        page.get_by_role("button", name="开始创建申报").click()
        page.wait_for_selector("form[enctype]")
        form = application_form()
        form.pop("creation_plan")
        fill(page, form)
        page.locator('input[name="upload__creation_plan"]').set_input_files(
            files=[{"name": "创建方案.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 plan\n%%EOF"}])
        applicant.shot("task-application")
        applicant.submit()
        case_id = case_id_from(page)
        assert page.locator("#case-stage").inner_text() == "申报初审"
        assert page.get_by_role("link", name="创建方案.pdf").count() == 1

        # Province: initial review, then the round's ranked list.
        page = province.open_task("initial_review", case_id)
        assert "运城市" in page.locator("aside").inner_text()
        fill(page, {"decision": "pass", "reasons": "材料齐全。"})
        province.submit()
        page = province.go("/rounds")
        page.get_by_role("link", name="推荐名单").first.click()
        page.locator(f'input[name="reasons_{case_id}"]').fill("基础较好，择优推荐。")
        province.shot("round-recommendations")
        page.get_by_role("button", name="报送推荐名单").click()
        assert "推荐名单已报送" in page.get_by_role("status").inner_text()

        # SAMR approves the creation.
        page = samr.open_task("creation_approval", case_id)
        fill(page, {"decision": "approve", "reasons": "同意创建。"})
        samr.submit()
        assert page.locator("#case-stage").inner_text() == "创建期"

        # The creation period (P2Y) runs out: the clock page moves time and fires the timer.
        today = move_clock(samr, "P2Y1D")
        page = applicant.open_task("self_assessment", case_id)
        fill(page, self_assessment_form())
        applicant.submit()

        # SAMR opens an evaluation round; the applicant applies; the province forwards.
        page = samr.go("/rounds")
        page.get_by_label("类型").select_option("evaluation")
        page.get_by_label("名称").fill("评估批次（浏览器）")
        page.get_by_label("开始日期").fill(today.isoformat())
        page.get_by_label("截止日期").fill((today + timedelta(days=90)).isoformat())
        page.get_by_role("button", name="开启批次").click()
        assert "已开启" in page.get_by_role("status").inner_text()
        page = applicant.open_task("evaluation_application", case_id)
        fill(page, evaluation_application_form())
        applicant.submit()
        page = province.open_task("evaluation_prereview", case_id)
        fill(page, {"decision": "forward", "prereview_opinion": "初审合格。",
                    "methods": ["material_review", "site_check"]})
        province.submit()

        # SAMR assigns two experts; each scores in their own browser; SAMR decides.
        page = samr.open_task("expert_assignment", case_id)
        fill(page, {"experts": ["expert1", "expert2"]})
        samr.submit()
        for name in ("expert1", "expert2"):
            expert = Person(browser, live_server, name)
            people.append(expert)
            page = expert.open_task("expert_scoring", case_id)
            fill(page, expert_scoring_form(88))
            if name == "expert1":
                expert.shot("task-expert-scoring")
            expert.submit()
        page = samr.open_task("evaluation_decision", case_id)
        fill(page, {"decision": "pass", "evaluation_score": 88, "reasons": "评估通过。"},
             optional=("evaluation_score",))
        samr.submit()
        page = samr.open_task("notice_publication", case_id)
        fill(page, {"notice_title": "示范区建议名单公示", "notice_content": "公示内容。"})
        samr.submit()
        assert page.locator("#case-stage").inner_text() == "公示"

        # The public objects (no login) and gets a confirmation number.
        public = Person(browser, live_server)
        people.append(public)
        page = public.go("/public/")
        public.shot("public-notices")
        page.get_by_role("link", name="对运城市提出异议").click()
        page.get_by_label("姓名或单位名称").fill("张三")
        page.get_by_label("联系方式（电话或电子邮箱）").fill("13800000000")
        page.get_by_label("异议内容及事实依据").fill("申报材料中的交易额数据与统计公报不一致。")
        page.get_by_role("button", name="提交异议").click()
        confirmation = page.locator("#confirmation").inner_text()
        assert confirmation.startswith("YY")
        public.shot("public-objection-received")

        # SAMR verifies it (dismissed); the notice ends; SAMR certifies.
        page = samr.open_task("objection_verification", case_id)
        assert "交易额数据" in page.locator("aside").inner_text()
        fill(page, {"decision": "dismissed", "verification_findings": "经核实，数据口径不同。",
                    "reasons": "异议不成立。"})
        samr.submit()
        certified_on = move_clock(samr, "P16D")
        page = samr.open_task("certification", case_id)
        fill(page, {"certified_on": certified_on.isoformat()})  # the 文号 is issued, not typed
        samr.submit()
        assert page.locator("#case-stage").inner_text() == "动态管理"  # a certified zone
        samr.shot("case-certified")

        page = samr.go("/dashboard")
        page.wait_for_function("() => document.body.dataset.charts === 'ready'")
        page.wait_for_function("() => document.body.dataset.roundCharts === 'ready'")
        assert "山西省市场监督管理局" in page.locator("#round-statistics").inner_text()  # the newest round's figures
        samr.shot("dashboard-samr")
        page = public.go("/public/zones")
        row = page.locator("#zones tr").filter(has_text="运城市")
        assert "已认定" in row.inner_text() and re.search(r"国市监网监〔\d{4}〕\d+号", row.inner_text())  # issued
        public.shot("public-zones")

        # Phone width: the inbox and a case page still work.
        phone = Person(browser, live_server, "prov-shanxi", width=390, height=844)
        people.append(phone)
        phone.go(f"/cases/{case_id}")
        phone.shot("case-phone")
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 400
    finally:
        for person in people:
            person.close()
