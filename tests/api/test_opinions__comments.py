"""办理意见 through the API: an opinion given with a completion is kept with its step (never
in the workflow data), comments are posted by whoever may see the case, and every refusal
leaves the case's comments as they were."""
from tests.helpers.api_journey import Journey, complete, open_task

OPINION = "材料齐全，同意推荐。"


def comments(user, case_id):
    response = user.get(f"/api/v1/cases/{case_id}/comments")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def post(user, case_id, body, expect=201):
    response = user.post(f"/api/v1/cases/{case_id}/comments", json=body)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def test_an_opinion_given_with_the_review_is_kept_with_its_step_not_in_the_data(api):
    j = Journey(api).apply()
    complete(j.province, "initial_review", j.case_id, {"decision": "pass", "opinion": OPINION})
    [opinion] = comments(j.applicant, j.case_id)
    assert (opinion["kind"], opinion["text"], opinion["step"]) == ("opinion", OPINION, "申报材料初审")
    assert (opinion["author"], opinion["author_name"]) == ("prov-shanxi", "山西省市场监管局")
    assert opinion["office"] == "山西省市场监督管理局"
    recommendation = open_task(j.province, "recommendation", j.case_id)
    data = j.province.get(f"/api/v1/tasks/{recommendation['id']}").get_json()["data"]
    assert "opinion" not in data and data.get("decision") == "pass"
    [event] = [h for h in j.case["history"] if h["action"] == "task_completed" and h["task"] == "initial_review"]
    assert event["detail"]["opinion"] == OPINION and "opinion" not in event["detail"]["data"]


def test_a_completion_without_an_opinion_keeps_none_and_a_bad_opinion_submits_nothing(api):
    j = Journey(api).apply()
    assert comments(j.samr, j.case_id) == []
    review = open_task(j.province, "initial_review", j.case_id)
    for bad in ("意" * 2001, 42, "同意\u202e。"):
        response = j.province.post(f"/api/v1/tasks/{review['id']}/complete", json={"decision": "pass", "opinion": bad})
        assert response.status_code == 400, response.get_json()
        assert "opinion" in response.get_json()["error"]["fields"]
    assert j.active() == ["initial_review"] and comments(j.samr, j.case_id) == []
    complete(j.province, "initial_review", j.case_id, {"decision": "pass", "opinion": "  "})
    assert j.stage == "recommendation" and comments(j.samr, j.case_id) == []


def test_whoever_sees_the_case_comments_on_it_and_on_one_of_its_tasks(api):
    j = Journey(api).apply()
    review = open_task(j.province, "initial_review", j.case_id)
    made = post(j.applicant, j.case_id, {"text": "  已补充佐证材料，请查收。 ", "task_id": review["id"]})
    assert (made["kind"], made["text"], made["task_id"], made["step"]) == ("comment", "已补充佐证材料，请查收。", review["id"], "申报材料初审")
    assert (made["author_name"], made["office"]) == ("运城市创建办", "运城市")
    general = post(j.samr, j.case_id, {"text": "阅。"})
    assert (general["task_id"], general["step"], general["office"]) == (None, None, "国家市场监督管理总局")
    assert [c["text"] for c in comments(j.province, j.case_id)] == ["已补充佐证材料，请查收。", "阅。"]
    events = [h for h in j.case["history"] if h["action"] == "comment_added"]
    assert [(e["actor"], e["detail"]["comment_id"]) for e in events] == [("app-yuncheng", made["id"]), ("samr", general["id"])]


def test_refused_comments_change_nothing(api):
    j = Journey(api).apply()
    other = Journey(api, "app-yongchuan").apply()
    other_task = open_task(other.province, "initial_review", other.case_id)
    post(j.province, j.case_id, {"text": "请尽快补正。"})
    for body in ({"text": ""}, {"text": "   "}, {"text": "意" * 2001}, {"text": "a\x00b"}, {}, {"text": ["x"]},
                 {"text": "好", "task_id": 0}):
        assert "text" in str(post(j.province, j.case_id, body, expect=400)["error"]) or "task_id" in str(body)
    missing = post(j.province, j.case_id, {"text": "别的案件", "task_id": other_task["id"]}, expect=404)
    assert "is not a task of case" in missing["error"]["message"]
    post(j.api("app-yongchuan"), j.case_id, {"text": "看看"}, expect=403)
    post(j.api("prov-chongqing"), j.case_id, {"text": "看看"}, expect=403)
    assert j.api("app-yongchuan").get(f"/api/v1/cases/{j.case_id}/comments").status_code == 403
    post(j.province, 2**31 - 2, {"text": "无此案"}, expect=404)
    assert [c["text"] for c in comments(j.samr, j.case_id)] == ["请尽快补正。"]
    assert len(post(j.province, j.case_id, {"text": "意" * 2000})["text"]) == 2000  # the bound itself passes
