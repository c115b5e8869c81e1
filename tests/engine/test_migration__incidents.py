"""A timer step that fails: the case is marked errored with the element and message in a
separate transaction, the scheduler goes on with other cases, and after the definition
is fixed and the case migrated, a retry fires the timer."""
from datetime import timedelta

from engine import clock
from engine.definitions import migration
from engine.operations import recovery
from engine.scheduling import timers
from models import AuditEvent, Case, Incident, db
from tests.engine.test_migration__skeleton import at_amendment, open_tasks
from tests.helpers import diagram_variants


def test_a_failing_timer_becomes_an_incident_and_is_retried_after_a_fix(app, versions):
    with app.app_context():
        broken = diagram_variants.deploy(diagram_variants.with_expiry_script(diagram_variants.original()))
        case_id = at_amendment()
        other_case = at_amendment("app-yongchuan")  # on the broken version too
        before = db.session.get(Case, case_id).state_json
        clock.clock.set(db.session.get(Case, case_id).next_timer_at + timedelta(minutes=1))

        assert timers.run_due() == []  # both fail; neither stops the run
        case = db.session.get(Case, case_id)
        assert case.hold == "errored" and case.state_json == before  # nothing half-done
        incident = Incident.query.filter_by(case_id=case_id).one()
        assert (incident.kind, incident.element, incident.definition_version) == (
            "timer", "expiry_note", broken)
        assert "missing_note" in incident.message
        assert timers.due_case_ids(clock.now()) == []  # errored cases wait for the administrator

        fixed = diagram_variants.deploy(diagram_variants.with_expiry_script(diagram_variants.original(), b'expired_note = "expired"'))
        migration.migrate("admin", case_id, fixed)
        recovery.retry("admin", incident.id)
        case = db.session.get(Case, case_id)
        assert (case.status, case.stage, case.hold) == ("closed", "withdrawn", None)
        assert db.session.get(Incident, incident.id).state == "resolved"
        actions = [e.action for e in AuditEvent.query.filter_by(case_id=case_id).order_by(AuditEvent.id)]
        assert actions[-1] == "incident_retried" and "timer_fired" in actions
        assert actions.index("incident_opened") < actions.index("case_migrated") < actions.index("timer_fired")

        # The other case: resumed without a fix, its incident is dismissed (audited).
        other = Incident.query.filter_by(case_id=other_case).one()
        recovery.resume("admin", other_case)
        assert db.session.get(Incident, other.id).state == "dismissed"
        assert open_tasks(other_case) == ["amend_application"]


def test_a_missing_form_is_an_incident_not_an_unusable_task(app, versions):
    """Deploys refuse a missing form; a version that lacks one anyway (edited in the
    database, an older deploy) fails the step that would open the task."""
    import json

    import pytest

    from engine.casework import tasks
    from engine.runtime import instances
    from models import HumanTask, User
    from tests.engine.test_migration__skeleton import at_initial_review

    with app.app_context():
        version = diagram_variants.deploy(diagram_variants.with_initial_review_due(diagram_variants.original(), b"P12D"))
        case_id = at_initial_review()
        definition = db.session.get(Case, case_id).definition
        assert definition.version == version
        forms = json.loads(definition.forms_json)
        del forms["creation_approval"]
        definition.forms_json = json.dumps(forms)
        definition.hash = "0" * 64  # forms are cached per version hash
        db.session.commit()
        task = HumanTask.query.filter_by(case_id=case_id, completed_at=None).one()
        with pytest.raises(instances.StepFailed):
            tasks.complete(User.query.filter_by(username="prov-shanxi").one(), task.id, {"decision": "pass"})
        incident = Incident.query.filter_by(case_id=case_id).one()
        assert incident.element == "creation_approval" and "creation_approval" in incident.message
        assert open_tasks(case_id) == ["initial_review"] and db.session.get(Case, case_id).hold == "errored"
