"""POST /api/v1/definitions: admin uploads, versions, and the 400s a modeller can act on."""
import io

import pytest

from models import ProcessDefinition
from tests.helpers import diagram_variants

NAME = "walking_skeleton.bpmn"


def upload(user, files):
    data = {f"file{i}": (io.BytesIO(content), name) for i, (name, content) in enumerate(files.items())}
    return user.client.post("/api/v1/definitions", data=data, headers=user.headers,
                            content_type="multipart/form-data")


def count(app):
    with app.app_context():
        return ProcessDefinition.query.count()


def test_admin_uploads_a_changed_diagram_as_the_next_version(app, api, versions):
    admin = api("admin")
    before = {d["key"]: d["version"] for d in admin.get("/api/v1/definitions").get_json()["items"]}
    response = upload(admin, {NAME: diagram_variants.with_legal_review(diagram_variants.original())})
    assert response.status_code == 201, response.get_json()
    [created] = response.get_json()["items"]
    assert (created["key"], created["version"]) == (diagram_variants.KEY, before[diagram_variants.KEY] + 1)
    assert created["deployed_by"] == "admin" and len(created["hash"]) == 64

    detail = admin.get(f"/api/v1/definitions/{created['id']}").get_json()
    assert detail["main_file"] == NAME and detail["open_cases"] == 0
    xml = admin.get(f"/api/v1/definitions/{created['id']}/sources/{NAME}")
    assert xml.status_code == 200 and b'id="legal_review"' in xml.data

    again = upload(admin, {NAME: diagram_variants.with_legal_review(diagram_variants.original())})
    assert again.status_code == 201 and again.get_json()["items"] == []  # unchanged: no version


def test_json_upload_works_too(app, api, versions):
    body = {"files": {NAME: diagram_variants.with_initial_review_due(diagram_variants.original()).decode()}}
    response = api("admin").post("/api/v1/definitions", json=body)
    assert response.status_code == 201 and len(response.get_json()["items"]) == 1


def test_only_an_administrator_deploys(app, api):
    assert upload(api("samr"), {NAME: diagram_variants.original()}).status_code == 403


XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
       + diagram_variants.original().split(b"?>", 1)[1].replace('name="申报初审"'.encode(), b'name="&x;"'))

BAD = {
    "xxe": (XXE, "DTD", {"line": ["2"]}),
    "syntax": (diagram_variants.original().replace(b"</bpmn:process>", b"</bpmn:proces>"), "XML syntax error", {}),
    "import": (diagram_variants.original().replace(b'decision == "reject"', b'__import__("os").system("id") == 0'),
               "__import__", {"element": ["gw_initial_review"]}),
    "lane": (diagram_variants.original().replace(b'name="province"', b'name="mayor"'), "mayor",
             {"element": ["initial_review"]}),
    "form": (diagram_variants.original().replace(b'value="amendment"', b'value="no_such_form"'), "no_such_form",
             {"element": ["amend_application"]}),
    "timer": (diagram_variants.original().replace(b'amend_deadline + "T23:59:59+08:00"', b'"P15X"'), "does not parse",
              {"element": ["amendment_deadline"]}),
    "spiff": (diagram_variants.original().replace(b'targetRef="gw_initial_review"', b'targetRef="nowhere"'), "",
              {}),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_diagram_is_refused_with_a_message_and_changes_nothing(app, api, case):
    content, words, fields = BAD[case]
    before = count(app)
    response = upload(api("admin"), {NAME: content})
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "definition_invalid" and words in error["message"]
    assert fields.items() <= error["fields"].items()
    assert count(app) == before


def test_other_file_types_are_refused(app, api):
    response = upload(api("admin"), {"notes.txt": b"hello"})
    assert response.status_code == 400 and "notes.txt" in response.get_json()["error"]["message"]
