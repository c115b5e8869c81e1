"""What an administrator does about an incident: retry the step, or suspend and resume.

Retry runs the recorded step again on the case's current version (migrate the case
to the fixed version first); it succeeds and closes the incident in one
transaction, or fails, leaving the case as it was and the incident open.
"""
from engine import clock
from engine.audit import Actor, record
from engine.casework import decisions, sanctions
from engine.definitions import forms, registry
from engine.errors import Conflict, NotFound
from engine.operations.incidents import recorded, watch
from engine.runtime import instances
from engine.tx import lock_case, transactional
from models import Case, HumanTask, Incident, User, db
from models.incidents import IncidentState


def get(incident_id: int) -> Incident:
    incident = db.session.get(Incident, incident_id)
    if incident is None:
        raise NotFound("incident {incident_id} does not exist", incident_id=incident_id)
    return incident


def _close(incident: Incident, actor: Actor, state: str) -> None:
    incident.state, incident.closed_at = state, clock.now()
    incident.closed_by = getattr(actor, "username", actor)


def _run_task_again(case: Case, incident: Incident) -> None:
    retry = incident.retry
    task = db.session.get(HumanTask, retry.get("task_id"))
    if task is None or task.completed_at is not None:
        raise Conflict("the task of this incident is no longer open; resume the case instead")
    data = retry.get("data") or {}
    schema = registry.form(case.definition, task.form)
    if schema is not None:
        forms.validate(forms.resolve(schema), data)  # the fixed form may ask for more
    workflow = instances.load(case)
    spiff_task = instances.task(workflow, task.task_guid)
    sanctions.check_not_before(instances.properties(spiff_task.task_spec), spiff_task.data, clock.now())
    data = {**data, **sanctions.engine_data(task, data, clock.now())}  # Art 22: the dates, as on completion

    def step() -> None:
        spiff_task.set_data(**data)
        spiff_task.run()

    instances.run(workflow, step)
    task.completed_at, task.completed_by = clock.now(), retry.get("actor")
    instances.save(case, workflow, retry.get("actor"))
    record(retry.get("actor"), "task_completed", case, task.name,
           {"title": task.title, "retried_by": incident.closed_by, "incident": incident.id})
    decisions.after_step(retry.get("actor"), case, task, data)


def _run_timer_again(case: Case, actor: Actor) -> None:
    due_at, before = case.next_timer_at, case.stage
    workflow = instances.load(case)
    instances.run(workflow, workflow.refresh_timers)
    instances.save(case, workflow, actor)
    record(actor, "timer_fired", case, detail={
        "due_at": due_at.isoformat() if due_at else None, "stage_before": before,
        "stage_after": case.stage, "retried": True})


@recorded
@transactional
def retry(actor: User, incident_id: int) -> Incident:
    """Run the failed step again; on success the incident closes and the case is free."""
    incident = get(incident_id)
    if incident.state != IncidentState.OPEN:
        raise Conflict("incident {incident} is {state}", incident=incident.id, state=incident.state)
    case = lock_case(incident.case_id)
    _close(incident, actor, "resolved")
    with watch(case, incident.kind, **incident.retry):
        if incident.kind == "task":
            _run_task_again(case, incident)
        else:
            _run_timer_again(case, actor)
    if case.hold == "errored":
        case.hold = None
    record(actor, "incident_retried", case, incident.element,
           {"incident": incident.id, "version": case.definition.version})
    return incident


@transactional
def suspend(actor: User, case_id: int, reason: str = "") -> Case:
    case = lock_case(case_id)
    if case.status == "closed":
        raise Conflict("case {case} is closed", case=case.id)
    if case.hold == "suspended":
        raise Conflict("case {case} is already suspended", case=case.id)
    case.hold = "suspended"
    record(actor, "case_suspended", case, detail={"reason": reason})
    return case


@transactional
def resume(actor: User, case_id: int) -> Case:
    """Free a suspended or errored case; its open incidents are dismissed, not retried
    (people act on the case again, e.g. submit the form with other data)."""
    case = lock_case(case_id)
    if case.hold is None:
        raise Conflict("case {case} is neither suspended nor errored", case=case.id)
    dismissed = []
    for incident in Incident.query.filter_by(case_id=case.id, state=IncidentState.OPEN):
        _close(incident, actor, "dismissed")
        dismissed.append(incident.id)
    previous, case.hold = case.hold, None
    record(actor, "case_resumed", case, detail={"was": previous, "incidents_dismissed": dismissed})
    return case
