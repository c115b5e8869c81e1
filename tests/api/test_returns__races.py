"""Send-back and recall racing other moves on the same case, two requests released at the
same moment (threads, the server's own case lock: a row lock on PostgreSQL, BEGIN IMMEDIATE
on SQLite). One wins, the other gets 409 with a message, and the case is exactly as the
winner left it: the inbox rows match the saved workflow, nothing is lost or doubled."""
import threading

from models import AuditEvent, db
from tests.helpers.api_journey import APPLICATION, REGIONS, complete, open_task, round_id
from tests.helpers.case_consistency import shape

REASON = "材料不全，退回补充。"


def start(applicant):
    """A case with its application submitted: (case id, the application task's id)."""
    response = applicant.post("/api/v1/cases", json={"round_id": round_id(applicant)})
    assert response.status_code == 201, response.get_json()
    case_id = response.get_json()["id"]
    task_id = open_task(applicant, "application", case_id)["id"]
    complete(applicant, "application", case_id, APPLICATION)
    return case_id, task_id


def race(*calls):
    """Post (name, user, url, body) calls at once; {name: (status, body)}."""
    barrier, results = threading.Barrier(len(calls)), {}

    def run(name, user, url, body):
        barrier.wait()
        response = user.post(url, json=body)
        results[name] = (response.status_code, response.get_json())

    threads = [threading.Thread(target=run, args=item) for item in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def outcome(results):
    """The winner's name, after checking that exactly one won and the other got a 409."""
    codes = sorted(status for status, _ in results.values())
    assert codes == [200, 409], results
    loser = next(body for status, body in results.values() if status == 409)
    assert loser["error"]["code"] == "conflict" and loser["error"]["message"], loser
    return next(name for name, (status, _) in results.items() if status == 200)


def actions(app, case_id, *names):
    with app.app_context():
        return [e.action for e in AuditEvent.query.filter(AuditEvent.case_id == case_id,
                                                          AuditEvent.action.in_(names)).order_by(AuditEvent.id)]


def test_a_send_back_racing_a_completion_of_the_same_review(app, api):
    for applicant, clerk in REGIONS.items():
        case_id, _ = start(api(applicant))
        review = open_task(api(clerk), "initial_review", case_id)["id"]
        sender, reviewer = api(clerk), api(clerk)  # two sessions of the bureau
        winner = outcome(race(
            ("return", sender, f"/api/v1/tasks/{review}/return", {"to": "application", "reason": REASON}),
            ("complete", reviewer, f"/api/v1/tasks/{review}/complete", {"decision": "pass"})))
        case = shape(app, case_id)  # inbox and workflow agree
        moved = actions(app, case_id, "task_returned", "task_completed")
        if winner == "return":
            assert case["stage"] == "application" and moved == ["task_completed", "task_returned"]
            assert [name for name, is_open, _ in case["tasks"] if is_open] == ["application"]
        else:
            assert case["stage"] == "recommendation" and moved == ["task_completed", "task_completed"]
            assert [name for name, is_open, _ in case["tasks"] if is_open] == ["recommendation"]


def test_a_send_back_racing_the_applicants_recall_of_the_same_application(app, api):
    for applicant, clerk in REGIONS.items():
        user = api(applicant)
        case_id, application = start(user)
        review = open_task(api(clerk), "initial_review", case_id)["id"]
        province = api(clerk)
        winner = outcome(race(
            ("return", province, f"/api/v1/tasks/{review}/return", {"to": "application", "reason": REASON}),
            ("recall", user, f"/api/v1/tasks/{application}/recall", None)))
        case = shape(app, case_id)
        assert case["stage"] == "application"
        assert [(name, is_open) for name, is_open, _ in case["tasks"]] == [("application", True), ("initial_review", False)]
        reopened = user.get(f"/api/v1/tasks/{application}").get_json()
        assert reopened["assignee"] == (None if winner == "return" else applicant)
        assert reopened["reopened"]["kind"] == {"return": "returned", "recall": "recalled"}[winner]
        assert actions(app, case_id, "task_returned", "task_recalled") == [
            {"return": "task_returned", "recall": "task_recalled"}[winner]]


def test_a_recall_racing_the_claim_of_the_next_step(app, api):
    for applicant, clerk in REGIONS.items():
        user = api(applicant)
        case_id, application = start(user)
        review = open_task(api(clerk), "initial_review", case_id)["id"]
        province = api(clerk)
        winner = outcome(race(
            ("recall", user, f"/api/v1/tasks/{application}/recall", None),
            ("claim", province, f"/api/v1/tasks/{review}/claim", None)))
        case = shape(app, case_id)
        open_rows = [name for name, is_open, _ in case["tasks"] if is_open]
        if winner == "recall":
            assert (case["stage"], open_rows) == ("application", ["application"])
            assert actions(app, case_id, "task_recalled", "task_claimed") == ["task_recalled"]
        else:
            assert (case["stage"], open_rows) == ("initial_review", ["initial_review"])
            assert open_task(province, "initial_review", case_id)["assignee"] == clerk
            assert actions(app, case_id, "task_recalled", "task_claimed") == ["task_claimed"]
    with app.app_context():
        db.session.remove()
