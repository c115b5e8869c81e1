"""委派 delegate: the clerk has a colleague fill in the initial review; the colleague's
submission does not move the case, it comes back to the clerk with the data filled in, who
completes it (or delegates again). The task detail and both inboxes show where it is."""
import threading

import pytest

from models import AuditEvent, db
from tests.helpers import colleagues
from tests.helpers.api_journey import apply, open_task
from tests.helpers.case_consistency import shape


@pytest.fixture
def review(app, api):
    colleagues.ensure(app)
    case_id = apply(api("app-yuncheng"))
    return case_id, open_task(api("prov-shanxi"), "initial_review", case_id)["id"]


def actions(app, case_id):
    with app.app_context():
        return [e.action for e in AuditEvent.query.filter(
            AuditEvent.case_id == case_id, AuditEvent.action.like("task_%")).order_by(AuditEvent.id)]


def mine(user, case_id):
    return [t["id"] for t in user.get(f"/api/v1/tasks?assigned=me&case_id={case_id}").get_json()["items"]]


def test_the_delegates_submission_comes_back_to_the_delegator_who_completes_it(app, api, review):
    case_id, task_id = review
    clerk, colleague = api("prov-shanxi"), api("prov-shanxi-2")
    response = clerk.post(f"/api/v1/tasks/{task_id}/delegate", json={"to": "prov-shanxi-2"})
    assert response.status_code == 200, response.get_json()
    detail = clerk.get(f"/api/v1/tasks/{task_id}").get_json()
    assert (detail["assignee"], detail["delegated_to"], detail["delegated_by"], detail["delegation_state"]) == (
        "prov-shanxi", "prov-shanxi-2", "prov-shanxi", "pending")
    assert mine(colleague, case_id) == [task_id] and mine(clerk, case_id) == [task_id]
    notices = colleague.get("/api/v1/notifications").get_json()["items"]
    assert any(n["kind"] == "task_delegated" and n["detail"]["task_id"] == task_id for n in notices)

    # the delegator waits for the colleague; a wrong form is refused as for any completion
    early = clerk.post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass"})
    assert early.status_code == 409 and "delegated to prov-shanxi-2" in early.get_json()["error"]["message"]
    assert colleague.post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "maybe"}).status_code == 400
    filled = colleague.post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass", "reasons": "材料齐全。"})
    assert filled.status_code == 200, filled.get_json()
    assert filled.get_json()["case"]["stage"] == "initial_review"  # the case did not move

    back = clerk.get(f"/api/v1/tasks/{task_id}").get_json()
    assert back["delegation_state"] == "returned" and back["assignee"] == "prov-shanxi"
    assert back["filled_in"] == {"decision": "pass", "reasons": "材料齐全。"}
    assert detail["filled_in"] is None
    assert mine(colleague, case_id) == [] and mine(clerk, case_id) == [task_id]
    assert any(n["kind"] == "task_delegation_returned" for n in clerk.get("/api/v1/notifications").get_json()["items"])
    with app.app_context():
        from models import Draft
        draft = Draft.query.filter_by(task_id=task_id).one()
        assert (draft.saved_by, draft.data["decision"]) == ("prov-shanxi-2", "pass")
    again = colleague.post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass"})
    assert again.status_code == 409  # no longer theirs to fill in

    done = clerk.post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass"})
    assert done.status_code == 200 and done.get_json()["case"]["stage"] == "recommendation"
    assert actions(app, case_id)[-3:] == ["task_delegated", "task_delegation_returned", "task_completed"]
    shape(app, case_id)


def test_a_returned_task_may_be_delegated_again_and_a_pending_one_redirected(app, api, review):
    case_id, task_id = review
    clerk = api("prov-shanxi")
    assert clerk.post(f"/api/v1/tasks/{task_id}/delegate", json={"to": "prov-shanxi-2"}).status_code == 200
    redirected = clerk.post(f"/api/v1/tasks/{task_id}/delegate", json={"to": "prov-shanxi-3", "reason": "二号休假"})
    assert redirected.status_code == 200 and redirected.get_json()["delegated_to"] == "prov-shanxi-3"
    stale = api("prov-shanxi-2").post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass"})
    assert stale.status_code == 409 and "prov-shanxi-3" in stale.get_json()["error"]["message"]
    assert clerk.post(f"/api/v1/tasks/{task_id}/unclaim").status_code == 409  # still with the colleague
    assert api("prov-shanxi-3").post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass"}).status_code == 200
    again = clerk.post(f"/api/v1/tasks/{task_id}/delegate", json={"to": "prov-shanxi-2", "reason": "请再核一遍"})
    assert again.status_code == 200 and again.get_json()["delegation_state"] == "pending"
    assert api("prov-shanxi-2").post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass"}).status_code == 200
    released = clerk.post(f"/api/v1/tasks/{task_id}/unclaim")  # back with the clerk: the group's again
    assert released.status_code == 200 and released.get_json()["delegation_state"] is None
    assert actions(app, case_id).count("task_delegation_returned") == 2


def test_a_delegation_outside_the_office_or_by_a_non_holder_is_refused(app, api, review):
    case_id, task_id = review
    clerk = api("prov-shanxi")
    for to, status in (("prov-chongqing-2", 403), ("app-yuncheng-2", 403), ("nobody-here", 400), ("prov-shanxi", 409)):
        response = clerk.post(f"/api/v1/tasks/{task_id}/delegate", json={"to": to})
        assert response.status_code == status, (to, response.get_json())
        assert response.get_json()["error"]["message"]
    assert api("prov-shanxi-2").post(f"/api/v1/tasks/{task_id}/claim").status_code == 200
    held = clerk.post(f"/api/v1/tasks/{task_id}/delegate", json={"to": "prov-shanxi-3"})
    assert held.status_code == 409 and "held by prov-shanxi-2" in held.get_json()["error"]["message"]
    assert api("prov-henan").post(f"/api/v1/tasks/{task_id}/delegate", json={"to": "prov-shanxi-3"}).status_code == 403
    # the delegate may not hand on what it was given, nor transfer it away while pending
    holder = api("prov-shanxi-2")
    assert holder.post(f"/api/v1/tasks/{task_id}/delegate", json={"to": "prov-shanxi-3"}).status_code == 200
    onward = api("prov-shanxi-3").post(f"/api/v1/tasks/{task_id}/delegate", json={"to": "prov-shanxi"})
    assert onward.status_code == 409
    away = holder.post(f"/api/v1/tasks/{task_id}/transfer", json={"to": "prov-shanxi", "reason": "转办"})
    assert away.status_code == 409 and "delegated" in away.get_json()["error"]["message"]
    assert actions(app, case_id).count("task_delegated") == 1


def test_the_delegates_submission_racing_a_redelegation(app, api, review):
    case_id, task_id = review
    clerk, delegate = api("prov-shanxi"), api("prov-shanxi-2")
    assert clerk.post(f"/api/v1/tasks/{task_id}/delegate", json={"to": "prov-shanxi-2"}).status_code == 200
    barrier, results = threading.Barrier(2), {}

    def run(name, user, url, body):
        barrier.wait()
        response = user.post(url, json=body)
        results[name] = response.status_code

    calls = [("fill", delegate, f"/api/v1/tasks/{task_id}/complete", {"decision": "pass"}),
             ("redelegate", clerk, f"/api/v1/tasks/{task_id}/delegate", {"to": "prov-shanxi-3"})]
    threads = [threading.Thread(target=run, args=c) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    state = clerk.get(f"/api/v1/tasks/{task_id}").get_json()
    if results["fill"] == 200:  # filled in first, then delegated again to the third clerk
        assert results["redelegate"] == 200 and state["delegated_to"] == "prov-shanxi-3"
    else:
        assert results == {"fill": 409, "redelegate": 200}, results
    assert state["delegation_state"] == "pending" and state["delegated_to"] == "prov-shanxi-3"
    with app.app_context():
        db.session.remove()
    shape(app, case_id)


def test_a_step_sent_back_to_opens_again_without_its_old_delegation(app, api, review):
    case_id, task_id = review
    clerk = api("prov-shanxi")
    assert clerk.post(f"/api/v1/tasks/{task_id}/delegate", json={"to": "prov-shanxi-2"}).status_code == 200
    assert api("prov-shanxi-2").post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass"}).status_code == 200
    assert clerk.post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass"}).status_code == 200
    recalled = clerk.post(f"/api/v1/tasks/{task_id}/recall")
    assert recalled.status_code == 200, recalled.get_json()
    detail = clerk.get(f"/api/v1/tasks/{task_id}").get_json()
    assert (detail["assignee"], detail["delegation_state"], detail["delegated_to"]) == ("prov-shanxi", None, None)
    shape(app, case_id)
