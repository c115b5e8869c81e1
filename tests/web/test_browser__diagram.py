"""In a real browser: a case's diagram with completed, active and taken elements marked
(bpmn-js from node_modules), the versions page, and the modeler deploying an edit."""
import pytest

from engine.casework import tasks
from engine.definitions import migration, registry
from models import HumanTask, User
from tests.helpers import diagram_variants
from tests.helpers.browser_people import screenshot
from tests.web.test_browser__inbox import log_in

pytestmark = pytest.mark.browser


def act(case_id, name, username, data):
    user = User.query.filter_by(username=username).one()
    task = HumanTask.query.filter_by(case_id=case_id, name=name, completed_at=None).one()
    tasks.complete(user, task.id, data)


def classes(page, element_id):
    return page.locator(f'.djs-element[data-element-id="{element_id}"]').first.get_attribute("class")


def open_diagram(page, live_server, case_id):
    page.goto(f"{live_server}/cases/{case_id}/diagram")
    page.wait_for_selector('#canvas[data-ready="yes"]', timeout=15000)


def test_the_case_diagram_marks_the_path_taken_on_its_own_version(app, page, live_server, versions):
    with app.app_context():
        case_id = diagram_variants.start()
        act(case_id, "submit_application", "app-yuncheng", diagram_variants.APPLICATION)
        version = diagram_variants.deploy(diagram_variants.with_legal_review(diagram_variants.original()))
        migration.migrate("admin", case_id, version)
        act(case_id, "initial_review", "prov-shanxi", {"decision": "pass"})

    log_in(page, live_server, "app-yuncheng")
    page.wait_for_url(f"{live_server}/inbox")
    open_diagram(page, live_server, case_id)
    for done in ("start", "submit_application", "initial_review", "gw_initial_review"):
        assert "done" in classes(page, done), done
    assert "active" in classes(page, "legal_review")  # the step the new version added
    assert "taken" in classes(page, "flow_review_pass") and "taken" in classes(page, "flow_submitted")
    assert "taken" not in classes(page, "flow_review_reject")
    assert "done" not in classes(page, "creation_approval") and "active" not in classes(page, "creation_approval")
    screenshot(page, "case-diagram-migrated")


def test_admin_sees_versions_and_deploys_an_edit_from_the_modeler(app, page, live_server, versions):
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server}/inbox")
    page.get_by_role("link", name="流程定义").first.click()
    row = page.get_by_role("row").filter(has_text="system").first
    assert "v" in row.inner_text()
    with app.app_context():
        current = registry.latest(diagram_variants.KEY)
        current_id, current_version = current.id, current.version
    page.goto(f"{live_server}/admin/definitions/{current_id}")
    page.wait_for_selector('.djs-element[data-element-id="initial_review"]', timeout=15000)
    screenshot(page, "definition-version")

    page.goto(f"{live_server}/admin/definitions/{current_id}/edit")
    page.wait_for_selector('.djs-element[data-element-id="initial_review"]', timeout=15000)
    page.get_by_role("button", name="检查并部署为新版本").click()
    page.wait_for_selector("#result:not(:empty)")
    assert "没有变化" in page.locator("#result").inner_text()

    # Rename a task in the modeler, as a modeller would, then deploy it as the next version.
    page.evaluate("""() => {
        const task = modeler.get('elementRegistry').get('initial_review');
        modeler.get('modeling').updateLabel(task, '申报初审（修订）');
    }""")
    page.get_by_role("button", name="检查并部署为新版本").click()
    page.wait_for_function("() => document.querySelector('#result').textContent.includes('v')")
    assert f"walking_skeleton v{current_version + 1}" in page.locator("#result").inner_text()
    screenshot(page, "modeler-deployed")


def test_the_modeler_reports_a_bad_edit_and_deploys_nothing(app, page, live_server, versions):
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server}/inbox")
    with app.app_context():
        current = registry.latest(diagram_variants.KEY)
        current_id, current_version = current.id, current.version
    page.goto(f"{live_server}/admin/definitions/{current_id}/edit")
    page.wait_for_selector('.djs-element[data-element-id="initial_review"]', timeout=15000)
    page.evaluate("""() => {
        const lane = modeler.get('elementRegistry').get('lane_province');
        modeler.get('modeling').updateLabel(lane, 'mayor');
    }""")
    page.get_by_role("button", name="检查并部署为新版本").click()
    page.wait_for_selector("#result.error")
    assert "mayor" in page.locator("#result").inner_text()
    with app.app_context():
        assert registry.latest(diagram_variants.KEY).version == current_version


def test_a_decision_table_opens_in_the_dmn_modeler(app, page, live_server):
    """The file list submits itself (no inline handler: the page's policy allows none), and
    dmn-js draws the table under the Content-Security-Policy (checked by the fixtures)."""
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server}/inbox")
    with app.app_context():
        definition_id = registry.latest(diagram_variants.KEY).id
    page.goto(f"{live_server}/admin/definitions/{definition_id}")
    table = next(name for name in page.locator("select[name=file] option").all_inner_texts() if name.endswith(".dmn"))
    with page.expect_navigation():
        page.select_option("select[name=file]", table)
    assert "file=" in page.url
    page.get_by_role("link", name="编辑并部署为新版本").click()
    page.locator(".drill-down-overlay").first.click(timeout=15000)
    page.wait_for_selector(".tjs-table tbody tr", timeout=15000)
    assert page.locator(".tjs-table tbody tr").count() >= 2
    screenshot(page, "dmn-modeler-table")
