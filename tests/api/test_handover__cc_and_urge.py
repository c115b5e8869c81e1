"""抄送 and 催办. A copy lets each named user read the case (list, page, API) and notifies
them, nothing more; an unknown name changes nothing. Urging comes from the role above the
task's, reaches its holders, and at most once an hour per task."""
import threading

import pytest

from models import AuditEvent, CaseCopy, Notification
from tests.helpers import colleagues
from tests.helpers.api_journey import apply, open_task, round_id
from tests.helpers.page_client import login

NOTE = "请知悉。"


@pytest.fixture
def case_id(app, api):
    colleagues.ensure(app)
    return apply(api("app-yuncheng"))


def counts(app, case_id):
    with app.app_context():
        return (CaseCopy.query.filter_by(case_id=case_id).count(),
                Notification.query.filter_by(case_id=case_id, kind="case_cc").count(),
                AuditEvent.query.filter_by(case_id=case_id, action="case_copied").count())


def kinds(user, case_id, kind):
    return [n for n in user.get(f"/api/v1/notifications?case_id={case_id}").get_json()["items"] if n["kind"] == kind]


def test_a_copy_lets_the_named_users_read_the_case_and_nothing_else(app, api, case_id):
    outsider = api("app-yangpu")  # another province's applicant
    assert outsider.get(f"/api/v1/cases/{case_id}").status_code == 403
    response = api("prov-shanxi").post(f"/api/v1/cases/{case_id}/cc", json={"users": ["app-yangpu", "prov-henan"],
                                                                             "note": NOTE})
    assert response.status_code == 201, response.get_json()
    assert [(c["username"], c["by"], c["note"]) for c in response.get_json()["items"]] == [
        ("app-yangpu", "prov-shanxi", NOTE), ("prov-henan", "prov-shanxi", NOTE)]
    assert outsider.get(f"/api/v1/cases/{case_id}").status_code == 200
    assert case_id in [c["id"] for c in outsider.get("/api/v1/cases").get_json()["items"]]
    assert login(app.test_client(), "app-yangpu").get(f"/cases/{case_id}").status_code == 200
    assert kinds(outsider, case_id, "case_cc")[0]["detail"] == {"by": "prov-shanxi", "note": NOTE}
    # reading only: the review stays out of reach, and a copy cannot be passed on
    review = open_task(api("prov-shanxi"), "initial_review", case_id)["id"]
    assert api("prov-henan").post(f"/api/v1/tasks/{review}/claim").status_code == 403
    assert api("prov-henan").get(f"/api/v1/tasks?case_id={case_id}").get_json()["items"] == []
    onward = api("prov-henan").post(f"/api/v1/cases/{case_id}/cc", json={"users": ["prov-chongqing"]})
    assert onward.status_code == 403 and "may read this case but not act" in onward.get_json()["error"]["message"]
    assert api("prov-chongqing").get(f"/api/v1/cases/{case_id}").status_code == 403
    # copying again to the same user adds no second grant; the applicant office may copy too
    again = api("app-yuncheng").post(f"/api/v1/cases/{case_id}/cc", json={"users": ["app-yangpu"]})
    assert again.status_code == 201 and len(again.get_json()["items"]) == 2
    assert counts(app, case_id) == (2, 3, 2)


@pytest.mark.parametrize(("users", "says"), [
    (["app-yangpu", "nobody-such"], "nobody-such"),
    ([], "users"),
    ([f"user{i}" for i in range(21)], "users"),
    ([""], "users"),
])
def test_a_copy_with_a_bad_list_is_refused_and_nothing_is_copied(app, api, case_id, users, says):
    response = api("prov-shanxi").post(f"/api/v1/cases/{case_id}/cc", json={"users": users})
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert says in error["message"] + str(error["fields"])
    assert counts(app, case_id) == (0, 0, 0)
    assert api("app-yangpu").get(f"/api/v1/cases/{case_id}").status_code == 403


def test_only_who_may_act_on_the_case_copies_it(app, api, case_id):
    body = {"users": ["app-yangpu"]}
    assert api("prov-chongqing").post(f"/api/v1/cases/{case_id}/cc", json=body).status_code == 403
    assert api("app-yongchuan").post(f"/api/v1/cases/{case_id}/cc", json=body).status_code == 403
    assert api("samr").post(f"/api/v1/cases/{case_id}/cc", json=body).status_code == 201
    assert api("admin").post(f"/api/v1/cases/{case_id}/cc", json=body).status_code == 403
    assert api("samr").post("/api/v1/cases/999999/cc", json=body).status_code == 404


def test_samr_urges_a_provinces_review_once_an_hour_and_its_holders_are_told(app, api, case_id):
    samr, clerk, colleague = api("samr"), api("prov-shanxi"), api("prov-shanxi-2")
    review = open_task(clerk, "initial_review", case_id)["id"]
    response = samr.post(f"/api/v1/tasks/{review}/urge", json={"reason": "请尽快完成初审。"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["by"] == "samr" and response.get_json()["task_id"] == review
    for user in (clerk, colleague):  # unclaimed: the whole bureau is told
        assert [n["detail"]["reason"] for n in kinds(user, case_id, "task_urged")] == ["请尽快完成初审。"]
    twice = samr.post(f"/api/v1/tasks/{review}/urge", json={"reason": "再次催办"})
    assert twice.status_code == 409 and "may be urged again from" in twice.get_json()["error"]["message"]

    assert colleague.post(f"/api/v1/tasks/{review}/claim").status_code == 200
    assert samr.post("/api/v1/admin/clock", json={"advance": "PT61M"}).status_code == 200
    assert samr.post(f"/api/v1/tasks/{review}/urge", json={"reason": "再次催办"}).status_code == 201
    assert len(kinds(colleague, case_id, "task_urged")) == 2 and len(kinds(clerk, case_id, "task_urged")) == 1
    with app.app_context():
        assert [e.detail["to"] for e in AuditEvent.query.filter_by(case_id=case_id, action="task_urged")
                .order_by(AuditEvent.id)] == [f"province@{_shanxi()}", "prov-shanxi-2"]

    assert colleague.post(f"/api/v1/tasks/{review}/complete", json={"decision": "pass"}).status_code == 200
    assert samr.post("/api/v1/admin/clock", json={"advance": "PT61M"}).status_code == 200
    done = samr.post(f"/api/v1/tasks/{review}/urge", json={"reason": "催办"})
    assert done.status_code == 409 and "already completed" in done.get_json()["error"]["message"]


def _shanxi():
    from models import Org
    return Org.query.filter_by(code="shanxi").one().id


def test_a_province_urges_its_own_applicants_only_and_no_one_urges_sideways(app, api):
    colleagues.ensure(app)
    applicant = api("app-yuncheng")
    case = applicant.post("/api/v1/cases", json={"round_id": round_id(applicant)}).get_json()
    application = open_task(applicant, "application", case["id"])["id"]
    body = {"reason": "请按时提交申请表。"}
    assert api("prov-shanxi").post(f"/api/v1/tasks/{application}/urge", json=body).status_code == 201
    assert kinds(applicant, case["id"], "task_urged")[0]["detail"]["by"] == "prov-shanxi"
    other = api("prov-chongqing").post(f"/api/v1/tasks/{application}/urge", json=body)
    assert other.status_code == 403 and "another province" in other.get_json()["error"]["message"]
    upward = api("app-yuncheng-2").post(f"/api/v1/tasks/{application}/urge", json=body)
    assert upward.status_code == 403 and "only province or samr" in upward.get_json()["error"]["message"]
    assert api("prov-shanxi").post(f"/api/v1/tasks/{application}/urge", json={}).status_code == 400
    assert api("samr").post("/api/v1/tasks/999999/urge", json=body).status_code == 404
    review_of = apply(api("app-xuchang"))
    review = open_task(api("prov-henan"), "initial_review", review_of)["id"]
    own = api("prov-henan").post(f"/api/v1/tasks/{review}/urge", json=body)
    assert own.status_code == 403 and "only samr" in own.get_json()["error"]["message"]


def test_two_urgings_of_one_task_at_once_send_one_notice(app, api, case_id):
    review = open_task(api("prov-shanxi"), "initial_review", case_id)["id"]
    first, second = api("samr"), api("samr")
    barrier, codes = threading.Barrier(2), []

    def run(user):
        barrier.wait()
        codes.append(user.post(f"/api/v1/tasks/{review}/urge", json={"reason": "请尽快办理。"}).status_code)

    threads = [threading.Thread(target=run, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [201, 409]
    with app.app_context():
        assert Notification.query.filter_by(case_id=case_id, kind="task_urged").count() == 1
        assert AuditEvent.query.filter_by(case_id=case_id, action="task_urged").count() == 1
