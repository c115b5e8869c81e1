"""Process analytics on the adjustable clock: ten cases wait known times at the initial
review, across the National Day holiday (国庆, 1–7 October 2026, with Saturday 10 October a
swapped working day), and the figures per step and the paths taken come out as counted by hand."""
from datetime import datetime, timedelta

import pytest

from engine.analytics import steps
from engine.clock import CHINA
from models import User, db
from tests.helpers.api_journey import APPLICATION, open_task

T0 = datetime(2026, 9, 28, 9, 0, tzinfo=CHINA)  # a Monday
APPLICANTS = {"app-yuncheng": "prov-shanxi", "app-yongchuan": "prov-chongqing",
              "app-yangpu": "prov-shanghai", "app-xuchang": "prov-henan"}
# days each case waits at the initial review; the last three are returned for amendment
WAITS = [1, 2, 3, 5, 8, 10, 11, 12, 13, 15]
# working days after Monday 28 Sep up to each end day: 29, 30 Sep; then nothing until
# Thu 8 Oct, Fri 9, Sat 10 (swapped), Mon 12, Tue 13
WORKING = [1, 2, 2, 2, 2, 3, 4, 5, 5, 7]


def set_clock(samr, moment):
    assert samr.post("/api/v1/admin/clock", json={"set": moment.isoformat()}).status_code == 200


def rounds(samr, n):
    made = []
    for i in range(n):
        response = samr.post("/api/v1/rounds", json={
            "kind": "application", "name": f"分析批次{i + 1}", "opens_at": (T0 - timedelta(days=1)).isoformat(),
            "closes_at": (T0 + timedelta(days=60)).isoformat()})
        assert response.status_code == 201, response.get_json()
        made.append(response.get_json()["id"])
    return made


def start_ten(api):
    """Ten cases applied at T0 (four regions, three rounds): [(case id, province user)]."""
    users = {name: api(name) for name in ("samr", *APPLICANTS, *APPLICANTS.values())}
    samr = users["samr"]
    set_clock(samr, T0)
    cases = []
    for round_id in rounds(samr, 3):
        for applicant, province in APPLICANTS.items():
            if len(cases) == len(WAITS):
                break
            user = users[applicant]
            response = user.post("/api/v1/cases", json={"round_id": round_id})
            assert response.status_code == 201, response.get_json()
            case_id = response.get_json()["id"]
            task = open_task(user, "application", case_id)
            assert user.post(f"/api/v1/tasks/{task['id']}/complete", json=APPLICATION).status_code == 200
            cases.append((case_id, users[province]))
    return users, cases


def review_in_turn(samr, cases):
    for i, ((case_id, province), wait) in enumerate(zip(cases, WAITS, strict=True)):
        set_clock(samr, T0 + timedelta(days=wait))
        data = ({"decision": "pass"} if i < 7 else
                {"decision": "return", "reasons": "材料不全。", "amend_deadline": "2026-12-31"})
        task = open_task(province, "initial_review", case_id)
        response = province.post(f"/api/v1/tasks/{task['id']}/complete", json=data)
        assert response.status_code == 200, response.get_json()


@pytest.fixture
def reviewed(api, app):
    users, cases = start_ten(api)
    # the reviews opened at the end of each application, seconds after T0: align them
    with app.app_context():
        from models import HumanTask
        HumanTask.query.filter_by(name="initial_review").update({"created_at": T0})
        db.session.commit()
    review_in_turn(users["samr"], cases)
    return cases


def figures(app, username="samr", **filters):
    with app.app_context():
        return steps.analytics(User.query.filter_by(username=username).one(), "zone_lifecycle", **filters)


def test_medians_and_p90_in_calendar_and_working_days(app, reviewed):
    result = figures(app)
    items = {i["element"]: i for i in result["items"]}
    review = items["initial_review"]
    assert review["passed"] == 10 and review["waiting_now"] == 0
    assert review["median_days"] == pytest.approx((8 + 10) / 2, abs=0.01)
    assert review["p90_days"] == pytest.approx(13, abs=0.01)  # nearest rank: the ninth of ten
    assert review["median_working_days"] == (2 + 3) / 2
    assert review["p90_working_days"] == 5
    assert items["recommendation"]["waiting_now"] == 7 and items["recommendation"]["passed"] == 0
    assert items["amendment"]["waiting_now"] == 3
    assert items["application"]["passed"] == 10
    # the call activity on the main diagram: every case is still inside it
    containers = {c["element"]: c for c in result["containers"]}
    assert containers["call_application"]["waiting_now"] == 10
    assert containers["call_application"]["passed"] == 0


def test_paths_taken(app, reviewed):
    taken = {f["id"]: f["taken"] for f in figures(app)["flows"]}
    assert taken["Flow_start_init_case"] == taken["Flow_init_case_call_application"] == 10
    assert taken["Flow_start_application"] == taken["Flow_application_initial_review"] == 10
    assert taken["Flow_initial_review_gw_initial_review"] == 10
    assert taken["Flow_gw_initial_review_recommendation"] == 7
    assert taken["Flow_gw_initial_review_amendment"] == 3
    assert "Flow_gw_initial_review_record_rejected" not in taken


def test_overdue_and_period_and_province(app, reviewed):
    overdue = figures(app)  # the reviews' due dates come from the diagram (working days)
    with app.app_context():
        from models import HumanTask
        late = sum(1 for r in HumanTask.query.filter_by(name="initial_review")
                   if r.due_at is not None and r.completed_at > r.due_at)
    assert {i["element"]: i for i in overdue["items"]}["initial_review"]["overdue"] == late
    early = figures(app, start=T0, end=T0 + timedelta(days=4))
    assert {i["element"]: i for i in early["items"]}["initial_review"]["passed"] == 3
    with app.app_context():
        shanxi = User.query.filter_by(username="prov-shanxi").one().roles[0].org_id
    own = figures(app, "prov-shanxi")
    assert {i["element"]: i for i in own["items"]}["application"]["passed"] == 3  # its three of ten
    assert figures(app, province_id=shanxi)["items"] == own["items"]
