"""Migration and incidents through the API: one case, bulk with preview, a failing step,
its fix and retry, suspend and resume — each audited."""
from models import AuditEvent
from tests.helpers import diagram_variants
from tests.helpers.api_journey import complete

PASS = {"decision": "pass"}
RETURN = {"decision": "return", "reasons": "材料不全", "amend_deadline": "2030-06-30"}


def start(app, api, applicant="app-yuncheng"):
    with app.app_context():
        case_id = diagram_variants.start(applicant)
    complete(api(applicant), "submit_application", case_id, diagram_variants.APPLICATION)
    return case_id


def deploy(api, xml):
    response = api("admin").post("/api/v1/definitions", json={"files": {"walking_skeleton.bpmn": xml.decode()}})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["items"][0]["version"]


def actions(app, case_id):
    with app.app_context():
        return [e.action for e in AuditEvent.query.filter_by(case_id=case_id).order_by(AuditEvent.id)]


def test_one_case_migrates_and_takes_the_new_step(app, api, versions):
    case_id = start(app, api)
    version = deploy(api, diagram_variants.with_legal_review(diagram_variants.original()))
    assert api("samr").post(f"/api/v1/cases/{case_id}/migrate", json={"version": version}).status_code == 403
    response = api("admin").post(f"/api/v1/cases/{case_id}/migrate", json={"version": version})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["case"]["definition"]["version"] == version and body["migration"]["can_migrate"]
    complete(api("prov-shanxi"), "initial_review", case_id, PASS)
    complete(api("samr"), "legal_review", case_id, {"decision": "approve"})
    assert "case_migrated" in actions(app, case_id)


def test_a_refused_migration_is_409_with_the_reason_and_audited(app, api, versions):
    case_id = start(app, api)
    complete(api("prov-shanxi"), "initial_review", case_id, RETURN)
    version = deploy(api, diagram_variants.without_amendment_deadline(diagram_variants.original()))
    response = api("admin").post(f"/api/v1/cases/{case_id}/migrate", json={"version": version})
    assert response.status_code == 409 and "amendment_deadline" in response.get_json()["error"]["message"]
    assert api("admin").get(f"/api/v1/cases/{case_id}").get_json()["definition"]["version"] == version - 1
    assert actions(app, case_id)[-1] == "case_migration_refused"


def test_bulk_preview_then_migrate_all_on_a_version(app, api, versions):
    first, second = start(app, api), start(app, api, "app-yongchuan")
    complete(api("prov-chongqing"), "initial_review", second, RETURN)
    old = api("admin").get(f"/api/v1/cases/{first}").get_json()["definition"]["version"]
    new = deploy(api, diagram_variants.without_amendment_deadline(diagram_variants.original()))
    body = {"key": diagram_variants.KEY, "to_version": new, "from_version": old}

    preview = api("admin").post("/api/v1/migrations/preview", json=body).get_json()
    assert (preview["total"], preview["migrated"], preview["refused"]) == (2, 1, 1)
    by_case = {i["case_id"]: i for i in preview["items"]}
    assert by_case[first]["after"][0]["element"] == "initial_review"
    assert "amendment_deadline" in by_case[second]["reason"]

    result = api("admin").post("/api/v1/migrations", json=body).get_json()
    assert (result["migrated"], result["refused"]) == (1, 1)
    versions_now = [api("admin").get(f"/api/v1/cases/{c}").get_json()["definition"]["version"]
                    for c in (first, second)]
    assert versions_now == [new, old]
    chosen = api("admin").post("/api/v1/migrations/preview",
                               json={"key": diagram_variants.KEY, "to_version": new, "case_ids": [second]}).get_json()
    assert [i["case_id"] for i in chosen["items"]] == [second]


def test_a_failing_step_becomes_an_incident_and_is_retried_after_a_fix(app, api, versions):
    broken = deploy(api, diagram_variants.with_broken_pass_condition(diagram_variants.original()))
    case_id = start(app, api)
    province = api("prov-shanxi")
    complete(province, "initial_review", case_id, PASS, expect=500)

    case = api("admin").get(f"/api/v1/cases/{case_id}").get_json()
    assert [t["name"] for t in case["active_tasks"]] == ["initial_review"]  # nothing half-done
    [incident] = api("admin").get("/api/v1/incidents").get_json()["items"]
    assert incident["case_id"] == case_id and incident["element"] == "gw_initial_review"
    assert "legal_opinion" in incident["message"] and incident["definition_version"] == broken
    # An errored case is frozen: the province cannot try again, the timers skip it.
    complete(province, "initial_review", case_id, PASS, expect=409)
    assert api("admin").get(f"/api/v1/cases/{case_id}/trail").get_json()["hold"] == "errored"
    assert api("admin").get(f"/api/v1/cases/{case_id}").get_json()["hold"] == "errored"

    retried = api("admin").post(f"/api/v1/incidents/{incident['id']}/retry")
    assert retried.status_code == 500  # still the broken version: the incident stays open
    assert api("admin").get("/api/v1/incidents").get_json()["items"][0]["attempts"] == 2

    fixed = deploy(api, diagram_variants.original())
    assert api("admin").post(f"/api/v1/cases/{case_id}/migrate", json={"version": fixed}).status_code == 200
    retried = api("admin").post(f"/api/v1/incidents/{incident['id']}/retry")
    assert retried.status_code == 200 and retried.get_json()["state"] == "resolved"
    case = api("admin").get(f"/api/v1/cases/{case_id}").get_json()
    assert [t["name"] for t in case["active_tasks"]] == ["creation_approval"]
    assert api("admin").get("/api/v1/incidents").get_json()["items"] == []
    history = actions(app, case_id)
    assert history.count("incident_opened") == 2 and history[-3:] == ["task_completed", "incident_retried",
                                                                       "document_issued"]  # the acceptance


def test_suspend_and_resume_are_audited_and_hold_the_case(app, api, versions):
    case_id = start(app, api)
    admin = api("admin")
    assert api("samr").post(f"/api/v1/cases/{case_id}/suspend", json={}).status_code == 403
    assert admin.post(f"/api/v1/cases/{case_id}/suspend", json={"reason": "核查材料"}).status_code == 200
    complete(api("prov-shanxi"), "initial_review", case_id, PASS, expect=409)
    assert admin.post(f"/api/v1/cases/{case_id}/suspend", json={}).status_code == 409
    assert admin.post(f"/api/v1/cases/{case_id}/resume").status_code == 200
    complete(api("prov-shanxi"), "initial_review", case_id, PASS)
    assert actions(app, case_id)[-4:-2] == ["case_suspended", "case_resumed"]  # then completed, acceptance issued


def test_the_trail_lists_completed_and_active_elements(app, api, versions):
    case_id = start(app, api)
    trail = api("app-yuncheng").get(f"/api/v1/cases/{case_id}/trail").get_json()
    assert trail["file"] == "walking_skeleton.bpmn"
    assert {"start", "submit_application"} <= set(trail["completed"])
    assert trail["active"] == ["initial_review"]  # reached through the explicit merge before it
    assert ["submit_application", "join_initial_review"] in trail["flows"]
    assert ["join_initial_review", "initial_review"] in trail["flows"]
    assert api("app-yongchuan").get(f"/api/v1/cases/{case_id}/trail").status_code == 403
