"""Keeps the event_waits projection (models/waits.py) in step with a saved workflow: a row
opens when a case starts waiting in an intermediate catch event or receive task, and closes
when it stops, passed when the event came, not passed when something else ended the wait."""
from datetime import datetime
from uuid import UUID

from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import TaskNotFoundException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine import clock
from models import Case, EventWait, db
from models.waits import WaitKind


def _waiting(workflow: BpmnWorkflow) -> dict[str, Task]:
    """The catching events the case waits in, boundary events left out (the case waits in
    the activity they sit on, which has its own row or container)."""
    return {str(t.id): t for t in workflow.event_manager.tasks.values()
            if t.state == TaskState.WAITING and not isinstance(t.task_spec, BoundaryEvent)}


def _kind_and_due(task: Task) -> tuple[WaitKind, datetime | None]:
    event = task.task_spec.event_definition
    if isinstance(event, TimerEventDefinition):
        value = event.details(task).value
        return WaitKind.TIMER, clock.parse_moment(value) if isinstance(value, str) else None
    return (WaitKind.MESSAGE if isinstance(event, MessageEventDefinition) else WaitKind.OTHER), None


def _passed(workflow: BpmnWorkflow, guid: str) -> bool:
    """Runs before pruning (engine/runtime/instances.save), so a wait that ended is still in
    the workflow, completed or cancelled; one a send-back removed is gone: not passed."""
    try:
        task = workflow.get_task_from_id(UUID(guid))
    except TaskNotFoundException:
        return False
    return task is not None and task.state == TaskState.COMPLETED


def sync(case: Case, workflow: BpmnWorkflow, now: datetime) -> None:
    waiting = {} if workflow.completed else _waiting(workflow)
    open_rows = EventWait.query.filter_by(case_id=case.id, completed_at=None).all()
    for row in open_rows:
        if row.task_guid not in waiting:
            row.completed_at, row.passed = now, _passed(workflow, row.task_guid)
    known = {row.task_guid for row in open_rows}
    for guid, task in waiting.items():
        if guid in known:
            continue
        kind, due_at = _kind_and_due(task)
        db.session.add(EventWait(case_id=case.id, task_guid=guid, name=task.task_spec.bpmn_id,
                                 title=task.task_spec.bpmn_name or task.task_spec.bpmn_id,
                                 kind=kind, created_at=now, due_at=due_at))
