"""退回 send back and 撤回 recall through the API, on the lifecycle's own diagrams: the earlier
step opens again with what was submitted there, the case comes back to the sender once it
is resubmitted, and every refusal leaves the case as it was."""
from tests.helpers.api_journey import APPLICATION, Journey, complete, evaluation_application_form, open_task, round_id

REASON = "缺少平台经济发展规划的佐证材料，请补充后重新提交。"


def snapshot(j):
    case = j.case
    return (case["stage"], case["updated_at"], sorted((t["id"], t["assignee"]) for t in case["active_tasks"]),
            len(case["history"]))


def send_back(user, task_id, to, reason=REASON, expect=200):
    response = user.post(f"/api/v1/tasks/{task_id}/return", json={"to": to, "reason": reason})
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def recall(user, task_id, expect=200):
    response = user.post(f"/api/v1/tasks/{task_id}/recall")
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def detail(user, task_id):
    response = user.get(f"/api/v1/tasks/{task_id}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def notices(user, case_id):
    return user.get(f"/api/v1/notifications?case_id={case_id}").get_json()["items"]


def do(user, name, case_id, data):
    """Complete the user's open task `name` and return its id, as a client that keeps it."""
    task_id = open_task(user, name, case_id)["id"]
    complete(user, name, case_id, data)
    return task_id


def start(j):
    """Start the case and submit the application; returns the application task's id."""
    response = j.applicant.post("/api/v1/cases", json={"round_id": round_id(j.applicant)})
    assert response.status_code == 201, response.get_json()
    j.case_id = response.get_json()["id"]
    return do(j.applicant, "application", j.case_id, APPLICATION)


def history(j, action):
    return [h for h in j.case["history"] if h["action"] == action]


def test_the_province_sends_the_application_back_and_gets_it_again_once_resubmitted(api):
    j = Journey(api).apply()
    review = open_task(j.province, "initial_review", j.case_id)
    assert detail(j.province, review["id"])["return_targets"] == [{"name": "application", "title": "填写创建申请表"}]
    assert j.province.post(f"/api/v1/tasks/{review['id']}/claim").status_code == 200

    body = send_back(j.province, review["id"], "application")
    assert (body["case"]["stage"], body["case"]["status"]) == ("application", "active")
    assert j.active() == ["application"]
    assert j.province.get(f"/api/v1/tasks?case_id={j.case_id}").get_json()["total"] == 0

    # the applicant's task is open again, for the role, with what it submitted there
    reopened = open_task(j.applicant, "application", j.case_id)
    assert reopened["assignee"] is None
    shown = detail(j.applicant, reopened["id"])
    assert {k: shown["data"][k] for k in APPLICATION} == APPLICATION
    assert shown["reopened"]["kind"] == "returned" and shown["reopened"]["reason"] == REASON
    assert (shown["reopened"]["by"], shown["reopened"]["from"]) == ("prov-shanxi", "initial_review")
    assert shown["return_targets"] == []
    [note] = [n for n in notices(j.applicant, j.case_id) if n["kind"] == "task_returned"]
    assert note["detail"]["reason"] == REASON and note["detail"]["task_id"] == reopened["id"]
    [event] = history(j, "task_returned")
    assert (event["actor"], event["task"]) == ("prov-shanxi", "initial_review")
    assert (event["detail"]["to"], event["detail"]["reason"]) == ("application", REASON)

    # resubmitted, the review comes back to the clerk who sent it back, with a new deadline
    j.do(j.applicant, "application", {**APPLICATION, "plan_summary": "补充后的三年创建方案。"})
    again = open_task(j.province, "initial_review", j.case_id)
    assert again["id"] != review["id"] and again["assignee"] == "prov-shanxi"
    assert detail(j.province, again["id"])["data"]["plan_summary"] == "补充后的三年创建方案。"
    assert again["due_at"] is not None
    [back] = [n for n in notices(j.province, j.case_id) if n["kind"] == "task_resubmitted"]
    assert back["detail"]["task_id"] == again["id"]
    assert [h["detail"]["assignee"] for h in history(j, "task_assigned")] == ["prov-shanxi"]
    j.review()  # and the case goes on as ever
    assert j.stage == "recommendation"


def test_a_send_back_is_refused_with_a_reason_and_nothing_changes(api):
    j = Journey(api).apply()
    review = open_task(j.province, "initial_review", j.case_id)
    before = snapshot(j)
    wrong = send_back(j.province, review["id"], "recommendation", expect=409)
    assert "may not send the case back to 'recommendation'" in wrong["error"]["message"]
    assert "allows application" in wrong["error"]["message"]
    assert "recommendation" not in [t["name"] for t in detail(j.province, review["id"])["return_targets"]]
    missing = j.province.post(f"/api/v1/tasks/{review['id']}/return", json={"to": "application"})
    assert missing.status_code == 400 and "reason" in missing.get_json()["error"]["fields"]
    blank = send_back(j.province, review["id"], "application", reason="   ", expect=400)
    assert "reason" in blank["error"]["fields"]
    assert j.applicant.post(f"/api/v1/tasks/{review['id']}/return",
                            json={"to": "application", "reason": REASON}).status_code == 403
    assert snapshot(j) == before
    j.review()
    recommendation = open_task(j.province, "recommendation", j.case_id)
    refused = send_back(j.province, recommendation["id"], "initial_review", expect=409)
    assert "declares no step to send back to" in refused["error"]["message"]
    done = send_back(j.province, review["id"], "application", expect=409)  # the review is over
    assert "already completed" in done["error"]["message"]


def test_the_applicant_recalls_its_application_until_the_review_is_claimed(api):
    j = Journey(api)
    first_id = start(j)
    assert j.stage == "initial_review"
    body = recall(j.applicant, first_id)
    assert body["case"]["stage"] == "application" and j.active() == ["application"]
    reopened = open_task(j.applicant, "application", j.case_id)
    assert (reopened["id"], reopened["assignee"]) == (first_id, "app-yuncheng")
    shown = detail(j.applicant, first_id)
    assert shown["data"]["plan_summary"] == APPLICATION["plan_summary"] and shown["reopened"]["kind"] == "recalled"
    assert j.province.get(f"/api/v1/tasks?case_id={j.case_id}").get_json()["total"] == 0
    [event] = history(j, "task_recalled")
    assert (event["actor"], event["task"], event["detail"]["withdrawn"]) == ("app-yuncheng", "application", ["申报材料初审"])
    assert recall(j.applicant, first_id, expect=409)["error"]["message"].endswith("is still open: there is nothing to recall")

    j.do(j.applicant, "application", APPLICATION)
    review = open_task(j.province, "initial_review", j.case_id)
    assert j.province.post(f"/api/v1/tasks/{review['id']}/claim").status_code == 200
    before = snapshot(j)
    late = recall(j.applicant, first_id, expect=409)
    assert "the next step 申报材料初审 was claimed by prov-shanxi" in late["error"]["message"]
    assert snapshot(j) == before
    assert j.province.post(f"/api/v1/tasks/{first_id}/recall").status_code == 403  # not its role
    assert recall(j.province, review["id"], expect=409)["error"]["message"].endswith("nothing to recall")


def test_the_province_recalls_its_review_before_the_recommendation_but_not_after(api):
    j = Journey(api)
    application_id = start(j)
    review_id = do(j.province, "initial_review", j.case_id, {"decision": "pass"})
    late = recall(j.applicant, application_id, expect=409)["error"]["message"]
    assert late == "填写创建申请表 can no longer be recalled: the next step 申报材料初审 was already completed"
    assert j.samr.post(f"/api/v1/tasks/{review_id}/recall").status_code == 403
    recall(j.province, review_id)
    assert j.active() == ["initial_review"] and j.stage == "initial_review"
    shown = detail(j.province, review_id)
    assert shown["assignee"] == "prov-shanxi" and shown["data"]["decision"] == "pass"
    j.review().recommend()
    assert j.active() == ["creation_approval"]
    gone = recall(j.province, review_id, expect=409)["error"]["message"]
    assert gone == "申报材料初审 can no longer be recalled: the next step 择优推荐 was already completed"
    shown = detail(j.province, review_id)  # a finished task the saved case no longer holds
    assert (shown["return_targets"], shown["reopened"], shown["data"]) == ([], None, {})


def test_evaluation_prereview_and_expert_assignment_send_back_within_the_round(api):
    j = Journey(api).to_evaluation_application()
    j.do(j.applicant, "evaluation_application", evaluation_application_form())
    round_id = j.case["evaluation_round_id"]
    prereview = open_task(j.province, "evaluation_prereview", j.case_id)
    send_back(j.province, prereview["id"], "evaluation_application")
    assert (j.stage, j.active()) == ("self_assessment", ["evaluation_application"])
    # resubmitted in the same evaluation round: a send-back is not Art 17's re-application
    j.do(j.applicant, "evaluation_application", evaluation_application_form())
    assert j.case["evaluation_round_id"] == round_id
    assert open_task(j.province, "evaluation_prereview", j.case_id)["assignee"] == "prov-shanxi"

    forward = {"decision": "forward", "prereview_opinion": "初审合格。", "methods": ["material_review"]}
    j.do(j.province, "evaluation_prereview", forward)
    assignment = open_task(j.samr, "expert_assignment", j.case_id)
    targets = detail(j.samr, assignment["id"])["return_targets"]
    assert targets == [{"name": "evaluation_prereview", "title": "评估初审"}]
    send_back(j.samr, assignment["id"], "evaluation_prereview", reason="请补充实地核查记录。")
    prereview = open_task(j.province, "evaluation_prereview", j.case_id)
    shown = detail(j.province, prereview["id"])
    assert (shown["data"]["decision"], shown["data"]["prereview_opinion"]) == ("forward", "初审合格。")
    assert shown["reopened"]["by"] == "samr"
    j.do(j.province, "evaluation_prereview", {**forward, "methods": ["material_review", "site_check"]})
    assert open_task(j.samr, "expert_assignment", j.case_id)["assignee"] == "samr"

