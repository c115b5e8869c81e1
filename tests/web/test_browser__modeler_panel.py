"""In a real browser, as an administrator: the modeler's properties panel (the bundle of
web/assets/modeler/) edits what makes a diagram run — the notice timer's duration with its
human hint, a user task's form and stage — and the deployed version has them, read back
through the API; the token simulation switch walks the diagram without changing it."""
import xml.etree.ElementTree as ET

import pytest

from engine.definitions import registry
from tests.helpers.browser_people import SCREENSHOTS, screenshot
from tests.web.test_browser__inbox import log_in

pytestmark = pytest.mark.browser
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
FILE = "zone_public_notice.bpmn"


def open_in_modeler(page, live_server, definition_id, file):
    """From the versions page, as an administrator gets there: the file list, then edit."""
    page.goto(f"{live_server}/admin/definitions/{definition_id}")
    with page.expect_navigation():
        page.select_option("select[name=file]", file)
    page.get_by_role("link", name="编辑并部署为新版本").click()
    page.wait_for_selector('.djs-element[data-element-id="notice_timer"]', timeout=15000)


def select(page, element_id, name):
    page.locator(f'.djs-element[data-element-id="{element_id}"] .djs-hit').first.click()
    page.wait_for_selector(f'.bio-properties-panel-header-label:text-is("{name}")', timeout=5000)


def open_group(page, group):
    header = page.locator(f'[data-group-id="group-{group}"] .bio-properties-panel-group-header')
    if "open" not in (header.get_attribute("class") or ""):
        header.click()


def model_value(page, script):
    return page.evaluate(f"() => {{ const r = modeler.get('elementRegistry'); {script} }}")


def api_get(page, live_server, path, token):
    response = page.request.get(f"{live_server}{path}", headers={"Authorization": f"Bearer {token}"})
    assert response.ok, response.text()
    return response


def test_admin_changes_the_notice_timer_and_a_task_in_the_panel_and_deploys(app, page, live_server, versions):
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server}/inbox")
    with app.app_context():
        main_id, main_version = registry.latest("zone_lifecycle").id, registry.latest("zone_lifecycle").version
        before = registry.latest("zone_public_notice").version
    open_in_modeler(page, live_server, main_id, FILE)

    # The notice timer: its duration names the setting; the hint says what it is by default.
    select(page, "notice_timer", "公示期满")
    open_group(page, "dz-timer")
    value = page.locator("#bio-properties-panel-dz-timer-value")
    assert value.input_value() == "notice_period"
    assert "15 天" in page.locator('[data-entry-id="dz-timer-value"]').inner_text()
    value.fill('"P10D"')
    page.wait_for_function("""() => modeler.get('elementRegistry').get('notice_timer')
        .businessObject.eventDefinitions[0].timeDuration.body === '"P10D"'""")
    assert "10 天" in page.locator('[data-entry-id="dz-timer-value"]').inner_text()

    # A user task: its form and stage from the selects the page filled from the server.
    select(page, "notice_publication", "发布公示")
    open_group(page, "dz-project")
    form = page.locator("#bio-properties-panel-dz-form")
    assert form.input_value() == "notice_publication"
    assert "objection_verification" in form.locator("option").all_inner_texts()
    form.select_option("objection_verification")
    stage = page.locator("#bio-properties-panel-dz-stage")
    assert stage.input_value() == "evaluation"
    stage.select_option("public_notice")
    page.locator("#bio-properties-panel-dz-due").fill("P5D")
    page.wait_for_function("() => document.querySelector('[data-entry-id=\"dz-due\"]').textContent.includes('5 天')")
    page.locator(".modeler").screenshot(path=str(SCREENSHOTS / "modeler-panel.png"))  # docs/images/ keeps one

    page.get_by_role("button", name="检查并部署为新版本").click()
    page.wait_for_function("() => document.querySelector('#result').textContent.includes(' v')")
    assert f"zone_public_notice v{before + 1}" in page.locator("#result").inner_text()
    assert f"zone_lifecycle v{main_version + 1}" in page.locator("#result").inner_text()  # it calls the notice

    # Through the API, as a client would read it: the new version's file has the edits.
    token = page.request.post(f"{live_server}/api/v1/auth/token",
                              data={"username": "admin", "password": "demo-password"}).json()["token"]
    listed = api_get(page, live_server, "/api/v1/definitions", token).json()["items"]
    new = max((d for d in listed if d["key"] == "zone_public_notice"), key=lambda d: d["version"])
    assert new["version"] == before + 1
    root = ET.fromstring(api_get(page, live_server, f"/api/v1/definitions/{new['id']}/sources/{FILE}", token).body())
    timer = root.find(f".//{BPMN}intermediateCatchEvent[@id='notice_timer']")
    assert timer.find(f".//{BPMN}timeDuration").text == '"P10D"'
    task = root.find(f".//{BPMN}userTask[@id='notice_publication']")
    properties = {p.get("name"): p.get("value") for p in task.iter(f"{SPIFF}property")}
    assert properties == {"form": "objection_verification", "stage": "public_notice", "due": "P5D"}
    # … and the engine runs what the file says: a ten-day timer, the task's new properties.
    with app.app_context():
        spec, _subs = registry.specs(registry.latest("zone_public_notice"))
        assert spec.task_specs["notice_timer"].event_definition.expression == '"P10D"'
        assert spec.task_specs["notice_publication"].extensions["properties"]["stage"] == "public_notice"
        _main, called = registry.specs(registry.latest("zone_lifecycle"))  # what new cases run
        assert called["zone_public_notice"].task_specs["notice_timer"].event_definition.expression == '"P10D"'


def test_the_token_simulation_walks_the_diagram_and_changes_nothing(app, page, live_server):
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server}/inbox")
    with app.app_context():
        main_id = registry.latest("zone_lifecycle").id
    open_in_modeler(page, live_server, main_id, FILE)
    page.locator(".bts-toggle-mode").click()
    page.wait_for_selector("#canvas .simulation", timeout=5000)
    # Zoomed in on the start event (its play button shows from half size up), as with the wheel.
    page.evaluate("""() => { const start = modeler.get('elementRegistry').get('start');
        modeler.get('canvas').zoom(1, { x: start.x, y: start.y }); }""")
    page.locator('.djs-overlays[data-container-id="start"] .bts-context-pad').first.click()
    page.wait_for_selector(".bts-token-count", timeout=10000)
    screenshot(page, "modeler-simulation", full_page=False)
    page.locator(".bts-toggle-mode").click()
    page.get_by_role("button", name="检查并部署为新版本").click()
    page.wait_for_selector("#result:not(:empty)")
    assert "没有变化" in page.locator("#result").inner_text()


def entry(page, entry_id):
    return page.locator(f"#bio-properties-panel-{entry_id}")


def test_each_kind_of_element_shows_what_makes_it_run(app, page, live_server):
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server}/inbox")
    with app.app_context():
        main_id = registry.latest("zone_lifecycle").id
    page.goto(f"{live_server}/admin/definitions/{main_id}/edit?file=zone_lifecycle.bpmn")
    page.wait_for_selector('#canvas[data-ready="yes"]', timeout=15000)

    select(page, "call_application", "申请、初审推荐与同意创建")  # a call activity: the deployed processes
    open_group(page, "dz-call")
    assert entry(page, "dz-called").input_value() == "zone_application"
    assert {"zone_public_notice", "walking_skeleton"} <= set(entry(page, "dz-called").locator("option").all_inner_texts())

    select(page, "init_case", "初始化案件数据")  # a script task: its script
    open_group(page, "dz-script")
    assert "evaluation_attempts = 0" in entry(page, "dz-script").input_value()

    select(page, "Flow_gw_application_call_creation_label", "同意创建")  # a gateway's flow (its label): its condition
    open_group(page, "dz-condition")
    condition = entry(page, "dz-condition")
    assert condition.input_value() == 'application_outcome == "approved"'
    condition.fill('application_outcome == "approved" and True')
    page.wait_for_function("""() => modeler.get('elementRegistry').get('Flow_gw_application_call_creation')
        .businessObject.conditionExpression.body.endsWith('and True')""")

    page.goto(f"{live_server}/admin/definitions/{main_id}/edit?file=zone_evaluation.bpmn")
    page.wait_for_selector('#canvas[data-ready="yes"]', timeout=15000)
    select(page, "expert_scoring", "专家评分")  # multi-instance: collection and element variable
    open_group(page, "multiInstance")
    assert entry(page, "dz-mi-input").input_value() == "experts"
    assert entry(page, "dz-mi-item").input_value() == "expert"
    assert entry(page, "dz-mi-output").input_value() == "expert_scores"

    select(page, "evaluation_prereview", "评估初审")  # send-back targets: the process's user tasks
    open_group(page, "dz-return")
    target = page.locator('[data-entry-id="dz-return-evaluation_application"] input[type=checkbox]')
    assert target.is_checked()
    assert page.locator('[data-group-id="group-dz-return"] input[type=checkbox]').count() >= 3
    page.locator('[data-entry-id="dz-return-expert_scoring"] input[type=checkbox]').check()
    assert model_value(page, """return r.get('evaluation_prereview').businessObject.extensionElements.values[0]
        .properties.find(p => p.name === 'return_to').value;""") == "evaluation_application expert_scoring"

    page.goto(f"{live_server}/admin/definitions/{main_id}/edit?file={FILE}")
    page.wait_for_selector('#canvas[data-ready="yes"]', timeout=15000)
    select(page, "objection_received", "受理异议")  # a receive task: its message and message variable
    open_group(page, "message")
    assert entry(page, "messageName").input_value() == "objection"
    assert entry(page, "dz-message-variable").input_value() == "objection"

    # A property emptied leaves the diagram; the last one takes its container along.
    select(page, "notice_timer", "公示期满")
    open_group(page, "dz-project")
    entry(page, "dz-stage").select_option("")
    xml = page.evaluate("async () => (await modeler.saveXML()).xml")
    timer_xml = xml[xml.index('id="notice_timer"'):xml.index("</bpmn:intermediateCatchEvent>", xml.index('id="notice_timer"'))]
    assert "spiffworkflow:properties" not in timer_xml and "timeDuration" in timer_xml

    # The page in English: the panel speaks English too.
    page.get_by_role("link", name="English").click()
    page.wait_for_selector('#canvas[data-ready="yes"]', timeout=15000)
    select(page, "objection_received", "受理异议")
    assert page.locator('[data-group-id="group-dz-project"] .bio-properties-panel-group-header-title').inner_text() == "Demonstration zone"
    assert page.locator(".bio-properties-panel-header-type").inner_text().title() == "Receive Task"
