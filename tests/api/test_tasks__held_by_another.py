"""A task one clerk of a bureau holds is theirs: a second clerk of the same bureau can neither
claim nor complete it (409, the holder named) until it is released; the inbox's `role=` keeps
the tasks of one lane."""
import pytest

from tests.helpers import colleagues
from tests.helpers.api_journey import apply, open_task


@pytest.fixture
def clerks(app, api):
    """Two clerks of the Shanxi bureau and a case waiting for its initial review."""
    colleagues.ensure(app)
    first, second = api("prov-shanxi"), api("prov-shanxi-2")
    case_id = apply(api("app-yuncheng"))
    return first, second, case_id, open_task(first, "initial_review", case_id)["id"]


def _error(response):
    return response.status_code, response.get_json()["error"]["code"]


def test_a_second_clerks_claim_of_a_held_task_is_refused(clerks):
    first, second, _, task = clerks
    assert first.post(f"/api/v1/tasks/{task}/claim").get_json()["assignee"] == "prov-shanxi"
    refused = second.post(f"/api/v1/tasks/{task}/claim")
    assert _error(refused) == (409, "conflict") and "prov-shanxi" in refused.get_json()["error"]["message"]
    assert first.get(f"/api/v1/tasks/{task}").get_json()["assignee"] == "prov-shanxi"
    assert second.post(f"/api/v1/tasks/{task}/unclaim").status_code == 409  # nor may they release it
    assert first.post(f"/api/v1/tasks/{task}/claim").status_code == 200  # the holder again: no change
    # released, it is anyone's in the bureau again
    assert first.post(f"/api/v1/tasks/{task}/unclaim").status_code == 200
    assert second.post(f"/api/v1/tasks/{task}/claim").get_json()["assignee"] == "prov-shanxi-2"


def test_a_second_clerks_completion_of_a_held_task_is_refused_and_the_case_stays(clerks):
    first, second, case_id, task = clerks
    first.post(f"/api/v1/tasks/{task}/claim")
    refused = second.post(f"/api/v1/tasks/{task}/complete", json={"decision": "pass"})
    assert _error(refused) == (409, "conflict") and "prov-shanxi" in refused.get_json()["error"]["message"]
    assert first.get(f"/api/v1/cases/{case_id}").get_json()["stage"] == "initial_review"
    assert open_task(first, "initial_review", case_id)["id"] == task
    assert first.post(f"/api/v1/tasks/{task}/complete", json={"decision": "pass"}).status_code == 200
    assert first.get(f"/api/v1/cases/{case_id}").get_json()["stage"] != "initial_review"


def test_an_unheld_task_is_completed_by_whoever_of_the_bureau_takes_it(clerks):
    first, second, case_id, task = clerks
    assert second.post(f"/api/v1/tasks/{task}/complete", json={"decision": "pass"}).status_code == 200
    history = first.get(f"/api/v1/cases/{case_id}").get_json()["history"]
    assert [h["actor"] for h in history if h["action"] == "task_completed" and h["task"] == "initial_review"] \
        == ["prov-shanxi-2"]


def test_the_inbox_role_filter_keeps_one_lanes_tasks(clerks):
    first, _, _, task = clerks
    listed = lambda query: [t["id"] for t in first.get(f"/api/v1/tasks?{query}").get_json()["items"]]  # noqa: E731
    assert listed("role=province") == [task] == listed("")
    assert listed("role=samr") == [] and listed("role=applicant") == []
    first.post(f"/api/v1/tasks/{task}/claim")
    assert listed("role=province&assigned=me") == [task]
    assert listed("role=province&assigned=unassigned") == []
