"""Admin pages without a browser: access, incidents list and retry, migration preview and run."""
import re

from tests.api.test_definitions__migrate_and_incidents import deploy, start
from tests.helpers import diagram_variants
from tests.helpers.api_journey import complete
from tests.web.test_pages__login_and_inbox import login


def token(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_only_administrators_open_the_admin_pages(client):
    login(client, "samr")
    assert client.get("/admin/definitions").status_code == 403
    assert client.get("/admin/incidents").status_code == 403


def test_versions_list_and_xml_download(client):
    login(client, "admin")
    html = client.get("/admin/definitions").data.decode()
    assert "流程定义" in html and "walking_skeleton" in html
    link = re.search(r'href="(/admin/definitions/\d+/download/walking_skeleton.bpmn)"', html).group(1)
    response = client.get(link)
    assert response.status_code == 200 and b"<bpmn:definitions" in response.data
    assert "attachment" in response.headers["Content-Disposition"]


def test_incident_is_listed_and_retried_after_a_fix(app, client, api, versions):
    deploy(api, diagram_variants.with_broken_pass_condition(diagram_variants.original()))
    case_id = start(app, api)
    complete(api("prov-shanxi"), "initial_review", case_id, {"decision": "pass"}, expect=500)
    login(client, "admin")
    html = client.get("/admin/incidents").data.decode()
    assert "gw_initial_review" in html and "legal_opinion" in html
    incident_id = re.search(r'/admin/incidents/(\d+)/retry', html).group(1)

    fixed = deploy(api, diagram_variants.original())
    assert api("admin").post(f"/api/v1/cases/{case_id}/migrate", json={"version": fixed}).status_code == 200
    assert client.post(f"/admin/incidents/{incident_id}/retry").status_code == 400  # no CSRF token
    response = client.post(f"/admin/incidents/{incident_id}/retry", data={"csrf_token": token(html)},
                           follow_redirects=True)
    assert "已重试" in response.data.decode() and "没有故障" in response.data.decode()


def test_migration_preview_then_run(app, client, api, versions):
    case_id = start(app, api)
    source = api("admin").get(f"/api/v1/cases/{case_id}").get_json()["definition"]
    new = deploy(api, diagram_variants.with_legal_review(diagram_variants.original()))
    definition_id = next(d["id"] for d in api("admin").get("/api/v1/definitions").get_json()["items"]
                         if d["key"] == source["key"] and d["version"] == source["version"])
    login(client, "admin")
    html = client.get(f"/admin/migrations?definition_id={definition_id}&to_version={new}").data.decode()
    assert f"#{case_id}" in html and "预览" in html and "initial_review" in html
    response = client.post("/admin/migrations", data={"csrf_token": token(html), "definition_id": definition_id,
                                                      "to_version": new, "case_id": case_id})
    assert response.status_code == 200 and "结果" in response.data.decode()
    assert api("admin").get(f"/api/v1/cases/{case_id}").get_json()["definition"]["version"] == new
