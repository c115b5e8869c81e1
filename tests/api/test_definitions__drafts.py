"""The draft of a process's next version through the API: a form saved (bad input refused
naming the field, nothing stored), a changed diagram put in, the changes read, the draft
deployed as the next version, or discarded."""
from engine.definitions import registry
from models import DefinitionDraft
from tests.helpers import diagram_variants

KEY = diagram_variants.KEY
FORM = {"type": "object", "required": ["conclusion"],
        "properties": {"conclusion": {"type": "string", "title": "审核结论", "enum": ["pass", "fail"]},
                       "remarks": {"type": "string", "title": "审核意见", "maxLength": 2000}},
        "x-ui": {"conclusion": {"widget": "radio", "labels": {"pass": "通过", "fail": "不通过"}}}}


def test_only_administrators_reach_drafts(api):
    assert api("samr").get(f"/api/v1/definitions/{KEY}/draft").status_code == 403
    assert api("admin").get("/api/v1/definitions/no_such_process/draft").status_code == 404
    empty = api("admin").get(f"/api/v1/definitions/{KEY}/draft").get_json()
    assert empty["exists"] is False and empty["changed"] == [] and empty["added"] == []


def test_a_form_and_a_timer_change_go_into_the_draft_and_deploy(app, api, versions):
    admin = api("admin")
    bad = {**FORM, "properties": {**FORM["properties"], "remarks": {"type": "string", "maxLength": -1}}}
    refused = admin.client.put(f"/api/v1/definitions/{KEY}/draft/forms/legal_check", headers=admin.headers, json={"schema": bad})
    assert refused.status_code == 400 and "remarks" in refused.get_json()["error"]["fields"]
    with app.app_context():
        assert DefinitionDraft.query.count() == 0  # nothing stored

    saved = admin.client.put(f"/api/v1/definitions/{KEY}/draft/forms/legal_check", headers=admin.headers, json={"schema": FORM})
    assert saved.status_code == 200 and saved.get_json()["forms"] == ["legal_check"]
    xml = diagram_variants.original().replace(b'"T23:59:59+08:00"', b'"T12:00:00+08:00"')
    put = admin.post(f"/api/v1/definitions/{KEY}/draft/files", json={"files": {"walking_skeleton.bpmn": xml.decode()}})
    assert put.status_code == 200, put.get_json()
    draft = admin.get(f"/api/v1/definitions/{KEY}/draft").get_json()
    timer = next(r for r in draft["changed"] if r["id"] == "amendment_deadline")
    assert timer["changes"] == [{"aspect": "timer", "before": 'timeDate: amend_deadline + "T23:59:59+08:00"',
                                 "after": 'timeDate: amend_deadline + "T12:00:00+08:00"'}]
    assert draft["forms_added"] == ["legal_check"] and draft["files"] == ["walking_skeleton.bpmn"]

    deployed = admin.post(f"/api/v1/definitions/{KEY}/draft/deploy")
    assert deployed.status_code == 201
    assert [(d["key"], d["version"]) for d in deployed.get_json()["items"]] == [(KEY, draft["version"] + 1)]
    with app.app_context():
        assert 'T12:00:00+08:00' in registry.latest(KEY).sources_json
    assert admin.get(f"/api/v1/definitions/{KEY}/draft").get_json()["exists"] is False
    assert admin.post(f"/api/v1/definitions/{KEY}/draft/deploy").status_code == 404  # no draft any more


def test_a_broken_draft_is_refused_on_deploy_and_can_be_discarded(app, api, versions):
    admin = api("admin")
    xml = diagram_variants.original().replace(b'name="province"', b'name="mayor"')
    assert admin.post(f"/api/v1/definitions/{KEY}/draft/files",
                      json={"files": {"walking_skeleton.bpmn": xml.decode()}}).status_code == 200
    refused = admin.post(f"/api/v1/definitions/{KEY}/draft/deploy")
    assert refused.status_code == 400 and "mayor" in refused.get_json()["error"]["message"]
    assert admin.get(f"/api/v1/definitions/{KEY}/draft").get_json()["exists"] is True  # kept
    assert admin.client.delete(f"/api/v1/definitions/{KEY}/draft", headers=admin.headers).status_code == 204
    assert admin.get(f"/api/v1/definitions/{KEY}/draft").get_json()["exists"] is False
    not_xml = admin.post(f"/api/v1/definitions/{KEY}/draft/files", json={"files": {"walking_skeleton.bpmn": "<bpmn"}})
    assert not_xml.status_code == 400
