"""Issue 19's journey, in a real browser as an administrator and entirely in the pages: the
notice timer shortened from P15D to P10D in the modeler's panel; a new form made in the form
editor; a legal review (法制审核) before certification in SAMR's lane naming it; both saved
into the draft, seen in its diff, deployed; a new case then takes the new task with the new
form after a 10-day notice. The live checks mark a gateway flow that loses its condition, and
deploy refuses it naming the flow, which the modeler selects."""
import pytest

from engine.definitions import registry
from tests.helpers.api_journey import Journey, open_task
from tests.web.test_browser__form_editor import card
from tests.web.test_browser__inbox import log_in
from tests.web.test_browser__modeler_panel import open_group, select

pytestmark = pytest.mark.browser
KEY = "zone_lifecycle"

INSERT_LEGAL_REVIEW = """() => {
  // What the palette and the space tool do by hand: room after the gateway, a user task in
  // SAMR's lane, the gateway's flow now ending at it, and a flow on to certification.
  const registry = modeler.get('elementRegistry'), modeling = modeler.get('modeling');
  const spaceTool = modeler.get('spaceTool');
  const certification = registry.get('certification'), flow = registry.get('Flow_gw_notice_certification');
  const all = registry.filter(e => e.parent && e.type !== 'label');
  const room = spaceTool.calculateAdjustments(all, 'x', 160, 2060);
  modeling.createSpace(room.movingShapes, room.resizingShapes, { x: 160, y: 0 }, 'e', 2060);
  const task = modeling.createShape({ type: 'bpmn:UserTask' }, { x: 2140, y: 730 }, certification.parent);
  modeling.updateProperties(task, { id: 'legal_review', name: '法制审核' });
  modeling.reconnectEnd(flow, task, { x: task.x, y: 730 });
  modeling.connect(task, certification);
  return task.businessObject.lanes.map(lane => lane.name);
}"""


def open_in_modeler(page, live_server, definition_id, file):
    """From the versions page, as an administrator gets there: the file list, then edit;
    ready once the live checks have run."""
    page.goto(f"{live_server}/admin/definitions/{definition_id}")
    with page.expect_navigation():
        page.select_option("select[name=file]", file)
    page.get_by_role("link", name="编辑并部署为新版本").click()
    page.wait_for_selector('#canvas[data-ready="yes"] .djs-container[data-lint-issues]', state="attached", timeout=15000)


def save_into_draft(page):
    page.get_by_role("button", name="保存到草稿").click()
    page.wait_for_selector("#result.notice a")


def make_form(page, live_server):
    """The form editor of the draft: two fields, the conclusion required."""
    page.goto(f"{live_server}/admin/definitions")
    page.locator(f'a[data-draft="{KEY}"]').click()
    page.get_by_role("link", name="新建表单").click()
    page.wait_for_selector("#preview[data-state]", state="attached")
    page.get_by_label("表单名称（用户任务的 form 属性）").fill("legal_review")
    page.get_by_label("表单标题").fill("法制审核")
    page.get_by_role("button", name="添加字段").click()
    first = card(page, 0)
    first.get_by_label("字段名").fill("conclusion")
    first.get_by_label("字段标题").fill("审核结论")
    first.get_by_label("必填").check()
    first.get_by_label("控件").select_option("radio")
    first.get_by_label("可选值").fill("pass=通过\nfail=不通过")
    page.get_by_role("button", name="添加字段").click()
    second = card(page, 1)
    second.get_by_label("字段名").fill("remarks")
    second.get_by_label("字段标题").fill("审核意见")
    second.get_by_label("控件").select_option("textarea")
    page.wait_for_selector("#check[hidden]", state="attached")
    page.get_by_role("button", name="保存到草稿").click()
    page.wait_for_selector("#save-result.notice")


def test_admin_changes_timer_and_adds_a_task_in_the_pages_then_a_new_case_runs_them(app, api, page, live_server,
                                                                                      versions):
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server}/inbox")
    with app.app_context():
        main_id, version = registry.latest(KEY).id, registry.latest(KEY).version

    # The notice timer, in the panel, into the draft.
    open_in_modeler(page, live_server, main_id, "zone_public_notice.bpmn")
    select(page, "notice_timer", "公示期满")
    open_group(page, "dz-timer")
    page.locator("#bio-properties-panel-dz-timer-value").fill('"P10D"')
    page.wait_for_function("() => document.querySelector('[data-entry-id=\"dz-timer-value\"]').textContent.includes('10 天')")
    save_into_draft(page)
    assert "zone_public_notice.bpmn" in page.locator("#result").inner_text()
    open_in_modeler(page, live_server, main_id, "zone_public_notice.bpmn")  # opened again: the draft's file
    assert page.locator("#from-draft").is_visible()
    assert page.evaluate("""() => modeler.get('elementRegistry').get('notice_timer')
        .businessObject.eventDefinitions[0].timeDuration.body""") == '"P10D"'

    # The new form, in the form editor; then the task naming it, in the modeler.
    make_form(page, live_server)
    open_in_modeler(page, live_server, main_id, "zone_lifecycle.bpmn")
    assert page.locator(".djs-element.lint-error").count() == 0  # the deployed diagram passes the checks
    assert page.evaluate(INSERT_LEGAL_REVIEW) == ["samr"]
    page.wait_for_selector('.djs-element.lint-error[data-element-id="legal_review"]')  # no form yet
    select(page, "legal_review", "法制审核")
    open_group(page, "dz-project")
    form = page.locator("#bio-properties-panel-dz-form")
    assert "legal_review" in form.locator("option").all_inner_texts()  # the draft's form is offered
    form.select_option("legal_review")
    page.locator("#bio-properties-panel-dz-stage").select_option("certification")
    page.wait_for_selector('.djs-element[data-element-id="legal_review"]:not(.lint-error)')
    save_into_draft(page)

    # The draft: both changes in its diff; deployed from there.
    page.locator("#result a").click()
    page.wait_for_selector('#canvas[data-ready="yes"]', timeout=15000)
    table = page.locator("#diff-table")
    assert table.locator('tr.diff-added[data-element="legal_review"]').count() == 1
    timer = table.locator('tr.diff-changed[data-element="notice_timer"]').inner_text()
    assert "notice_period" in timer and "P10D" in timer
    assert table.locator('tr.diff-added[data-form="legal_review"]').count() == 1
    page.get_by_role("button", name="检查并将草稿部署为新版本").click()
    page.wait_for_url(f"{live_server}/admin/definitions?*")
    with app.app_context():
        assert registry.latest(KEY).version == version + 1

    # A new case, driven through the API: a 10-day notice, then the legal review with its form.
    journey = Journey(api).to_notice()
    journey.advance("P9D")
    assert journey.stage == "public_notice"
    journey.advance("P1DT1H")
    assert journey.active() == ["legal_review"]
    task = open_task(journey.samr, "legal_review", journey.case_id)
    detail = journey.samr.get(f"/api/v1/tasks/{task['id']}").get_json()
    assert detail["form"] == "legal_review" and detail["form_definition"]["required"] == ["conclusion"]
    journey.do(journey.samr, "legal_review", {"conclusion": "pass", "remarks": "程序合法。"})
    assert journey.active() == ["certification"]

    # A gateway's flow loses its condition: marked at once; deploy refuses it, naming the flow.
    with app.app_context():
        new_id = registry.latest(KEY).id
    open_in_modeler(page, live_server, new_id, "zone_lifecycle.bpmn")
    flow = "Flow_gw_notice_record_upheld"
    assert page.locator(f'.djs-element.lint-error[data-element-id="{flow}"]').count() == 0
    select(page, f"{flow}_label", "异议成立")  # the flow, by its label
    open_group(page, "dz-condition")
    page.locator("#bio-properties-panel-dz-condition").fill("")
    page.wait_for_selector(f'.djs-element.lint-error[data-element-id="{flow}"]', state="attached")
    page.wait_for_selector(f'.djs-overlays[data-container-id="{flow}"] .bjsl-icon-error')
    page.get_by_role("button", name="检查并部署为新版本").click()
    page.wait_for_selector("#result.error")
    assert flow in page.locator("#result").inner_text()
    assert page.evaluate("() => modeler.get('selection').get().map(e => e.id)") == [flow]
    with app.app_context():
        assert registry.latest(KEY).id == new_id  # nothing deployed
