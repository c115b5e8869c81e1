"""Who sees which task and case, per role and region, as each user's inbox and case list
show it: an applicant sees only its own region's tasks, an expert only the cases assigned to
them, a member unit only its city's tasks; only a region's own office (or an administrator)
manages its creation plan."""
import uuid

import pytest

from engine import access, clock
from models import Case, CaseCopy, HumanTask, Org, User, db
from tests.helpers.api_journey import round_id


def _start(api, applicant):
    """A case the applicant has started: its application task is open in the applicant lane."""
    user = api(applicant)
    response = user.post("/api/v1/cases", json={"round_id": round_id(user)})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _task_ids(user, **query):
    url = "/api/v1/tasks?per_page=500" + "".join(f"&{k}={v}" for k, v in query.items())
    return {t["id"] for t in user.get(url).get_json()["items"]}


def _case_ids(user):
    return {c["id"] for c in user.get("/api/v1/cases?per_page=100").get_json()["items"]}


def _task_row(app, case_id, role, assignee=None, name="test_step"):
    """A task of `case_id` in the lane `role` (as the engine would write it for a step there)."""
    with app.app_context():
        case = db.session.get(Case, case_id)
        task = HumanTask(case_id=case_id, task_guid=str(uuid.uuid4()), name=name, title="测试步骤", role=role,
                         region_id=case.region_id, province_id=case.province_id, form="note",
                         created_at=clock.now(),
                         assignee_id=User.query.filter_by(username=assignee).one().id if assignee else None)
        db.session.add(task)
        db.session.commit()
        return task.id


def _application_task(app, case_id):
    with app.app_context():
        return HumanTask.query.filter_by(case_id=case_id, role="applicant", completed_at=None).one().id


def test_an_applicant_of_another_region_neither_sees_nor_opens_the_application_task(app, api):
    yuncheng_case, yangpu_case = _start(api, "app-yuncheng"), _start(api, "app-yangpu")
    yuncheng_task, yangpu_task = _application_task(app, yuncheng_case), _application_task(app, yangpu_case)
    yangpu = api("app-yangpu")
    assert _task_ids(yangpu) == {yangpu_task}
    assert yangpu.get(f"/api/v1/tasks/{yuncheng_task}").status_code == 403
    assert yangpu.post(f"/api/v1/tasks/{yuncheng_task}/claim").status_code == 403
    assert _task_ids(api("app-yuncheng")) == {yuncheng_task}
    # a province never holds the applicant's step, not even its own region's
    assert _task_ids(api("prov-shanxi")) == set()
    assert api("samr").get(f"/api/v1/tasks/{yuncheng_task}").status_code == 403


def test_an_expert_sees_the_cases_assigned_to_them_and_no_other(app, api):
    mine, theirs, nobodys = _start(api, "app-yuncheng"), _start(api, "app-yangpu"), _start(api, "app-yongchuan")
    my_task = _task_row(app, mine, "expert", assignee="expert1")
    their_task = _task_row(app, theirs, "expert", assignee="expert2")
    open_task = _task_row(app, nobodys, "expert")  # a pool task any expert may claim
    expert1 = api("expert1")
    assert _case_ids(expert1) == {mine}
    assert expert1.get(f"/api/v1/cases/{mine}").status_code == 200
    assert expert1.get(f"/api/v1/cases/{theirs}").status_code == 403
    assert _task_ids(expert1) == {my_task, open_task}
    assert expert1.get(f"/api/v1/tasks/{their_task}").status_code == 403
    assert _case_ids(api("expert2")) == {theirs}
    assert _case_ids(api("expert3")) == set()


def test_a_member_unit_sees_its_own_citys_tasks_only(app, api):
    yuncheng, yongchuan = _start(api, "app-yuncheng"), _start(api, "app-yongchuan")
    yuncheng_task = _task_row(app, yuncheng, "member_unit")
    yongchuan_task = _task_row(app, yongchuan, "member_unit")
    unit = api("unit-yuncheng-commerce")
    assert _task_ids(unit) == {yuncheng_task}
    assert unit.get(f"/api/v1/tasks/{yongchuan_task}").status_code == 403
    assert unit.get(f"/api/v1/tasks/{yuncheng_task}").status_code == 200
    assert _case_ids(unit) == {yuncheng}
    assert _task_ids(api("unit-yongchuan-amr")) == {yongchuan_task}


def test_a_province_sees_its_own_provinces_tasks_and_samr_all_of_its_lane(app, api):
    shanxi, shanghai = _start(api, "app-yuncheng"), _start(api, "app-yangpu")
    shanxi_task, shanghai_task = _task_row(app, shanxi, "province"), _task_row(app, shanghai, "province")
    samr_tasks = {_task_row(app, shanxi, "samr"), _task_row(app, shanghai, "samr")}
    assert _task_ids(api("prov-shanxi")) == {shanxi_task}
    assert api("prov-shanxi").get(f"/api/v1/tasks/{shanghai_task}").status_code == 403
    assert _task_ids(api("prov-shanghai")) == {shanghai_task}
    assert _task_ids(api("samr")) == samr_tasks
    assert _case_ids(api("prov-shanxi")) == {shanxi}
    assert _case_ids(api("samr")) == _case_ids(api("admin")) == {shanxi, shanghai}


@pytest.fixture
def nobody(app):
    """An account that holds no role (e.g. one whose roles an administrator removed)."""
    with app.app_context():
        user = User(username="no-roles", display_name="无角色")
        user.set_password("demo-password")
        db.session.add(user)
        db.session.commit()
    yield "no-roles"
    with app.app_context():
        User.query.filter_by(username="no-roles").delete()
        db.session.commit()


def test_only_the_regions_own_office_or_an_administrator_manages_its_plan(app, api, nobody):
    case_id = _start(api, "app-yuncheng")
    with app.app_context():
        case = db.session.get(Case, case_id)
        manages = {name: access.may_manage_plan(User.query.filter_by(username=name).one(), case)
                   for name in ("app-yuncheng", "admin", "app-yangpu", "prov-shanxi", "samr", nobody)}
        views = {name: access.may_view_plan(User.query.filter_by(username=name).one(), case)
                 for name in ("app-yuncheng", "prov-shanxi", "samr", "prov-shanghai", "app-yangpu", nobody)}
    assert manages == {"app-yuncheng": True, "admin": True, "app-yangpu": False, "prov-shanxi": False,
                       "samr": False, nobody: False}
    assert views == {"app-yuncheng": True, "prov-shanxi": True, "samr": True, "prov-shanghai": False,
                     "app-yangpu": False, nobody: False}
    assert _task_ids(api(nobody)) == set() and _case_ids(api(nobody)) == set()


def test_a_member_unit_reports_only_for_its_own_unit(app):
    with app.app_context():
        unit = User.query.filter_by(username="unit-yuncheng-commerce").one()
        own = Org.query.filter_by(code="yuncheng-commerce").one().id
        other = Org.query.filter_by(code="yuncheng-amr").one().id
        assert access.unit_ids(unit) == [own]
        assert access.may_report_for(unit, own) and not access.may_report_for(unit, other)
        assert access.unit_ids(User.query.filter_by(username="app-yuncheng").one()) == []


def test_an_applicant_lists_and_opens_its_own_regions_cases_only(api):
    own, other = _start(api, "app-yuncheng"), _start(api, "app-yangpu")
    yuncheng = api("app-yuncheng")
    assert _case_ids(yuncheng) == {own}
    assert yuncheng.get(f"/api/v1/cases/{own}").status_code == 200
    assert yuncheng.get(f"/api/v1/cases/{other}").status_code == 403


def test_a_case_copied_to_someone_is_visible_to_them_alone(app, api):
    copied, kept = _start(api, "app-yuncheng"), _start(api, "app-xuchang")
    with app.app_context():
        users = {u.username: u.id for u in User.query.filter(User.username.in_(["prov-shanghai", "prov-shanxi"]))}
        db.session.add(CaseCopy(case_id=copied, user_id=users["prov-shanghai"], by_id=users["prov-shanxi"],
                                at=clock.now()))
        db.session.commit()
    shanghai = api("prov-shanghai")
    assert _case_ids(shanghai) == {copied}
    assert shanghai.get(f"/api/v1/cases/{copied}").status_code == 200
    assert shanghai.get(f"/api/v1/cases/{kept}").status_code == 403
    assert _case_ids(api("prov-chongqing")) == set()


def test_each_lane_acts_on_its_own_tasks(app, api):
    shanxi = _start(api, "app-yuncheng")
    tasks = {role: _task_row(app, shanxi, role, name=f"step_{role}") for role in ("province", "samr", "expert")}
    assigned = _task_row(app, shanxi, "expert", assignee="expert1", name="step_assigned")
    assert api("prov-shanxi").get(f"/api/v1/tasks/{tasks['province']}").status_code == 200
    assert api("samr").get(f"/api/v1/tasks/{tasks['samr']}").status_code == 200
    assert api("expert2").get(f"/api/v1/tasks/{tasks['expert']}").status_code == 200
    assert api("expert1").get(f"/api/v1/tasks/{assigned}").status_code == 200
    assert api("expert2").get(f"/api/v1/tasks/{assigned}").status_code == 403
    assert api("samr").get(f"/api/v1/tasks/{tasks['province']}").status_code == 403


@pytest.fixture
def people(app):
    """Accounts beyond the demo's: an expert of the Shanxi bureau, and one person who is both
    an expert and a clerk of the Shanxi bureau (in that order)."""
    from models import RoleMembership
    with app.app_context():
        shanxi = Org.query.filter_by(code="shanxi").one()
        for username, roles in (("expert-shanxi", ["expert"]), ("expert-and-clerk", ["expert", "province"])):
            user = User(username=username, display_name=username)
            user.set_password("demo-password")
            user.roles.extend(RoleMembership(role=role, org_id=shanxi.id) for role in roles)
            db.session.add(user)
        db.session.commit()
    yield
    with app.app_context():
        for username in ("expert-shanxi", "expert-and-clerk"):
            user = User.query.filter_by(username=username).one()
            HumanTask.query.filter_by(assignee_id=user.id).update({"assignee_id": None})
            db.session.delete(user)
        db.session.commit()


def test_an_expert_of_a_provincial_bureau_is_an_expert_like_any_other(app, api, people):
    case_id = _start(api, "app-yangpu")
    mine = _task_row(app, case_id, "expert", assignee="expert-shanxi")
    _task_row(app, case_id, "member_unit")  # member units' work is not theirs
    expert = api("expert-shanxi")
    assert _task_ids(expert) == {mine}
    assert _case_ids(expert) == {case_id}


def test_a_person_holding_two_roles_acts_in_both(app, api, people):
    case_id = _start(api, "app-yuncheng")
    review = _task_row(app, case_id, "province")
    scoring = _task_row(app, case_id, "expert", assignee="expert-and-clerk", name="score")
    both = api("expert-and-clerk")
    assert _task_ids(both) == {review, scoring}
    assert both.get(f"/api/v1/tasks/{review}").status_code == 200
    assert both.get(f"/api/v1/tasks/{scoring}").status_code == 200
