"""转办 transfer: a province's clerk hands the initial review to a colleague of the same bureau,
who then holds it (claimed by them) and completes it. Every refusal says why and changes
nothing; two transfers of one task at once: one wins, the other 409, nothing lost."""
import threading

import pytest

from models import AuditEvent, Notification, db
from tests.helpers import colleagues
from tests.helpers.api_journey import apply, open_task
from tests.helpers.case_consistency import shape

REASON = "本人出差，转同事办理。"


@pytest.fixture
def review(app, api):
    """(case id, the open initial review's id) of 运城市's submitted application."""
    colleagues.ensure(app)
    case_id = apply(api("app-yuncheng"))
    return case_id, open_task(api("prov-shanxi"), "initial_review", case_id)["id"]


def events(app, case_id, action):
    with app.app_context():
        return [e.detail for e in AuditEvent.query.filter_by(case_id=case_id, action=action).order_by(AuditEvent.id)]


def test_a_transfer_makes_the_task_the_colleagues_who_completes_it(app, api, review):
    case_id, task_id = review
    clerk, colleague = api("prov-shanxi"), api("prov-shanxi-2")
    assert clerk.post(f"/api/v1/tasks/{task_id}/claim").status_code == 200
    response = clerk.post(f"/api/v1/tasks/{task_id}/transfer", json={"to": "prov-shanxi-2", "reason": REASON})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["assignee"] == "prov-shanxi-2"
    assert open_task(colleague, "initial_review", case_id)["assignee"] == "prov-shanxi-2"
    mine = colleague.get(f"/api/v1/tasks?assigned=me&case_id={case_id}").get_json()["items"]
    assert [t["id"] for t in mine] == [task_id]
    assert events(app, case_id, "task_transferred") == [{
        "title": "申报材料初审", "task_id": task_id, "from": "prov-shanxi", "to": "prov-shanxi-2", "reason": REASON}]
    notices = colleague.get("/api/v1/notifications").get_json()["items"]
    assert any(n["kind"] == "task_transferred" and n["detail"]["task_id"] == task_id for n in notices), notices
    # the former holder may no longer complete it; the colleague may
    refused = clerk.post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass"})
    assert refused.status_code == 409 and "prov-shanxi-2" in refused.get_json()["error"]["message"]
    assert colleague.post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass"}).status_code == 200


def test_an_unclaimed_group_task_may_be_transferred_by_any_of_its_group(app, api, review):
    _, task_id = review
    response = api("prov-shanxi").post(f"/api/v1/tasks/{task_id}/transfer", json={"to": "prov-shanxi-3", "reason": REASON})
    assert response.status_code == 200 and response.get_json()["assignee"] == "prov-shanxi-3"


@pytest.mark.parametrize(("to", "status", "says"), [
    ("prov-chongqing-2", 403, "another office"),   # same role, another province's bureau
    ("app-yuncheng", 403, "does not hold the Provincial market regulator role"),  # another role
    ("no-such-user", 400, "no-such-user"),
    ("prov-shanxi", 409, "already yours"),
])
def test_a_transfer_to_someone_who_may_not_take_the_task_is_refused_saying_why(app, api, review, to, status, says):
    case_id, task_id = review
    clerk = api("prov-shanxi")
    assert clerk.post(f"/api/v1/tasks/{task_id}/claim").status_code == 200
    response = clerk.post(f"/api/v1/tasks/{task_id}/transfer", json={"to": to, "reason": REASON})
    assert response.status_code == status, response.get_json()
    assert says in response.get_json()["error"]["message"]
    assert open_task(clerk, "initial_review", case_id)["assignee"] == "prov-shanxi"
    assert events(app, case_id, "task_transferred") == []


def test_only_the_holder_of_an_open_task_transfers_it(app, api, review):
    case_id, task_id = review
    body = {"to": "prov-shanxi-3", "reason": REASON}
    assert api("prov-shanxi-2").post(f"/api/v1/tasks/{task_id}/claim").status_code == 200
    held = api("prov-shanxi").post(f"/api/v1/tasks/{task_id}/transfer", json=body)
    assert held.status_code == 409 and "held by prov-shanxi-2" in held.get_json()["error"]["message"]
    other = api("prov-chongqing").post(f"/api/v1/tasks/{task_id}/transfer", json=body)
    assert other.status_code == 403
    no_reason = api("prov-shanxi-2").post(f"/api/v1/tasks/{task_id}/transfer", json={"to": "prov-shanxi-3"})
    assert no_reason.status_code == 400 and "reason" in no_reason.get_json()["error"]["fields"]
    assert api("prov-shanxi-2").post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass"}).status_code == 200
    done = api("prov-shanxi-2").post(f"/api/v1/tasks/{task_id}/transfer", json=body)
    assert done.status_code == 409 and "already completed" in done.get_json()["error"]["message"]
    assert events(app, case_id, "task_transferred") == []


def test_two_transfers_of_one_task_at_once_one_wins_the_other_is_told(app, api, review):
    case_id, task_id = review
    first, second = api("prov-shanxi"), api("prov-shanxi")  # two sessions of the bureau
    barrier, results = threading.Barrier(2), {}

    def run(name, user, to):
        barrier.wait()
        response = user.post(f"/api/v1/tasks/{task_id}/transfer", json={"to": to, "reason": REASON})
        results[name] = (response.status_code, response.get_json())

    threads = [threading.Thread(target=run, args=("a", first, "prov-shanxi-2")),
               threading.Thread(target=run, args=("b", second, "prov-shanxi-3"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _ in results.values()) == [200, 409], results
    winner = next(body for status, body in results.values() if status == 200)["assignee"]
    loser = next(body for status, body in results.values() if status == 409)
    assert f"held by {winner}" in loser["error"]["message"]
    assert open_task(api(winner), "initial_review", case_id)["assignee"] == winner
    assert [e["to"] for e in events(app, case_id, "task_transferred")] == [winner]
    with app.app_context():
        assert Notification.query.filter_by(case_id=case_id, kind="task_transferred").count() == 1
        db.session.remove()
    shape(app, case_id)  # inbox rows and workflow agree
