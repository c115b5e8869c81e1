"""In a real browser, as an administrator: a new form with two fields (one required) made in
the form editor, seen in the server-rendered preview, refused while a field name is wrong,
saved into the draft; a changed diagram (a new task naming the form, a changed timer) put into
the draft; the draft's changes listed and marked on the diagram; the draft deployed. The
page's Content-Security-Policy holds throughout (checked by the fixtures)."""
import json
import os
from pathlib import Path

import pytest

from engine.definitions import registry
from tests.helpers import diagram_variants
from tests.helpers.axe import assert_accessible
from tests.helpers.browser_people import SCREENSHOTS, screenshot
from tests.web.test_browser__inbox import log_in

pytestmark = pytest.mark.browser
KEY = diagram_variants.KEY
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def card(page, index):
    return page.locator("#field-list > li").nth(index)


def edited_diagram() -> bytes:
    """The skeleton with a legal review (法制审核) naming the new form, and a changed timer."""
    xml = diagram_variants.with_legal_review(diagram_variants.original())
    xml = xml.replace(b'<spiffworkflow:property name="form" value="creation_approval" />\n'
                      b'          <spiffworkflow:property name="stage" value="approval" />\n'
                      b'        </spiffworkflow:properties>\n      </bpmn:extensionElements>\n'
                      b'      <bpmn:incoming>flow_review_pass',
                      b'<spiffworkflow:property name="form" value="legal_check" />\n'
                      b'          <spiffworkflow:property name="stage" value="approval" />\n'
                      b'        </spiffworkflow:properties>\n      </bpmn:extensionElements>\n'
                      b'      <bpmn:incoming>flow_review_pass', 1)
    xml = xml.replace("合法性审查".encode(), "法制审核".encode())
    xml = xml.replace(b'"T23:59:59+08:00"', b'"T17:00:00+08:00"')
    assert b'value="legal_check"' in xml
    return xml


def keep(name, width=960):
    """With DOCS_IMAGES=1, the screenshot for the README (docs/images/): narrower and in a
    palette of 128 colours, so that the repository carries a small PNG. Otherwise the test
    leaves docs/ alone (its screenshots are under test-output/screenshots/)."""
    if os.environ.get("DOCS_IMAGES") != "1":
        return
    from PIL import Image  # fpdf2's dependency (requirements.txt)
    IMAGES.mkdir(parents=True, exist_ok=True)
    with Image.open(SCREENSHOTS / f"{name}.png") as shot:
        small = shot.convert("RGB").resize((width, round(shot.height * width / shot.width)), Image.LANCZOS)
        small.quantize(colors=128).save(IMAGES / f"{name}.png", optimize=True)


def test_admin_makes_a_form_sees_the_draft_changes_and_deploys(app, page, live_server, versions):
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server}/inbox")
    with app.app_context():
        before = registry.latest(KEY).version
        case_id = diagram_variants.start()  # a running case on the deployed version
    page.goto(f"{live_server}/admin/definitions")
    page.locator(f'a[data-draft="{KEY}"]').click()
    page.get_by_role("link", name="新建表单").click()
    page.wait_for_selector("#preview[data-state]", state="attached")

    page.get_by_label("表单名称（用户任务的 form 属性）").fill("legal_check")
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
    second.get_by_label("字段名").fill("remarks text")  # a space: the server refuses the name
    page.locator("#check").filter(has_text="remarks text").wait_for()
    assert "invalid" in second.get_attribute("class")
    second.get_by_label("字段名").fill("remarks")
    second.get_by_label("字段标题").fill("审核意见")
    second.get_by_label("帮助说明").fill("写明审核依据")
    second.get_by_label("控件").select_option("textarea")
    second.get_by_label("最大长度").fill("2000")
    page.wait_for_selector("#check[hidden]", state="attached")
    preview = page.locator("#preview")
    page.wait_for_selector('#preview input[type=radio][name="conclusion"][value="fail"]')
    page.wait_for_selector("#preview textarea#in-remarks")
    assert "不通过" in preview.inner_text() and "写明审核依据" in preview.inner_text()
    assert preview.locator("#field-conclusion .skip").inner_text() == "必填"  # the required mark, as on task pages

    page.get_by_role("button", name="JSON").click()  # the same form as JSON Schema
    schema = json.loads(page.locator("#json-text").input_value())
    assert schema["required"] == ["conclusion"] and schema["x-ui"]["conclusion"]["labels"]["pass"] == "通过"
    page.locator("#json-text").fill("{ not json")  # the JSON is read in the page first
    page.wait_for_selector("#json-error:not([hidden])")
    page.locator("#json-text").fill(json.dumps({**schema, "required": ["conclusion", "signature"]}, ensure_ascii=False))
    page.locator("#check").filter(has_text="signature").wait_for()  # then checked by the server's rules
    assert "列为必填，但不是表单的字段" in page.locator("#check").inner_text()
    page.locator("#json-text").fill(json.dumps(schema, ensure_ascii=False))
    page.wait_for_selector("#check[hidden]", state="attached")
    page.get_by_role("button", name="结构化编辑").click()
    assert card(page, 1).get_by_label("字段名").input_value() == "remarks"

    page.get_by_role("button", name="保存到草稿").click()
    page.wait_for_selector("#save-result.notice")
    assert "legal_check 已保存到 walking_skeleton 的草稿" in page.locator("#save-result").inner_text()
    assert_accessible(page, "form editor")
    screenshot(page, "form-editor")
    keep("form-editor")

    page.get_by_role("link", name="打开草稿及其变更").click()
    page.wait_for_selector("#draft-forms")
    page.locator('input[type=file][name="files"]').set_input_files(
        files=[{"name": "walking_skeleton.bpmn", "mimeType": "application/xml", "buffer": edited_diagram()}])
    page.get_by_role("button", name="保存到草稿").click()
    page.wait_for_selector('#canvas[data-ready="yes"]', timeout=15000)
    table = page.locator("#diff-table")
    assert "legal_review" in table.locator("tr.diff-added").all_inner_texts()[0] or \
        any("legal_review" in t for t in table.locator("tr.diff-added").all_inner_texts())
    timer = table.locator('tr.diff-changed[data-element="amendment_deadline"]').inner_text()
    assert "T23:59:59" in timer and "T17:00:00" in timer
    assert table.locator('tr.diff-added[data-form="legal_check"]').count() == 1
    shape = page.locator('.djs-element[data-element-id="legal_review"]').first
    assert "diff-added" in shape.get_attribute("class")
    assert "diff-changed" in page.locator('.djs-element[data-element-id="amendment_deadline"]').first.get_attribute("class")
    assert_accessible(page, "draft and its changes")
    screenshot(page, "draft-diff")
    keep("draft-diff")

    assert f"#{case_id}" in page.locator("#cases-title + p + ul").inner_text()
    page.get_by_role("button", name="检查并将草稿部署为新版本").click()
    page.wait_for_url(f"{live_server}/admin/migrations?*")  # the running case's migration preview
    row = page.get_by_role("row").filter(has_text=f"#{case_id}")
    assert "是" in row.inner_text()  # it can move to the new version
    with app.app_context():
        latest = registry.latest(KEY)
        assert latest.version == before + 1
        assert json.loads(latest.forms_json)["legal_check"]["required"] == ["conclusion"]


def _comparable(schema):
    """A form as the renderer and the validator read it: x-ui without the editor's `order`
    (it keeps the order in which the fields are shown), required as a set."""
    schema = json.loads(json.dumps(schema))
    schema["required"] = sorted(schema.get("required", []))
    look = {}
    for name, options in (schema.pop("x-ui", None) or {}).items():
        options = {k: v for k, v in options.items() if k != "order"}
        if options:
            look[name] = options
    if look:
        schema["x-ui"] = look
    return schema


def test_every_form_of_the_lifecycle_opens_and_comes_back_unchanged(app, page, live_server):
    """Opened in the structured editor and read back as JSON, each form of the diagrams is
    the form it was: nothing the editor does not show (formats, x-options, nested fields,
    x-max-duration) is lost, and the server's checks and preview accept it as it is."""
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server}/inbox")
    with app.app_context():
        forms = json.loads(registry.latest("zone_lifecycle").forms_json)
    assert len(forms) >= 10
    for name, schema in sorted(forms.items()):
        page.goto(f"{live_server}/admin/definitions/zone_lifecycle/forms?form={name}")
        page.wait_for_selector('#preview[data-state="ok"]', state="attached")
        page.get_by_role("button", name="JSON").click()
        assert _comparable(json.loads(page.locator("#json-text").input_value())) == _comparable(schema), name
