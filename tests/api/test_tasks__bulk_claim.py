"""Claiming many tasks at once (`POST /api/v1/tasks/claim`): each task claimed or refused on
its own, with the reason a single claim would give, each claim audited as one."""
import pytest

from models import AuditEvent, HumanTask, Org, RoleMembership, User, db
from tests.helpers.api_journey import REGIONS, apply, open_task

COLLEAGUE = "prov-shanxi-colleague"


@pytest.fixture
def colleague(app, api):
    """A second account of the Shanxi bureau, so that a claim can meet someone else's."""
    with app.app_context():
        bureau = db.session.get(Org, User.query.filter_by(username="prov-shanxi").one().roles[0].org_id)
        user = User(username=COLLEAGUE, display_name="山西省市场监管局 二处")
        user.set_password("demo-password")
        user.roles.append(RoleMembership(role="province", org=bureau))
        db.session.add(user)
        db.session.commit()
    yield api(COLLEAGUE)
    with app.app_context():
        user = User.query.filter_by(username=COLLEAGUE).one()
        HumanTask.query.filter_by(assignee_id=user.id).update({"assignee_id": None})
        db.session.delete(user)
        db.session.commit()


def reviews(api, applicants):
    """One initial review per applicant's case: {applicant: task id}."""
    tasks = {}
    for applicant in applicants:
        case_id = apply(api(applicant))
        tasks[applicant] = open_task(api(REGIONS[applicant]), "initial_review", case_id)["id"]
    return tasks


def test_claims_each_and_says_why_others_are_refused(api, colleague):
    shanxi = api("prov-shanxi")
    taken = open_task(shanxi, "initial_review", apply(api("app-yuncheng")))["id"]
    other_province = reviews(api, ["app-yongchuan"])["app-yongchuan"]
    assert colleague.post(f"/api/v1/tasks/{taken}/claim").status_code == 200
    response = shanxi.post("/api/v1/tasks/claim", json={"ids": [taken, other_province, 999_999]})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["claimed"] == 0 and body["refused"] == 3
    by_id = {i["id"]: i for i in body["items"]}
    assert by_id[taken]["code"] == "conflict" and COLLEAGUE in by_id[taken]["reason"]
    assert by_id[other_province]["code"] == "forbidden"
    assert by_id[999_999]["code"] == "not_found"

    assert colleague.post(f"/api/v1/tasks/{taken}/unclaim").status_code == 200
    response = shanxi.post("/api/v1/tasks/claim", json={"ids": [taken, other_province, taken]})
    body = response.get_json()
    assert [(i["id"], i["result"]) for i in body["items"]] == [(taken, "claimed"), (other_province, "refused")]
    assert open_task(shanxi, "initial_review")["assignee"] == "prov-shanxi"
    # the other province's task is untouched
    assert open_task(api("prov-chongqing"), "initial_review")["assignee"] is None


def test_each_claim_is_its_own_audit_event(app, api):
    tasks = reviews(api, ["app-yuncheng", "app-yangpu", "app-xuchang"])
    response = api("prov-shanxi").post("/api/v1/tasks/claim", json={"ids": list(tasks.values())})
    body = response.get_json()
    assert body["claimed"] == 1 and body["refused"] == 2  # only Shanxi's is the Shanxi bureau's
    with app.app_context():
        claims = AuditEvent.query.filter_by(action="task_claimed").all()
        assert [(e.actor, e.task_name) for e in claims] == [("prov-shanxi", "initial_review")]


def test_a_list_is_bounded(api):
    shanxi = api("prov-shanxi")
    for ids in ([], list(range(1, 102)), [0], [2**40], ["x"], None):
        response = shanxi.post("/api/v1/tasks/claim", json={"ids": ids})
        assert response.status_code == 400, (ids, response.get_json())
        fields = response.get_json()["error"]["fields"]
        assert any(name == "ids" or name.startswith("ids.") for name in fields), fields  # ids.0: the first
    assert shanxi.post("/api/v1/tasks/claim", json={}).status_code == 400
    assert shanxi.post("/api/v1/tasks/claim", json={"ids": list(range(1, 101))}).status_code == 200
