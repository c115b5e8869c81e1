"""The walking skeleton end to end through the API: apply, initial review, approval."""
from .flows import APPLICATION, apply, complete, open_task


def stage(user, case_id):
    return user.get(f"/api/v1/cases/{case_id}").get_json()["stage"]


def test_happy_path_reaches_creation(api):
    applicant, province, samr = api("app-yuncheng"), api("prov-shanxi"), api("samr")
    case_id = apply(applicant)
    assert stage(applicant, case_id) == "initial_review"
    assert open_task(province, "initial_review", case_id)["due_at"] is not None

    complete(province, "initial_review", case_id, {"decision": "pass"})
    assert stage(samr, case_id) == "approval"
    assert province.get(f"/api/v1/tasks?case_id={case_id}").get_json()["total"] == 0

    body = complete(samr, "creation_approval", case_id, {"decision": "approve", "reasons": "同意"})
    assert body["case"]["stage"] == "creation"
    assert body["case"]["status"] == "closed"  # the skeleton ends where creation begins
    assert body["case"]["definition"]["key"] == "walking_skeleton"


def test_return_for_amendment_comes_back_to_the_reviewer(api):
    applicant, province = api("app-yongchuan"), api("prov-chongqing")
    case_id = apply(applicant)
    complete(province, "initial_review", case_id,
             {"decision": "return", "reasons": "缺少证明材料", "amend_deadline": "2030-01-31"})
    case = applicant.get(f"/api/v1/cases/{case_id}").get_json()
    assert [t["name"] for t in case["active_tasks"]] == ["amend_application"]
    assert case["next_timer_at"].startswith("2030-01-31T15:59:59")  # 23:59:59 China time

    complete(applicant, "amend_application", case_id, {"decision": "resubmit", "amendment_notes": "已补充"})
    assert open_task(province, "initial_review", case_id)
    assert stage(applicant, case_id) == "initial_review"


def test_reject_ends_the_case(api):
    applicant, province = api("app-yangpu"), api("prov-shanghai")
    case_id = apply(applicant)
    body = complete(province, "initial_review", case_id, {"decision": "reject", "reasons": "不符合条件"})
    assert (body["case"]["stage"], body["case"]["status"]) == ("rejected", "closed")
    assert body["case"]["active_tasks"] == []


def test_reject_and_return_need_reasons(api):
    applicant, province = api("app-yangpu"), api("prov-shanghai")
    case_id = apply(applicant)
    body = complete(province, "initial_review", case_id, {"decision": "return"}, expect=400)
    assert set(body["error"]["fields"]) == {"reasons", "amend_deadline"}


def test_declined_by_samr(api):
    case_id = apply(api("app-xuchang"))
    complete(api("prov-henan"), "initial_review", case_id, {"decision": "pass"})
    body = complete(api("samr"), "creation_approval", case_id, {"decision": "decline"})
    assert body["case"]["stage"] == "declined"


def test_applicant_withdraws_during_amendment(api):
    applicant, province = api("app-yuncheng"), api("prov-shanxi")
    case_id = apply(applicant)
    complete(province, "initial_review", case_id,
             {"decision": "return", "reasons": "请补充", "amend_deadline": "2030-01-31"})
    body = complete(applicant, "amend_application", case_id, {"decision": "withdraw"})
    assert body["case"]["stage"] == "withdrawn"


def test_missed_amendment_deadline_withdraws_the_case(api):
    applicant, province, samr = api("app-yuncheng"), api("prov-shanxi"), api("samr")
    case_id = apply(applicant)
    complete(province, "initial_review", case_id,
             {"decision": "return", "reasons": "请补充", "amend_deadline": "2030-01-31"})
    samr.post("/api/v1/admin/clock", json={"set": "2030-01-31T23:59:00+08:00"})
    assert samr.post("/api/v1/admin/timers/run").get_json()["fired"] == []
    assert stage(applicant, case_id) == "initial_review"

    samr.post("/api/v1/admin/clock", json={"advance": "PT2M"})
    fired = samr.post("/api/v1/admin/timers/run").get_json()["fired"]
    assert [f["case_id"] for f in fired] == [case_id]
    case = applicant.get(f"/api/v1/cases/{case_id}").get_json()
    assert (case["stage"], case["status"], case["active_tasks"]) == ("withdrawn", "closed", [])
    assert applicant.get("/api/v1/tasks").get_json()["total"] == 0


def test_one_open_case_per_region_and_round(api):
    applicant = api("app-yuncheng")
    apply(applicant)
    rid = applicant.get("/api/v1/rounds").get_json()["items"][0]["id"]
    response = applicant.post("/api/v1/cases", json={"round_id": rid})
    assert response.status_code == 409
    assert "already has an open case" in response.get_json()["error"]["message"]


def test_closed_round_refuses_applications(api):
    applicant, samr = api("app-yuncheng"), api("samr")
    rid = applicant.get("/api/v1/rounds").get_json()["items"][0]["id"]
    samr.post("/api/v1/admin/clock", json={"advance": "P1Y"})
    response = applicant.post("/api/v1/cases", json={"round_id": rid})
    assert response.status_code == 409


def test_application_form_keeps_what_was_submitted(api):
    applicant, province = api("app-yuncheng"), api("prov-shanxi")
    case_id = apply(applicant)
    task = open_task(province, "initial_review", case_id)
    detail = province.get(f"/api/v1/tasks/{task['id']}").get_json()
    assert detail["form_definition"]["properties"]["decision"]["enum"] == ["pass", "return", "reject"]
    assert detail["data"]["plan_summary"] == APPLICATION["plan_summary"]
    assert detail["case"]["id"] == case_id
