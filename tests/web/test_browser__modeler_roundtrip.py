"""In a real browser: every diagram in bpmn/ opened in the modeler page (the bundle's bpmn-js
with the `spiffworkflow:` descriptor) and saved unchanged parses into the same specs
SpiffWorkflow runs — elements, properties, conditions, timers, multi-instance collections —
and extension elements the descriptor does not know survive untouched.
(tests/bpmn/test_diagrams__roundtrip.py does the same through bpmn-moddle in node.)"""
import pytest

from engine.definitions import registry
from engine.runtime import trail
from models import ProcessDefinition
from tests.bpmn.test_diagrams__roundtrip import DIAGRAMS, ROOT, specs
from tests.web.test_browser__inbox import log_in

pytestmark = pytest.mark.browser
UNKNOWN = ('<spiffworkflow:unknownThing code="7"><spiffworkflow:child>kept</spiffworkflow:child>'
           '</spiffworkflow:unknownThing><other:note xmlns:other="http://example.invalid/other" level="2">'
           'kept too</other:note>')


def definition_with(name):
    """A deployed version whose bundle carries the file (the newest one)."""
    for d in ProcessDefinition.query.order_by(ProcessDefinition.id.desc()):
        if name in trail.sources(d):
            return d.id
    raise AssertionError(f"no deployed version carries {name}")


def saved(page):
    return page.evaluate("async () => (await modeler.saveXML({ format: true })).xml")


@pytest.fixture(scope="module")
def originals():
    return registry.read_directory(ROOT / "bpmn")


def open_file(page, live_server, definition_id, name):
    page.goto(f"{live_server}/admin/definitions/{definition_id}/edit?file={name}")
    page.wait_for_selector('#canvas[data-ready="yes"]', timeout=15000)
    assert page.locator("#canvas").get_attribute("data-warnings") == "0"


def test_every_diagram_saved_unchanged_from_the_modeler_parses_into_the_same_specs(app, page, live_server, originals):
    files, forms = originals
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server}/inbox")
    exported = dict(files)
    for path in DIAGRAMS:
        with app.app_context():
            definition_id = definition_with(path.name)
        open_file(page, live_server, definition_id, path.name)
        xml = saved(page)
        for tag in ("spiffworkflow:property", "bpmn:conditionExpression", "bpmn:timeDuration", "bpmn:timeDate",
                    "bpmn:timeCycle", "spiffworkflow:messageVariable", "spiffworkflow:postScript", "bpmn:script",
                    "bpmn:loopDataInputRef", "bpmn:documentation"):
            assert xml.count(f"<{tag}") == files[path.name].decode().count(f"<{tag}"), (path.name, tag)
        exported[path.name] = xml.encode("utf-8")
    before, after = specs(files, forms), specs(exported, forms)
    assert sorted(after) == sorted(before)
    for key in before:
        assert after[key] == before[key], key


def test_extension_elements_the_panel_does_not_know_survive_the_modeler(app, page, live_server, originals):
    files, _forms = originals
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server}/inbox")
    with app.app_context():
        definition_id = definition_with("zone_public_notice.bpmn")
    open_file(page, live_server, definition_id, "zone_public_notice.bpmn")
    original = files["zone_public_notice.bpmn"].decode()
    marker = "<spiffworkflow:messageVariable>objection</spiffworkflow:messageVariable>"
    variant = original.replace(marker, marker + UNKNOWN, 1)
    page.evaluate("async (xml) => { await modeler.importXML(xml); }", variant)
    assert UNKNOWN in "".join(line.strip() for line in saved(page).splitlines())

    # Edited through the panel, the element keeps them beside the properties it changed.
    page.locator('.djs-element[data-element-id="objection_received"] .djs-hit').first.click()
    page.wait_for_selector('.bio-properties-panel-header-label:text-is("受理异议")')
    page.locator('[data-group-id="group-dz-project"] .bio-properties-panel-group-header').click()
    page.locator("#bio-properties-panel-dz-stage").select_option("certification")
    compact = "".join(line.strip() for line in saved(page).splitlines())
    assert UNKNOWN in compact
    assert ('<spiffworkflow:property name="stage" value="certification" /></spiffworkflow:properties>'
            '<spiffworkflow:messageVariable>objection</spiffworkflow:messageVariable>' + UNKNOWN) in compact
