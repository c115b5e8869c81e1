"""A case's workflow: load, save, and what is derived from it on every save.

Saving writes the serialised state and everything derived from where the process
is — stage, status, next timer, the inbox rows of ready user tasks, the event waits and the case's search
text (engine/casework/search.py) — so that lists, inboxes, searches and the scheduler never
need to deserialise an instance.
"""
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.specs.bpmn_task_spec import BpmnTaskSpec
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine import clock, wakeup, workdays
from engine.audit import Actor, record
from engine.casework import notifications, search
from engine.definitions import registry
from engine.errors import Conflict, EngineError
from engine.runtime import budget, pruning, serializer, waits
from engine.runtime.scripting import script_engine
from models import Case, HumanTask, ProcessDefinition, Round, User, db
from models.notifications import NoticeKind
from models.rounds import DEADLINE_OF_FORM


class StepFailed(EngineError):
    """A diagram step raised: the transaction is rolled back, the case is unchanged
    (engine.operations.incidents records it afterwards, in a transaction of its own)."""
    status, code = 500, "step_failed"
    incident: dict[str, Any]  # set by engine.operations.incidents.watch: the case and how to retry
    incident_id: int  # set once engine.operations.incidents.recorded has opened it

    def __init__(self, message: str, element: str | None = None, **params: Any) -> None:
        super().__init__(message, **params)
        self.element = element


def properties(task_spec: BpmnTaskSpec) -> dict[str, str]:
    return getattr(task_spec, "extensions", {}).get("properties", {})


def new(definition: ProcessDefinition) -> BpmnWorkflow:
    spec, subs = registry.specs(definition)
    return BpmnWorkflow(spec, subs, script_engine=script_engine())


def start_task(workflow: BpmnWorkflow) -> Task:
    return workflow.get_tasks(state=TaskState.READY)[0]


def load(case: Case) -> BpmnWorkflow:
    spec, subs = registry.specs(case.definition)
    workflow = serializer.load_workflow(case.state_json, spec, subs)
    workflow.script_engine = script_engine()  # not serialised: attach after every load
    return workflow


def run(workflow: BpmnWorkflow, step: Callable[[], None] | None = None) -> None:
    """Run `step` (if any) then engine steps, all on one budget (engine.runtime.budget);
    a failing diagram step, or one over the budget, becomes StepFailed."""
    last: list[Task | None] = [None]  # the automatic task completed last: where a diagram loop went over
    with budget.engine_step() as spending:
        def counted(task: Task) -> None:  # a diagram looping through automatic tasks spends the budget too
            last[0] = task
            spending.step()
        try:
            if step is not None:
                step()
            workflow.do_engine_steps(did_complete_task=counted)
        except WorkflowException as exc:
            element = getattr(getattr(exc, "task_spec", None), "bpmn_id", None)
            raise StepFailed("the process failed at {element_value}: {exc}", element, element_value=element or 'a step', exc=_reason(exc)) from exc
        except budget.BudgetExceeded as exc:
            element = getattr(getattr(last[0], "task_spec", None), "bpmn_id", None)
            raise StepFailed("the process failed at {element_value}: {exc}", element, element_value=element or 'a step', exc=exc) from exc


def _reason(exc: BaseException) -> str:
    """SpiffWorkflow's message, with the error it wraps when it leaves that out
    ("Error evaluating expression '…'" says nothing of the budget it went over)."""
    inner = exc.__cause__ or exc.__context__
    if inner is None or str(inner) in str(exc):
        return str(exc)
    return f"{str(exc).rstrip('. ')}: {type(inner).__name__}: {inner}"


def ready_user_tasks(workflow: BpmnWorkflow) -> list[Task]:
    return workflow.get_tasks(state=TaskState.READY, manual=True)


def task(workflow: BpmnWorkflow, guid: str) -> Task:
    found = workflow.get_task_from_id(UUID(guid))
    if found is None or found.state != TaskState.READY:
        raise Conflict("this task is no longer waiting for input")
    return found


def next_timer_at(workflow: BpmnWorkflow) -> datetime | None:
    due = []
    for waiting in workflow.event_manager.tasks.values():
        event = waiting.task_spec.event_definition
        if isinstance(event, TimerEventDefinition):
            value = event.details(waiting).value
            if isinstance(value, str):
                due.append(clock.parse_moment(value))
    return min(due) if due else None


def derive_stage(workflow: BpmnWorkflow, previous: str) -> str:
    if workflow.completed:
        ends = [t for t in workflow.get_tasks(state=TaskState.COMPLETED, skip_subprocesses=True)
                if isinstance(t.task_spec, EndEvent) and properties(t.task_spec).get("stage")]
        ends.sort(key=lambda t: t.last_state_change)
        return properties(ends[-1].task_spec)["stage"] if ends else previous
    # What people must do now names the stage; timers and messages only when nothing is.
    for state in (TaskState.READY, TaskState.WAITING):
        pending = sorted((t for t in workflow.get_tasks(state=state)
                          if properties(t.task_spec).get("stage")), key=lambda t: t.last_state_change)
        if pending:
            return properties(pending[0].task_spec)["stage"]
    return previous


def derive_status(workflow: BpmnWorkflow) -> str:
    if workflow.completed:
        return "closed"
    return "active" if ready_user_tasks(workflow) else "waiting"


def save(case: Case, workflow: BpmnWorkflow, actor: Actor) -> None:
    now = clock.now()
    waits.sync(case, workflow, now)  # before pruning: an ended wait is still there to tell passed from cancelled
    pruning.prune(workflow)  # finished loop iterations and called processes leave the saved state
    case.state_json = serializer.dump_workflow(workflow)
    case.stage = derive_stage(workflow, case.stage)
    case.status = derive_status(workflow)
    earlier = case.next_timer_at
    case.next_timer_at = None if workflow.completed else next_timer_at(workflow)
    wakeup.timer_moved(earlier, case.next_timer_at)
    case.updated_at = now
    _sync_human_tasks(case, workflow, actor, now)
    search.reindex_case(case, workflow)  # the search text moves with the data, same transaction


def _due(props: dict[str, str], now: datetime, data: dict[str, Any] | None = None) -> datetime | None:
    if props.get("due_at") and (data or {}).get(props["due_at"]):
        return clock.parse_moment(str((data or {})[props["due_at"]]))  # a moment the data holds
    if props.get("due"):
        return now + clock.parse_duration(props["due"], now)
    if props.get("due_working_days"):
        return workdays.deadline(now, int(props["due_working_days"]))
    return None


def _round_due(case: Case, form: str, due: datetime | None) -> datetime | None:
    """A task the round's calendar binds (models.rounds.DEADLINE_OF_FORM) is due by that
    deadline at the latest; the round is read only for those tasks."""
    if case.round_id is None or form not in DEADLINE_OF_FORM:
        return due
    round_ = db.session.get(Round, case.round_id)
    bound = round_.deadline_for_form(form) if round_ is not None else None
    if bound is None:
        return due
    return bound[1] if due is None else min(due, bound[1])


def _assignee_id(task: Task, props: dict[str, str]) -> int | None:
    variable = props.get("assignee")
    username = task.data.get(variable) if variable else None
    if not username:
        return None
    user = User.query.filter_by(username=str(username)).first()
    return user.id if user else None


def _announce(case: Case, row: HumanTask) -> None:
    """新待办: the new task's holder (its assignee, else its role in its office) is told, in the
    message centre and by mail (engine/mail), in the same transaction."""
    db.session.flush()  # the row's id, for the notice
    holder = {"user_id": row.assignee_id} if row.assignee_id else {
        "role": row.role, "org_id": notifications.scope_org(row.role, row)}
    notifications.send(NoticeKind.TASK_CREATED, f"新待办：{row.title}（{case.region.name}）", case_id=case.id,
                       detail={"task_id": row.id}, **holder)


def _sync_human_tasks(case: Case, workflow: BpmnWorkflow, actor: Actor, now: datetime) -> None:
    ready = {str(t.id): t for t in ready_user_tasks(workflow)}
    for t in ready.values():
        # A form missing from the case's version is a failed step, not an unusable task.
        name = properties(t.task_spec).get("form")
        if registry.form(case.definition, name) is None:
            raise StepFailed("user task {bpmn_id} names form '{name}', which its "
                             "definition version does not have", t.task_spec.bpmn_id, bpmn_id=t.task_spec.bpmn_id, name=name)
    open_rows = HumanTask.query.filter_by(case_id=case.id, completed_at=None).all()
    for row in open_rows:
        if row.task_guid not in ready:
            # Left without a completion: a boundary timer or message took the token away.
            row.completed_at, row.completed_by = now, getattr(actor, "username", actor)
            record(actor, "task_cancelled", case, row.name, {"title": row.title})
    known = {row.task_guid for row in open_rows}
    for guid, t in ready.items():
        if guid in known:
            continue
        props = properties(t.task_spec)
        due_at = _round_due(case, props.get("form", ""), _due(props, now, t.data))
        row = HumanTask(
            case_id=case.id, task_guid=guid, name=t.task_spec.bpmn_id,
            title=t.task_spec.bpmn_name or t.task_spec.bpmn_id, role=t.task_spec.lane,
            region_id=case.region_id, province_id=case.province_id, round_id=case.round_id,
            stage=props.get("stage", case.stage), form=props.get("form", ""),
            assignee_id=_assignee_id(t, props), created_at=now, due_at=due_at)
        db.session.add(row)
        _announce(case, row)
