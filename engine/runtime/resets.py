"""Send-back (退回) and recall (撤回) on SpiffWorkflow's own reset of a task.

`BpmnWorkflow.reset_from_task_id` makes a finished task ready again and drops what ran
after it. Here: which earlier user tasks a task may go back to (the diagram declares them in
the property `return_to`, docs/bpmn-conventions.md), what pruning must keep so that they are
still there (engine/runtime/pruning.py), and the resets that would undo more than the case's
own steps, refused by name:
- a called process or sub-process that ran since: its steps and the results it handed back;
- a multi-instance or loop task that ran since: every instance's work (experts' scores);
- a timer that has passed since: what it decided, and a deadline that would start again;
- a target inside a called process whose call activity has a boundary event: the library
  resets the call activity too, and its boundary timer would start again from now.
The engine data (case rows, inbox, audit) is engine.casework.returns' business.
"""
import re
from collections.abc import Iterator
from copy import deepcopy
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import TaskNotFoundException
from SpiffWorkflow.specs.base import TaskSpec
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

PROPERTY = "return_to"
REOPENED = "dz_reopened"  # internal data of a task that `reset` made ready again
ROUND = "round"  # a user task that enters the case into a round (docs/bpmn-conventions.md)
_NOT_RUN = TaskState.PREDICTED_MASK | TaskState.FUTURE  # predicted or not yet reached


def declared(task_spec: TaskSpec) -> list[str]:
    """The element ids the task may send back to (`return_to`, separated by spaces or commas)."""
    value = getattr(task_spec, "extensions", {}).get("properties", {}).get(PROPERTY, "")
    return [name for name in re.split(r"[\s,;]+", value) if name]


def label(task: Task) -> str:
    """`name (id)` of a task's element, as a modeller finds it."""
    spec = task.task_spec
    bpmn_id = getattr(spec, "bpmn_id", None) or spec.name
    name = getattr(spec, "bpmn_name", None)
    if name is None and isinstance(getattr(spec, "task_spec", None), str):  # a multi-instance
        name = getattr(task.workflow.spec.task_specs.get(spec.task_spec), "bpmn_name", None)  # task: on its instances
    return f"{name} ({bpmn_id})" if name else bpmn_id


def find(workflow: BpmnWorkflow, guid: str) -> Task | None:
    """The task with id `guid` in the workflow or its sub-processes, None once pruned away."""
    try:
        return workflow.get_task_from_id(UUID(guid))
    except TaskNotFoundException:
        return None


def _ancestors(task: Task) -> Iterator[Task]:
    node = task.parent
    while node is not None:
        yield node
        node = node.parent


def target(task: Task, name: str) -> Task | None:
    """The latest completed run of user task `name` on the path to `task`, in its process."""
    return next((t for t in _ancestors(task) if t.task_spec.manual and t.state == TaskState.COMPLETED
                 and getattr(t.task_spec, "bpmn_id", None) == name), None)


def previous_step(task: Task) -> Task | None:
    """The completed user task whose completion led to `task`, if it is the nearest one."""
    for node in _ancestors(task):
        if node.task_spec.manual:
            return node if node.state == TaskState.COMPLETED else None
    return None


def anchors(task: Task) -> Iterator[Task]:
    """The finished tasks pruning keeps for a ready user task: the step that led to it (a
    recall goes back there) and its declared return targets. With a step, its parent when a
    reset needs it: a boundary-event split with its branches (the reset arms them again), or
    the step before one that enters a round (its data says which round the case was in).
    Nothing for timers and messages: where no person waits, the saved state stays as small."""
    if not (task.task_spec.manual and task.state == TaskState.READY):
        return
    for step in [previous_step(task)] + [target(task, name) for name in declared(task.task_spec)]:
        if step is None or step.parent is None:
            continue
        yield step
        if isinstance(step.parent.task_spec, BoundaryEventSplit):
            yield step.parent
            yield from step.parent.children
        elif ROUND in getattr(step.task_spec, "extensions", {}).get("properties", {}):
            yield step.parent


def later(step: Task) -> list[Task]:
    """What ran or waits after `step` in its process: what a reset to it removes."""
    top = step.parent if isinstance(step.parent.task_spec, BoundaryEventSplit) else step
    return [t for t in top if t is not step and t is not top and not t.has_state(_NOT_RUN)]


def refusal(workflow: BpmnWorkflow, step: Task) -> str | None:
    """Why the case must not go back to `step`, naming the element; None when it may."""
    for t in later(step):
        spec = t.task_spec
        if isinstance(spec, SubWorkflowTask):
            return (f"the case has gone through {label(t)} since {label(step)}, a called process or "
                    "sub-process: going back cannot undo its steps")
        if isinstance(spec, LoopTask):
            return (f"the multi-instance task {label(t)} has run since {label(step)}: going back would "
                    "discard the work of each of its instances")
        if (isinstance(spec, CatchingEvent) and isinstance(spec.event_definition, TimerEventDefinition)
                and t.state == TaskState.COMPLETED):
            return (f"the timer {label(t)} has passed since {label(step)}: going back would undo what "
                    "it decided and start its time again")
    caller_id = getattr(step.workflow, "parent_task_id", None)
    if caller_id is not None:
        caller = workflow.get_task_from_id(caller_id)
        if caller is not None and isinstance(caller.parent.task_spec, BoundaryEventSplit):
            events = ", ".join(label(c) for c in caller.parent.children if c is not caller)
            return (f"{label(step)} runs inside {label(caller)}, whose boundary event {events} would "
                    "start again: the called process cannot go back")
    return None


def reset(workflow: BpmnWorkflow, step: Task) -> dict[str, Any]:
    """Make the finished `step` ready again with the data it was completed with (the form as
    submitted); what ran after it leaves the tree. Returns the data of the step's parent: what
    it started from where pruning kept the parent (see `anchors`)."""
    submitted = deepcopy(step.data)
    before = dict(step.parent.data) if step.parent is not None else {}
    removed = workflow.reset_from_task_id(step.id, data=deepcopy(submitted))
    for task in removed:  # the library keeps removed waiting events registered: timers, messages
        workflow.event_manager.remove_task(task)
    # Becoming ready merged the parent's data over the task's: the submitted values win again.
    step.data = submitted
    step._set_internal_data(**{REOPENED: True})
    return before


def reopened(task: Task) -> bool:
    """Whether `task` was made ready again by `reset` (saved with the workflow): its completion
    may have to go back to whoever sent it back, which other completions need not look up."""
    return bool(task.internal_data.get(REOPENED))
