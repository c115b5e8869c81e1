"""Versions and migration on walking-skeleton variants: new cases take the latest version,
running cases stay until moved; a move is previewed, applied per case, audited, or refused."""
from datetime import timedelta

import pytest

from engine.casework import tasks
from engine.definitions import migration
from models import AuditEvent, Case, HumanTask, User, db
from tests.helpers import diagram_variants

APPLICATION = diagram_variants.APPLICATION
PASS = {"decision": "pass"}
RETURN = {"decision": "return", "reasons": "材料不全", "amend_deadline": "2030-06-30"}


def act(case_id, name, username, data):
    user = User.query.filter_by(username=username).one()
    task = HumanTask.query.filter_by(case_id=case_id, name=name, completed_at=None).one()
    tasks.complete(user, task.id, data)


def open_tasks(case_id):
    return sorted(t.name for t in HumanTask.query.filter_by(case_id=case_id, completed_at=None))


PROVINCE = {"app-yuncheng": "prov-shanxi", "app-yongchuan": "prov-chongqing"}


def at_initial_review(applicant="app-yuncheng"):
    case_id = diagram_variants.start(applicant)
    act(case_id, "submit_application", applicant, APPLICATION)
    return case_id


def at_amendment(applicant="app-yuncheng"):
    case_id = at_initial_review(applicant)
    act(case_id, "initial_review", PROVINCE[applicant], RETURN)
    return case_id


def at_creation_approval(applicant="app-yuncheng"):
    case_id = at_initial_review(applicant)
    act(case_id, "initial_review", PROVINCE[applicant], PASS)
    return case_id


def version_of(case_id):
    return db.session.get(Case, case_id).definition.version


def test_new_cases_take_the_latest_version_and_running_ones_keep_theirs(app, versions):
    with app.app_context():
        old = at_initial_review()
        v1 = version_of(old)
        v2 = diagram_variants.deploy(diagram_variants.with_legal_review(diagram_variants.original()))
        new = at_initial_review("app-yongchuan")
        assert (version_of(old), version_of(new)) == (v1, v2) and v2 == v1 + 1
        act(old, "initial_review", "prov-shanxi", PASS)
        act(new, "initial_review", "prov-chongqing", PASS)
        assert open_tasks(old) == ["creation_approval"]
        assert open_tasks(new) == ["legal_review"]
        act(new, "legal_review", "samr", {"decision": "approve"})
        assert open_tasks(new) == ["creation_approval"]


def test_a_case_before_the_change_migrates_and_takes_the_new_step(app, versions):
    with app.app_context():
        case_id = at_initial_review()
        v2 = diagram_variants.deploy(diagram_variants.with_legal_review(diagram_variants.original()))
        preview = migration.preview(diagram_variants.KEY, v2, case_ids=[case_id])
        assert [p["can_migrate"] for p in preview] == [True]
        assert [w["element"] for w in preview[0]["after"]] == ["initial_review"]
        assert version_of(case_id) == v2 - 1  # a preview writes nothing

        _case, report = migration.migrate("admin", case_id, v2)
        assert version_of(case_id) == v2 and report["to_version"] == v2
        event = AuditEvent.query.filter_by(case_id=case_id, action="case_migrated").one()
        assert event.actor == "admin" and event.detail["from_version"] == v2 - 1
        act(case_id, "initial_review", "prov-shanxi", PASS)
        assert open_tasks(case_id) == ["legal_review"]


def test_a_case_past_the_change_moves_but_keeps_its_place(app, versions):
    with app.app_context():
        case_id = at_creation_approval()
        v2 = diagram_variants.deploy(diagram_variants.with_legal_review(diagram_variants.original()))
        _, report = migration.migrate("admin", case_id, v2)
        assert "creation_approval" in report["changed"]  # its incoming flow changed
        assert open_tasks(case_id) == ["creation_approval"]
        act(case_id, "creation_approval", "samr", {"decision": "approve"})
        assert db.session.get(Case, case_id).stage == "creation"


def test_a_shorter_due_applies_to_the_open_task(app, versions):
    with app.app_context():
        case_id = at_initial_review()
        row = HumanTask.query.filter_by(case_id=case_id, completed_at=None).one()
        assert row.due_at - row.created_at == timedelta(days=20)
        v2 = diagram_variants.deploy(diagram_variants.with_initial_review_due(diagram_variants.original(), b"P10D"))
        _, report = migration.migrate("admin", case_id, v2)
        assert report["changed"] == ["initial_review"]
        db.session.refresh(row)
        assert row.due_at - row.created_at == timedelta(days=10)


def test_a_waiting_timer_keeps_its_due_date(app, versions):
    """A case whose deadline timer runs migrates keeping the timer's original due date."""
    with app.app_context():
        case_id = at_amendment()
        due = db.session.get(Case, case_id).next_timer_at
        v2 = diagram_variants.deploy(diagram_variants.with_legal_review(diagram_variants.original()))
        _, report = migration.migrate("admin", case_id, v2)
        assert report["timers_kept"] == ["amendment_deadline"]
        case = db.session.get(Case, case_id)
        assert case.next_timer_at == due and open_tasks(case_id) == ["amend_application"]


def test_removing_an_element_the_case_stands_on_is_refused_and_changes_nothing(app, versions):
    with app.app_context():
        case_id = at_amendment()
        before = db.session.get(Case, case_id).state_json
        v2 = diagram_variants.deploy(diagram_variants.without_amendment_deadline(diagram_variants.original()))
        with pytest.raises(migration.NotMigratable) as refused:
            migration.migrate("admin", case_id, v2)
        assert "amendment_deadline" in refused.value.message
        case = db.session.get(Case, case_id)
        assert case.state_json == before and case.definition.version == v2 - 1


def test_removing_an_element_the_case_passed_is_refused(app, versions):
    """The library would migrate it and write JSON that never loads again."""
    with app.app_context():
        v2 = diagram_variants.deploy(diagram_variants.with_legal_review(diagram_variants.original()))
        case_id = at_creation_approval()
        act(case_id, "legal_review", "samr", {"decision": "approve"})
        v3 = diagram_variants.deploy(diagram_variants.original())
        report = migration.plan(db.session.get(Case, case_id), migration.target_version(diagram_variants.KEY, v3))
        assert not report["can_migrate"] and "legal_review" in report["reason"]
        assert version_of(case_id) == v2


def test_bulk_migration_moves_what_can_move_and_reports_the_rest(app, versions):
    with app.app_context():
        waiting, returned = at_initial_review(), at_amendment("app-yongchuan")
        v1 = version_of(waiting)
        v2 = diagram_variants.deploy(diagram_variants.without_amendment_deadline(diagram_variants.original()))

        preview = {p["case_id"]: p for p in migration.preview(diagram_variants.KEY, v2, from_version=v1)}
        assert preview[waiting]["can_migrate"] and not preview[returned]["can_migrate"]
        assert "amendment_deadline" in preview[returned]["reason"]

        results = {r["case_id"]: r for r in migration.migrate_many("admin", diagram_variants.KEY, v2, from_version=v1)}
        assert results[waiting]["can_migrate"] and not results[returned]["can_migrate"]
        assert (version_of(waiting), version_of(returned)) == (v2, v1)
        refusal = AuditEvent.query.filter_by(case_id=returned, action="case_migration_refused").one()
        assert "amendment_deadline" in refusal.detail["reason"]


def test_only_forward_and_only_open_cases(app, versions):
    with app.app_context():
        case_id = at_creation_approval()
        v1 = version_of(case_id)
        with pytest.raises(migration.NotMigratable, match="only moves forward"):
            migration.migrate("admin", case_id, v1)
        act(case_id, "creation_approval", "samr", {"decision": "decline"})
        v2 = diagram_variants.deploy(diagram_variants.with_legal_review(diagram_variants.original()))
        assert migration.plan(db.session.get(Case, case_id),
                              migration.target_version(diagram_variants.KEY, v2))["reason"] == "the case is closed"
