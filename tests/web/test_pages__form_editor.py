"""The form editor and the draft without a browser: a form saved into the draft of the next
version (good input stored, bad input refused naming the field with nothing stored), the
preview rendered by the task pages' renderer, and the draft deployed with its diagram."""
import json
import re

from engine.definitions import drafts, registry
from models import AuditEvent, DefinitionDraft, ProcessDefinition
from tests.helpers import diagram_variants
from tests.web.test_pages__login_and_inbox import login

KEY = diagram_variants.KEY
LEGAL = {
    "title": "法制审核", "type": "object", "required": ["conclusion"],
    "properties": {
        "conclusion": {"type": "string", "title": "审核结论", "enum": ["pass", "fail"]},
        "remarks": {"type": "string", "title": "审核意见", "description": "写明依据", "maxLength": 2000},
        "pages": {"type": "integer", "title": "材料页数", "minimum": 1, "maximum": 500},
    },
    "x-ui": {"conclusion": {"widget": "radio", "labels": {"pass": "通过", "fail": "不通过"}, "order": 0}},
}


def csrf(client, path):
    html = client.get(path).data.decode()
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)


def admin(client):
    login(client, "admin")
    return {"X-CSRFToken": csrf(client, f"/admin/definitions/{KEY}/forms")}


def save(client, headers, name, schema):
    return client.post(f"/admin/definitions/{KEY}/forms/{name}", json={"schema": schema}, headers=headers)


def test_only_administrators_open_the_form_editor(client):
    login(client, "samr")
    assert client.get(f"/admin/definitions/{KEY}/forms").status_code == 403
    assert client.get(f"/admin/definitions/{KEY}/draft").status_code == 403


def test_a_new_form_is_saved_into_the_draft_and_listed_there(app, client):
    headers = admin(client)
    response = save(client, headers, "legal_review_check", LEGAL)
    assert response.status_code == 200, response.get_json()
    with app.app_context():
        draft = drafts.of(KEY)
        assert draft.forms["legal_review_check"]["required"] == ["conclusion"]
        assert draft.based_on_version == registry.latest(KEY).version
        assert AuditEvent.query.filter_by(action="draft_form_saved").count() == 1
    html = client.get(f"/admin/definitions/{KEY}/draft").data.decode()
    assert "legal_review_check" in html and 'data-form="legal_review_check"' in html  # listed as an added form
    editor = client.get(f"/admin/definitions/{KEY}/forms?form=legal_review_check").data.decode()
    data = json.loads(re.search(r'id="editor-data">(.*?)</script>', editor, re.S).group(1))
    assert data["schema"]["title"] == "法制审核"  # the stored schema travels to the editor's page data


def test_a_bad_form_is_refused_naming_the_field_and_nothing_is_stored(app, client):
    headers = admin(client)
    bad = json.loads(json.dumps(LEGAL))
    bad["properties"]["pages"]["minimum"] = 600  # above its maximum
    response = save(client, headers, "legal_review_check", bad)
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"]["pages"] == ["最小值大于最大值"]  # said in Chinese

    widget = json.loads(json.dumps(LEGAL))
    widget["x-ui"]["remarks"] = {"widget": "radio"}  # a radio without values
    response = save(client, headers, "legal_review_check", widget)
    assert response.status_code == 400 and "remarks" in response.get_json()["error"]["fields"]

    opinion = json.loads(json.dumps(LEGAL))
    opinion["properties"]["opinion"] = {"type": "string"}  # the step's opinion (办理意见) is no field
    assert "opinion" in save(client, headers, "legal_review_check", opinion).get_json()["error"]["fields"]

    schema_error = json.loads(json.dumps(LEGAL))
    schema_error["properties"]["remarks"]["maxLength"] = "long"  # not valid JSON Schema
    response = save(client, headers, "legal_review_check", schema_error)
    assert response.status_code == 400 and "remarks" in response.get_json()["error"]["fields"]

    assert save(client, headers, "Bad Name", LEGAL).status_code == 400
    missing = {**LEGAL, "required": ["conclusion", "signature"]}
    assert "signature" in save(client, headers, "legal_review_check", missing).get_json()["error"]["fields"]
    assert client.post(f"/admin/definitions/{KEY}/forms/legal_review_check", json={"schema": LEGAL}).status_code == 400  # no CSRF
    with app.app_context():
        assert DefinitionDraft.query.count() == 0
        assert AuditEvent.query.filter_by(action="draft_form_saved").count() == 0


def test_the_preview_is_the_task_pages_rendering(client):
    headers = admin(client)
    response = client.post("/admin/forms/preview", json={"schema": LEGAL}, headers=headers)
    assert response.status_code == 200
    html = response.data.decode()
    assert 'type="radio" name="conclusion" value="pass"' in html and "通过" in html and "不通过" in html
    assert 'id="in-pages"' in html and 'min="1"' in html and 'max="500"' in html
    assert "写明依据" in html and "<script" not in html
    refused = client.post("/admin/forms/preview", json={"schema": {**LEGAL, "required": ["nothing"]}}, headers=headers)
    assert refused.status_code == 400 and "nothing" in refused.get_json()["error"]["fields"]


def test_the_draft_deploys_a_new_task_with_its_new_form(app, client, versions):
    headers = admin(client)
    assert save(client, headers, "legal_review_check", LEGAL).status_code == 200
    xml = diagram_variants.with_legal_review(diagram_variants.original()).replace(
        b'name="form" value="creation_approval" />\n          <spiffworkflow:property name="stage" value="approval" />\n'
        b'        </spiffworkflow:properties>\n      </bpmn:extensionElements>\n      <bpmn:incoming>flow_review_pass',
        b'name="form" value="legal_review_check" />\n          <spiffworkflow:property name="stage" value="approval" />\n'
        b'        </spiffworkflow:properties>\n      </bpmn:extensionElements>\n      <bpmn:incoming>flow_review_pass')
    assert b"legal_review_check" in xml
    token = headers["X-CSRFToken"]
    from io import BytesIO
    response = client.post(f"/admin/definitions/{KEY}/draft/files", data={
        "csrf_token": token, "files": (BytesIO(xml), "walking_skeleton.bpmn")}, content_type="multipart/form-data")
    assert response.status_code == 302 and "error" not in response.headers["Location"]
    html = client.get(f"/admin/definitions/{KEY}/draft").data.decode()
    assert 'class="diff-added" data-element="legal_review"' in html
    assert 'class="diff-changed" data-element="flow_review_pass"' in html
    with app.app_context():
        before = registry.latest(KEY).version
    response = client.post(f"/admin/definitions/{KEY}/draft/deploy", data={"csrf_token": token})
    assert response.status_code == 302 and "message=" in response.headers["Location"]
    with app.app_context():
        latest = registry.latest(KEY)
        assert latest.version == before + 1
        assert json.loads(latest.forms_json)["legal_review_check"]["title"] == "法制审核"
        assert drafts.of(KEY) is None


def test_a_draft_that_fails_the_deploy_check_stays_and_deploys_nothing(app, client, versions):
    headers = admin(client)
    xml = diagram_variants.original().replace(b'lane id="lane_province" name="province"', b'lane id="lane_province" name="mayor"')
    from io import BytesIO
    client.post(f"/admin/definitions/{KEY}/draft/files", data={
        "csrf_token": headers["X-CSRFToken"], "files": (BytesIO(xml), "walking_skeleton.bpmn")},
        content_type="multipart/form-data")
    with app.app_context():
        count = ProcessDefinition.query.filter_by(key=KEY).count()
    response = client.post(f"/admin/definitions/{KEY}/draft/deploy", data={"csrf_token": headers["X-CSRFToken"]},
                           follow_redirects=True)
    assert "mayor" in response.data.decode()
    with app.app_context():
        assert ProcessDefinition.query.filter_by(key=KEY).count() == count
        assert drafts.of(KEY) is not None


def test_the_editor_and_the_draft_speak_english_when_asked(client):
    headers = admin(client)
    editor = client.get(f"/admin/definitions/{KEY}/forms?lang=en").data.decode()
    assert "Form editor" in editor and "Add a field" in editor and "表单编辑器" not in editor
    save(client, headers, "legal_review_check", LEGAL)
    draft = client.get(f"/admin/definitions/{KEY}/draft").data.decode()  # the choice stays for the session
    assert "Draft of the next version" in draft and "Check and deploy the draft as the next version" in draft
    refused = save(client, headers, "legal_review_check", {**LEGAL, "required": ["signature"]})
    assert refused.get_json()["error"]["fields"]["signature"] == ["required, but not a field of the form"]


def test_a_page_script_puts_a_diagram_into_the_draft_as_json(app, client):
    """What the modeler can send instead of deploying: {"files": {name: xml}}, answered in JSON."""
    headers = admin(client)
    xml = diagram_variants.with_initial_review_due(diagram_variants.original()).decode()
    url = f"/admin/definitions/{KEY}/draft/files"
    response = client.post(url, json={"files": {"walking_skeleton.bpmn": xml}}, headers=headers)
    assert response.status_code == 200 and response.get_json()["draft_url"] == f"/admin/definitions/{KEY}/draft"
    html = client.get(response.get_json()["draft_url"]).data.decode()
    assert 'class="diff-changed" data-element="initial_review"' in html and "P10D" in html
    bad = client.post(url, json={"files": {"walking_skeleton.bpmn": "<bpmn:definitions"}}, headers=headers)
    assert bad.status_code == 400 and "file" in bad.get_json()["error"]["fields"]
    assert client.post(url, json={"files": {}}, headers=headers).status_code == 400
    with app.app_context():
        assert drafts.of(KEY).files["walking_skeleton.bpmn"] == xml  # the refused ones changed nothing
