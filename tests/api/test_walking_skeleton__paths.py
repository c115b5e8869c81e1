"""The walking skeleton (bpmn/walking_skeleton.bpmn): the smallest complete example of the
conventions, and the diagram the migration and modeller tests edit. Its cases start
through the engine (new cases of the API take the main process), then move through the API."""
from tests.helpers.api_journey import complete, open_task
from tests.helpers.diagram_variants import start

APPLICATION = {
    "contact_person": "张明", "contact_phone": "0359-2021234", "plan_summary": "创建方案概要。",
    "creation_period": "P2Y", "condition_platform_economy": "平台经济发展基础。",
    "condition_regulation": "监管工作基础。", "condition_no_major_incident": "近三年无重大事件。",
}


def skeleton_case(app, api, applicant="app-yuncheng"):
    with app.app_context():
        case_id = start(applicant)
    complete(api(applicant), "submit_application", case_id, APPLICATION)
    return case_id


def stage(api, case_id):
    return api("samr").get(f"/api/v1/cases/{case_id}").get_json()["stage"]


def test_pass_and_approve_reach_creation(app, api):
    case_id = skeleton_case(app, api)
    complete(api("prov-shanxi"), "initial_review", case_id, {"decision": "pass"})
    body = complete(api("samr"), "creation_approval", case_id, {"decision": "approve"})
    assert (body["case"]["stage"], body["case"]["status"]) == ("creation", "closed")
    assert body["case"]["definition"]["key"] == "walking_skeleton"


def test_reject(app, api):
    case_id = skeleton_case(app, api)
    complete(api("prov-shanxi"), "initial_review", case_id, {"decision": "reject", "reasons": "不符合条件"})
    assert stage(api, case_id) == "rejected"


def test_return_resubmit_then_withdraw(app, api):
    case_id = skeleton_case(app, api)
    province, applicant = api("prov-shanxi"), api("app-yuncheng")
    complete(province, "initial_review", case_id,
             {"decision": "return", "reasons": "请补充", "amend_deadline": "2030-01-31"})
    complete(applicant, "amend_application", case_id, {"decision": "resubmit", "amendment_notes": "已补充"})
    assert open_task(province, "initial_review", case_id)
    complete(province, "initial_review", case_id,
             {"decision": "return", "reasons": "仍缺材料", "amend_deadline": "2030-01-31"})
    complete(applicant, "amend_application", case_id, {"decision": "withdraw"})
    assert stage(api, case_id) == "withdrawn"


def test_missed_amendment_deadline_withdraws(app, api):
    case_id = skeleton_case(app, api)
    complete(api("prov-shanxi"), "initial_review", case_id,
             {"decision": "return", "reasons": "请补充", "amend_deadline": "2030-01-31"})
    samr = api("samr")
    samr.post("/api/v1/admin/clock", json={"set": "2030-02-01T00:00:01+08:00"})
    assert [f["case_id"] for f in samr.post("/api/v1/admin/timers/run").get_json()["fired"]] == [case_id]
    assert stage(api, case_id) == "withdrawn"


def test_samr_declines(app, api):
    case_id = skeleton_case(app, api)
    complete(api("prov-shanxi"), "initial_review", case_id, {"decision": "pass"})
    complete(api("samr"), "creation_approval", case_id, {"decision": "decline", "reasons": "不同意"})
    assert stage(api, case_id) == "declined"
