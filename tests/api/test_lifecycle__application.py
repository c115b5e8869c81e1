"""Art 5–9 through the API: application, initial review, amendment, recommendation, approval."""
from tests.helpers.api_journey import APPLICATION, Journey, apply, open_task, round_id


def test_happy_path_reaches_creation_with_a_timer_at_the_period_end(api):
    j = Journey(api).apply()
    assert j.stage == "initial_review"
    assert open_task(j.province, "initial_review", j.case_id)["due_at"] is not None
    j.review("pass")
    assert (j.stage, j.active()) == ("recommendation", ["recommendation"])
    j.recommend(rank=1)
    assert (j.stage, j.active()) == ("approval", ["creation_approval"])
    j.approve()
    case = j.case
    assert (case["stage"], case["status"]) == ("creation", "active")
    assert case["active_tasks"][0]["name"] in ("creation_report", "early_self_assessment")
    assert case["next_timer_at"] is not None  # the end of the two-year creation period
    assert case["definition"]["key"] == "zone_lifecycle"


def test_return_for_amendment_comes_back_to_the_same_reviewer(api):
    j = Journey(api, "app-yongchuan").apply()
    j.review("return", reasons="缺少证明材料", amend_deadline="2030-01-31")
    case = j.case
    assert [t["name"] for t in case["active_tasks"]] == ["amendment"]
    assert case["next_timer_at"].startswith("2030-01-31T15:59:59")  # 23:59:59 China time
    j.do(j.applicant, "amendment", {"decision": "resubmit", "amendment_notes": "已补充"})
    assert open_task(j.province, "initial_review", j.case_id)
    assert j.stage == "initial_review"


def test_reject_ends_the_case(api):
    j = Journey(api, "app-yangpu").apply()
    body = j.do(j.province, "initial_review", {"decision": "reject", "reasons": "不符合条件"})
    assert (body["case"]["stage"], body["case"]["status"], body["case"]["active_tasks"]) == ("rejected", "closed", [])


def test_reject_and_return_need_reasons(api):
    j = Journey(api, "app-yangpu").apply()
    body = j.do(j.province, "initial_review", {"decision": "return"}, expect=400)
    assert set(body["error"]["fields"]) == {"reasons", "amend_deadline"}


def test_applicant_withdraws_during_amendment(api):
    j = Journey(api).apply().review("return", reasons="请补充", amend_deadline="2030-01-31")
    assert j.do(j.applicant, "amendment", {"decision": "withdraw"})["case"]["stage"] == "withdrawn"


def test_missed_amendment_deadline_withdraws_the_case(api):
    j = Journey(api).apply().review("return", reasons="请补充", amend_deadline="2030-01-31")
    j.samr.post("/api/v1/admin/clock", json={"set": "2030-01-31T23:59:00+08:00"})
    assert j.samr.post("/api/v1/admin/timers/run").get_json()["fired"] == []
    assert j.stage == "initial_review"
    fired = j.advance("PT2M")
    assert [f["case_id"] for f in fired] == [j.case_id]
    case = j.case
    assert (case["stage"], case["status"], case["active_tasks"]) == ("withdrawn", "closed", [])
    assert j.applicant.get("/api/v1/tasks").get_json()["total"] == 0


def test_province_ranks_its_round_in_one_list(api):
    """Two regions of one province: the round page sees both and submits one ranked list."""
    shanxi = api("prov-shanxi")
    # a second candidate region in Shanxi, for a list of two
    first = Journey(api).apply().review()
    rid = round_id(shanxi)
    waiting = shanxi.get(f"/api/v1/rounds/{rid}/recommendations").get_json()
    assert [w["case_id"] for w in waiting["items"]] == [first.case_id]
    assert waiting["items"][0]["region_name"] == "运城市"
    assert api("prov-henan").get(f"/api/v1/rounds/{rid}/recommendations").get_json()["total"] == 0

    gap = {"items": [{"case_id": first.case_id, "decision": "recommend", "rank": 2, "reasons": "好"}]}
    response = shanxi.post(f"/api/v1/rounds/{rid}/recommendations", json=gap)
    assert response.status_code == 400 and "rank" in response.get_json()["error"]["fields"]
    assert shanxi.post(f"/api/v1/rounds/{rid}/recommendations", json={"items": []}).status_code == 400
    assert first.stage == "recommendation"  # nothing half-done

    first.recommend(rank=1)
    assert first.stage == "approval"
    assert shanxi.get(f"/api/v1/rounds/{rid}/recommendations").get_json()["total"] == 0


def test_not_recommended_ends_the_case(api):
    j = Journey(api, "app-xuchang").apply().review().recommend("not_recommend")
    assert (j.stage, j.case["status"]) == ("not_recommended", "closed")


def test_samr_declines(api):
    j = Journey(api, "app-xuchang").apply().review().recommend().approve("decline")
    assert j.stage == "declined"


def test_a_period_over_three_years_needs_samr_exception(api):
    j = Journey(api).apply(creation_period="P4Y").review().recommend()
    assert j.active() == ["period_exception"]
    j.do(j.samr, "period_exception", {"decision": "cap", "reasons": "按三年执行。"})
    j.approve()
    due = j.case["next_timer_at"]
    now = j.samr.get("/api/v1/admin/clock").get_json()["now"]
    assert int(due[:4]) - int(now[:4]) == 3  # capped at max_creation_period


def test_granted_exception_keeps_the_longer_period(api):
    j = Journey(api).apply(creation_period="P4Y").review().recommend()
    j.do(j.samr, "period_exception", {"decision": "grant", "reasons": "特大城市。"})
    j.approve()
    now = j.samr.get("/api/v1/admin/clock").get_json()["now"]
    assert int(j.case["next_timer_at"][:4]) - int(now[:4]) == 4


def test_one_open_case_per_region_and_round(api):
    applicant = api("app-yuncheng")
    apply(applicant)
    response = applicant.post("/api/v1/cases", json={"round_id": round_id(applicant)})
    assert response.status_code == 409
    assert "already has an open case" in response.get_json()["error"]["message"]


def test_closed_round_refuses_applications(api):
    applicant = api("app-yuncheng")
    rid = round_id(applicant)
    api("samr").post("/api/v1/admin/clock", json={"advance": "P1Y"})
    assert applicant.post("/api/v1/cases", json={"round_id": rid}).status_code == 409


def test_reviewer_sees_what_was_submitted(api):
    j = Journey(api).apply()
    task = open_task(j.province, "initial_review", j.case_id)
    detail = j.province.get(f"/api/v1/tasks/{task['id']}").get_json()
    assert detail["form_definition"]["properties"]["decision"]["enum"] == ["pass", "return", "reject"]
    assert detail["data"]["plan_summary"] == APPLICATION["plan_summary"]
    assert detail["case"]["id"] == j.case_id and detail["case"]["region_name"] == "运城市"
