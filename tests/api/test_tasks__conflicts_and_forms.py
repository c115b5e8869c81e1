"""Bad input loses nothing: invalid fields, double completion, two people on one task."""
import threading

from tests.helpers.api_journey import apply, open_task


def snapshot(api, case_id):
    case = api("samr").get(f"/api/v1/cases/{case_id}").get_json()
    return case["stage"], case["updated_at"], [t["id"] for t in case["active_tasks"]], len(case["history"])


def test_invalid_field_is_named_and_the_case_is_unchanged(api):
    case_id = apply(api("app-yuncheng"))
    province = api("prov-shanxi")
    before = snapshot(api, case_id)
    task = open_task(province, "initial_review", case_id)
    response = province.post(f"/api/v1/tasks/{task['id']}/complete",
                             json={"decision": "maybe", "reasons": 42, "colour": "red"})
    assert response.status_code == 400
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"decision", "reasons", "colour"}
    assert "unknown field" in fields["colour"]
    assert snapshot(api, case_id) == before


def test_complete_needs_a_json_object(api):
    case_id = apply(api("app-yuncheng"))
    province = api("prov-shanxi")
    task = open_task(province, "initial_review", case_id)
    response = province.post(f"/api/v1/tasks/{task['id']}/complete", json=["pass"])
    assert response.status_code == 400


def test_completing_twice_is_a_conflict(api):
    case_id = apply(api("app-yuncheng"))
    province = api("prov-shanxi")
    task = open_task(province, "initial_review", case_id)
    first = province.post(f"/api/v1/tasks/{task['id']}/complete", json={"decision": "pass"})
    second = province.post(f"/api/v1/tasks/{task['id']}/complete", json={"decision": "pass"})
    assert (first.status_code, second.status_code) == (200, 409)
    assert "already completed" in second.get_json()["error"]["message"]


PAIRS = [("app-yuncheng", "prov-shanxi"), ("app-yongchuan", "prov-chongqing"),
         ("app-yangpu", "prov-shanghai"), ("app-xuchang", "prov-henan")]


def race(api, applicant, reviewer):
    """Two sessions of one reviewer submit the same task at the same moment."""
    case_id = apply(api(applicant))
    task = open_task(api(reviewer), "initial_review", case_id)
    users = [api(reviewer), api(reviewer)]
    barrier, results = threading.Barrier(2), []

    def submit(user, decision):
        barrier.wait()
        response = user.post(f"/api/v1/tasks/{task['id']}/complete",
                             json={"decision": decision, "reasons": "并发"})
        results.append((response.status_code, decision, response.get_json()))

    threads = [threading.Thread(target=submit, args=(u, d)) for u, d in zip(users, ("pass", "reject"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return case_id, results


def test_concurrent_completions_one_wins(api):
    """One 200, one 409 with a clear message, and the case moved exactly one step."""
    for applicant, reviewer in PAIRS:
        case_id, results = race(api, applicant, reviewer)
        assert sorted(code for code, _, _ in results) == [200, 409], results
        winner = next(decision for code, decision, _ in results if code == 200)
        loser = next(body for code, _, body in results if code == 409)
        assert "already completed" in loser["error"]["message"]
        case = api("samr").get(f"/api/v1/cases/{case_id}").get_json()
        assert case["stage"] == {"pass": "recommendation", "reject": "rejected"}[winner]
        completions = [h for h in case["history"]
                       if h["action"] == "task_completed" and h["task"] == "initial_review"]
        assert len(completions) == 1


def test_claimed_task_is_not_for_others(api):
    case_id = apply(api("app-yuncheng"))
    first, second = api("prov-shanxi"), api("prov-shanxi")
    task = open_task(first, "initial_review", case_id)
    assert first.post(f"/api/v1/tasks/{task['id']}/claim").get_json()["assignee"] == "prov-shanxi"
    assert first.get("/api/v1/tasks?assigned=me").get_json()["total"] == 1
    assert first.get("/api/v1/tasks?assigned=unassigned").get_json()["total"] == 0
    assert first.post(f"/api/v1/tasks/{task['id']}/unclaim").get_json()["assignee"] is None
    assert second.post(f"/api/v1/tasks/{task['id']}/unclaim").status_code == 409


def test_unknown_task_is_404(api):
    assert api("samr").get("/api/v1/tasks/999999").status_code == 404
