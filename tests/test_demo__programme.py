"""The living demo as a visitor finds it after `flask --app wsgi init-db --demo` on a fresh
database: every demo account has work, every stage of the programme has a case, and the public
pages show the notice, the certified zone and the revoked one. The command runs for real, in
a process of its own, on a second database next to the suite's (tests/helpers/living_demo.py)."""
import re

import pytest

from engine import clock
from engine.casework import cases, worklist
from engine.errors import Forbidden
from engine.plans import work
from engine.scoring import records
from models import Case, HumanTask, Objection, Round, User, db
from models.decisions import DocumentKind, OfficialDocument
from models.experience import SupportMeasure
from models.plans import Plan, PlanReport
from seeds import demo
from seeds.programme import script
from tests.helpers.living_demo import demo_app, demo_database, init_db_demo

# README's accounts that no demo can give inbox work: the administrator acts in no lane of
# the process (definitions, incidents, jobs are its pages), and 禹州市 may not apply (Art 5).
NO_LANE = {"admin", "app-yuzhou"}
STAGES = {  # region → (stage, its open tasks) when the demo stops
    "大同市": ("initial_review", ["amendment"]), "太原市": ("initial_review", ["initial_review"]),
    "渝北区": ("recommendation", ["recommendation"]), "运城市": ("creation", ["creation_report"]),
    "永川区": ("creation", ["creation_report"]), "许昌市": ("creation", ["creation_report"]),
    "杨浦区": ("self_assessment", ["evaluation_application"]),
    "郑州市": ("evaluation_prereview", ["evaluation_prereview"]),
    "洛阳市": ("evaluation", ["expert_scoring"] * 3), "江北区": ("self_assessment", ["reapplication_decision"]),
    "徐汇区": ("public_notice", ["objection_verification"]),
    "浦东新区": ("supervision", ["province_supervision", "supervision_check"]), "开封市": ("revoked", []),
    "长治市": ("rejected", []),
}


@pytest.fixture(scope="module")
def built(database_url, tmp_path_factory):
    directory = tmp_path_factory.mktemp("demo")
    url = demo_database(database_url, directory)
    out = init_db_demo(url, directory / "files")
    app = demo_app(url, directory / "files")
    with app.app_context():
        clock.clock.refresh()  # the offset is the demo database's
        yield {"app": app, "out": out, "url": url, "files": directory / "files"}
        db.session.remove()


def user(name):
    return User.query.filter_by(username=name).one()


def by_region():
    return {c.region.name: c for c in cases.query(user("samr"))}


def test_the_clock_stands_at_the_demo_day(built):
    assert "living demo built in" in built["out"]
    assert clock.local_text(clock.now(), with_time=False) == script.END[:10]
    assert {r.kind for r in Round.query.all()} == {"application", "evaluation"}
    assert [r.name for r in Round.query.filter_by(kind="application").order_by(Round.opens_at)] == [
        script.FIRST, script.SECOND]


def test_every_demo_account_has_work_in_its_inbox(built):
    idle = []
    for username, _, role, _ in demo.ACCOUNTS:
        account = user(username)
        tasks = worklist.page(account)["total"]
        reports = work.work(account).count() if role == "member_unit" else 0
        if not tasks and not reports:
            idle.append(username)
    assert sorted(idle) == sorted(NO_LANE)
    # what 禹州市 sees instead: the open round offered, and a refusal when it applies (Art 5)
    second = [r for r in Round.query.all() if r.kind == "application" and r.is_open(clock.now())]
    assert [r.name for r in second] == [script.SECOND]
    with pytest.raises(Forbidden, match="may not apply on its own"):
        cases.start(user("app-yuzhou"), second[0].id)


def test_every_stage_of_the_programme_has_a_case(built):
    found = {}
    for name, case in by_region().items():
        open_tasks = sorted(t.name for t in HumanTask.query.filter_by(case_id=case.id, completed_at=None))
        found[name] = (case.stage, open_tasks)
    assert found == STAGES


def test_creation_plans_were_imported_and_reported_on_some_late(built):
    now = clock.now()
    for name in ("运城市", "永川区"):
        plan = Plan.query.filter_by(case_id=by_region()[name].id).one()
        reports = PlanReport.query.filter_by(plan_id=plan.id).all()
        assert len(plan.tasks) in (22, 24) and plan.source.startswith("example:")
        filed = [r for r in reports if r.status == "submitted"]
        assert filed and any(r.submitted_at > r.due_at for r in filed)  # some came late
        assert any(r.status == "open" and r.due_at < now for r in reports)  # some are overdue
        assert any(r.status == "open" and r.due_at > now for r in reports)  # the current period
    overdue = work.work(user("unit-yuncheng-counties"), "overdue").all()
    assert overdue and all(r.due_at < now for r in overdue)


def test_evaluation_notice_certification_and_revocation(built):
    regions = by_region()
    experts = {s.source for s in records.current(regions["江北区"].id) if s.source.startswith("expert:")}
    assert experts == {"expert:expert1", "expert:expert2", "expert:expert3"}
    assert Objection.query.filter_by(case_id=regions["徐汇区"].id).count() == 1
    records_done = [t.name for t in HumanTask.query.filter(HumanTask.case_id == regions["浦东新区"].id,
                                                           HumanTask.completed_at.isnot(None))]
    assert {"supervision_check", "province_supervision"} <= set(records_done)
    assert regions["开封市"].status == "closed"


def test_public_pages_show_the_notice_and_the_zones(built):
    client = built["app"].test_client()
    notices = client.get("/api/v1/public/notices").get_json()["items"]
    assert [n["region_name"] for n in notices] == ["徐汇区"]
    zones = {z["region_name"]: z["status"] for z in client.get("/api/v1/public/zones").get_json()["items"]}
    assert zones == {"浦东新区": "certified", "开封市": "revoked"}
    page = client.get("/public/").get_data(as_text=True)
    assert "徐汇区" in page and "浦东新区" in page and "开封市" in page
    zones_page = client.get("/public/zones").get_data(as_text=True)
    assert len(re.findall(r"国市监网监〔2024〕\d+号", zones_page)) >= 2  # both certifications, numbered by the engine


def test_the_zones_experience_and_support_are_shown(built):
    """Art 19–22 in the demo: Pudong's experience in the public library, its pilot on its case;
    Kaifeng stated its case before SAMR revoked it."""
    client = built["app"].test_client()
    library = client.get("/api/v1/public/experiences").get_json()["items"]
    assert [e["region_name"] for e in library] == ["浦东新区"]
    assert library[0]["title"] in client.get("/public/experiences").get_data(as_text=True)
    pudong = by_region()["浦东新区"]
    assert [m.kind for m in SupportMeasure.query.filter_by(case_id=pudong.id)] == ["pilot"]
    kaifeng = by_region()["开封市"]
    done = {t.name for t in HumanTask.query.filter(HumanTask.case_id == kaifeng.id, HumanTask.completed_at.isnot(None))}
    assert {"rectification_report", "revocation_statement", "revocation_decision"} <= done


def test_a_second_run_leaves_the_programme_as_it_is(built):
    before = db.session.query(Case.id).count()
    db.session.rollback()  # SQLite: our transactions begin IMMEDIATE, and would hold the lock
    out = init_db_demo(built["url"], built["files"])
    assert "left as it is" in out
    db.session.expire_all()
    assert db.session.query(Case.id).count() == before
    clock.clock.refresh()
    assert clock.local_text(clock.now(), with_time=False) == script.END[:10]  # time was not moved


def test_the_programme_issued_a_document_of_every_kind(built):
    """Letters and decisions with their numbers (文号), one of each kind at least."""
    kinds = {d.kind for d in OfficialDocument.query}
    assert set(DocumentKind) <= kinds
    assert all(d.number for d in OfficialDocument.query)


def test_first_round_cases_run_under_the_trial_measures_the_second_under_the_current(built):
    regions = by_region()
    assert regions["运城市"].measures == "2022-trial" and regions["开封市"].measures == "2022-trial"
    assert regions["渝北区"].measures == "2024" and regions["太原市"].measures == "2024"
