"""The application form with its widgets, in Chromium: a phone input, the period picker,
evidence uploaded as files; the province's review with a date picker."""
import pytest

from engine.casework import tasks
from models import Case, Document, HumanTask, db
from tests.helpers.browser_people import Person, screenshot
from tests.web.test_browser__lifecycle import case_id_from

pytestmark = pytest.mark.browser
PDF = {"mimeType": "application/pdf", "buffer": b"%PDF-1.4 evidence\n%%EOF"}
CONDITIONS = {"condition_platform_economy": ("已出台平台经济发展规划和支持政策。", "平台经济发展规划.pdf"),
              "condition_regulation": ("建立网络市场监管联席会议机制。", "联席会议制度.pdf"),
              "condition_innovation": ("探索直播电商信用分级监管。", "信用分级监管办法.pdf")}


def test_the_application_form_is_filled_with_its_widgets(app, browser, live_server):
    applicant = Person(browser, live_server, "app-yuncheng")
    province = Person(browser, live_server, "prov-shanxi")
    try:
        page = applicant.page
        page.get_by_role("button", name="开始创建申报").click()
        page.wait_for_selector("form[enctype]")
        page.get_by_label("联系人").fill("王敏")
        phone = page.get_by_label("联系电话")
        assert phone.get_attribute("type") == "tel" and phone.evaluate("e => e.tagName") == "INPUT"
        phone.fill("0359-2021234")
        for name, (text, evidence) in CONDITIONS.items():
            page.locator(f'textarea[name="{name}"]').fill(text)
            page.locator(f'input[type=file][name="upload__{name}_evidence"]').set_input_files(
                files=[{"name": evidence, **PDF}])
        page.get_by_label("创建方案概要").fill("三年创建方案：5项重点任务。")
        plan = page.locator("#in-creation_plan")  # the field's own label names the upload
        assert plan.get_attribute("type") == "file" and page.locator('label[for="in-creation_plan"]').count() == 1
        plan.set_input_files(files=[{"name": "创建方案.pdf", **PDF}])
        period = page.get_by_role("group", name="计划创建周期")
        period.locator("select").first.select_option("2")
        period.locator("select").last.select_option("6")
        assert "年" in period.inner_text() and "个月" in period.inner_text()
        assert not page.locator("details.typed-refs[open]").count()  # typed references folded away
        screenshot(page, "form-widgets")
        applicant.submit()
        case_id = case_id_from(page)
        assert page.locator("#case-stage").inner_text() == "申报初审"
        assert page.get_by_role("link", name="创建方案.pdf").count() == 1
        with app.app_context():
            review = HumanTask.query.filter_by(case_id=case_id, name="initial_review", completed_at=None).one()
            data = tasks.context(review)
            assert data["creation_period"] == "P2Y6M" and data["contact_phone"] == "0359-2021234"
            assert len(data["condition_regulation_evidence"]) == 1
            assert data["condition_regulation_evidence"][0].startswith("doc:")
            assert Document.query.filter_by(case_id=case_id).count() == 4

        # The province returns it for amendment with a deadline from the date picker.
        page = province.open_task("initial_review", case_id)
        page.get_by_label("退回补正").check()
        deadline = page.get_by_label("补正截止日期")
        assert deadline.get_attribute("type") == "date" and deadline.get_attribute("lang") == "zh-CN"
        deadline.fill("2027-01-15")
        page.locator("#in-reasons").fill("佐证材料不完整。")
        screenshot(page, "form-widgets-date")
        province.submit()
        with app.app_context():
            case = db.session.get(Case, case_id)
            amendment = HumanTask.query.filter_by(case_id=case_id, completed_at=None).one()
            assert amendment.name == "amendment" and case.stage == "initial_review"
            assert tasks.context(amendment)["amend_deadline"] == "2027-01-15"
    finally:
        applicant.close()
        province.close()
