"""Supervision of certified zones (Art 22), the time-driven side: an open check-record
task gets a due date once the check interval (a setting) has passed since it opened;
overdue checks are then reminded and the province's escalated to SAMR. Runs on the
real bpmn/zone_supervision.bpmn process, started on its own."""
from datetime import timedelta

import pytest

from engine import clock, thresholds
from engine.scheduling import escalation, supervision
from models import AuditEvent, HumanTask, Notification, db
from tests.helpers.scheduler_harness import start_case


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


def open_checks(case_id):
    return {t.name: t for t in HumanTask.query.filter(
        HumanTask.case_id == case_id, HumanTask.completed_at.is_(None),
        HumanTask.name.in_(supervision.CHECK_TASKS))}


def test_checks_fall_due_after_the_interval_and_escalate_when_overdue(ctx):
    case_id = start_case(key="zone_supervision")
    checks = open_checks(case_id)
    assert set(checks) == {"supervision_check", "province_supervision"}
    assert all(t.due_at is None for t in checks.values())
    opened = checks["supervision_check"].created_at

    clock.clock.set(thresholds.after("supervision.check_interval", opened) - timedelta(minutes=1))
    assert supervision.run()["checks_due"] == []
    clock.clock.advance(timedelta(minutes=2))
    called = supervision.run()["checks_due"]
    assert sorted(c["task_id"] for c in called) == sorted(t.id for t in checks.values())
    assert supervision.run()["checks_due"] == []  # once
    checks = open_checks(case_id)
    due = checks["supervision_check"].due_at
    assert abs(due - thresholds.after("supervision.response_period", clock.now())) < timedelta(seconds=5)
    notes = Notification.query.filter_by(case_id=case_id, kind="supervision_check_due").all()
    assert sorted((n.role, n.org_id is None) for n in notes) == [("province", False), ("samr", True)]
    assert AuditEvent.query.filter_by(case_id=case_id, action="supervision_check_due").count() == 2

    clock.clock.set(thresholds.after("escalation.grace", due) + timedelta(minutes=1))
    sent = escalation.run()
    assert len(sent["reminded"]) == 2
    assert [(e["task_id"], e["role"]) for e in sent["escalated"]] == [(checks["province_supervision"].id, "samr")]


def test_a_recorded_check_opens_the_next_period(ctx):
    from engine.casework import tasks
    from models import User
    case_id = start_case(key="zone_supervision")
    check = open_checks(case_id)["supervision_check"].id
    clock.clock.advance(timedelta(days=200))
    samr = User.query.filter_by(username="samr").one()
    tasks.complete(samr, check, {"record_kind": "check", "finding": "normal",
                                 "occurred_on": clock.now().date().isoformat(), "description": "检查正常"})
    decision = HumanTask.query.filter_by(case_id=case_id, name="supervision_decision", completed_at=None).one()
    tasks.complete(samr, decision.id, {"decision": "none"})
    next_check = open_checks(case_id)["supervision_check"].id
    assert next_check != check

    clock.clock.advance(timedelta(days=200))  # 400 days after start, 200 after the check
    due_ids = {c["task_id"] for c in supervision.run()["checks_due"]}
    assert due_ids == {open_checks(case_id)["province_supervision"].id}
