"""Bounded growth: what the engine has finished leaves the saved state.

SpiffWorkflow keeps every task it ever created: a new set for each pass through a loop,
and every called process after it ended. So a zone supervised for thirty years would load
every check it ever had, and a certified zone carries its whole application, creation and
evaluation. Two cuts, made before a case is saved:
- a user task with the property `prune_iterations` = `true` starts a loop body: when it
  is ready again, the finished iterations since its first instance are cut out of the task
  tree and the ready instance takes the first one's place;
- a called process that has ended, and whose call activity has finished, is dropped (its
  results are already in the caller's data);
- finished tasks that no unfinished task descends from directly are cut out of the tree:
  what stays is the root, every unfinished task with its parent and its children, joined
  to their nearest kept ancestor. Not while a join (a parallel or inclusive gateway, or
  the join behind a boundary event) waits in that process: joins read finished branches.
  Also kept: the finished user task that led to a ready one, and the earlier tasks a ready
  one may send back to, so that recall and send-back find them (engine/runtime/resets.py).
Nothing a person sees is lost: inbox rows, audit events and the case data keep every step;
only the engine's bookkeeping goes.
"""
from uuid import UUID

from SpiffWorkflow.bpmn.util.subworkflow import BpmnBaseWorkflow, BpmnSubWorkflow
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine.runtime import resets

PROPERTY = "prune_iterations"
_FINISHED = TaskState.COMPLETED | TaskState.CANCELLED


def _marked(task: Task) -> bool:
    return getattr(task.task_spec, "extensions", {}).get("properties", {}).get(PROPERTY) == "true"


def _subtree(task: Task) -> list[Task]:
    stack, found = [task], []
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node.children)
    return found


def prune(workflow: BpmnWorkflow) -> int:
    """Cut finished iterations of marked loops in the workflow and its sub-workflows;
    returns the number of tasks removed."""
    removed = 0
    for wf in (workflow, *workflow.subprocesses.values()):
        for ready in wf.get_tasks(state=TaskState.READY, manual=True, skip_subprocesses=True):
            if _marked(ready):
                removed += _cut(wf, ready, workflow.subprocesses)
    for caller_id, sub in list(workflow.subprocesses.items()):  # ended called processes
        if caller_id not in workflow.subprocesses:
            continue  # went with the process that called it
        caller = next((wf.tasks[caller_id] for wf in (workflow, *workflow.subprocesses.values())
                       if caller_id in wf.tasks), None)
        if caller is not None and sub.completed and caller.state & _FINISHED:
            removed += len(sub.tasks)
            workflow.delete_subprocess(caller)
    for wf in (workflow, *workflow.subprocesses.values()):
        removed += _collapse(wf, workflow.subprocesses)
    return removed


def _cut(wf: BpmnBaseWorkflow, ready: Task, subprocesses: dict[UUID, BpmnSubWorkflow]) -> int:
    first, node = None, ready.parent
    while node is not None:
        if node.task_spec == ready.task_spec:
            first = node
        node = node.parent
    if first is None:
        return 0
    keep = {t.id for t in _subtree(ready)}
    dropped = [t for t in _subtree(first) if t.id not in keep]
    # Only finished bookkeeping goes: never a waiting branch, never a called process.
    if any(not t.state & _FINISHED or t.id in subprocesses for t in dropped):
        return 0
    parent = first.parent
    parent._children[parent._children.index(first.id)] = ready.id
    ready._parent = parent.id
    for task in dropped:
        del wf.tasks[task.id]
    if wf.last_task is not None and wf.last_task.id not in wf.tasks:
        wf.last_task = ready.parent
    return len(dropped)


def _preorder(root: Task) -> list[Task]:
    order, stack = [], [root]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(node.children))
    return order


def _collapse(wf: BpmnBaseWorkflow, subprocesses: dict[UUID, BpmnSubWorkflow]) -> int:
    keep = _kept(wf, subprocesses)
    if keep is None or len(keep) == len(wf.tasks):
        return 0
    _relink(wf, keep)
    dropped = [task_id for task_id in wf.tasks if task_id not in keep]
    for task_id in dropped:
        del wf.tasks[task_id]
    return len(dropped)


def _kept(wf: BpmnBaseWorkflow, subprocesses: dict[UUID, BpmnSubWorkflow]) -> set[UUID] | None:
    """The ids of the tasks that stay: the root, the callers of called processes, and every
    unfinished task with its parent and children; None when nothing may go from `wf`."""
    if wf.completed:
        return None  # its end event names the final stage; nothing runs here any more
    unfinished = [t for t in wf.tasks.values() if not t.state & _FINISHED]
    if any(isinstance(t.task_spec, Join) for t in unfinished):
        return None
    keep = {wf.task_tree.id} | set(subprocesses).intersection(wf.tasks)
    for task in unfinished:
        keep.add(task.id)
        keep.update(task._children)
        if task._parent is not None:
            keep.add(task._parent)
        keep.update(anchor.id for anchor in resets.anchors(task))
    return keep


def _kept_ancestor(task: Task, keep: set[UUID]) -> Task:
    node = task.parent
    while node.id not in keep:
        node = node.parent
    return node


def _relink(wf: BpmnBaseWorkflow, keep: set[UUID]) -> None:
    """Hang every kept task from its nearest kept ancestor, in the tree's order (and move
    `last_task` there too when it goes)."""
    root = wf.task_tree
    order = _preorder(root)  # everything is read before anything changes
    parents = {t.id: _kept_ancestor(t, keep) for t in order if t.id in keep and t is not root}
    last = wf.last_task
    if last is not None and last.id not in keep:
        wf.last_task = _kept_ancestor(last, keep)
    for task in order:
        if task.id in keep:
            task._children = []
    for task in order:
        if task.id in parents:
            task._parent = parents[task.id].id
            parents[task.id]._children.append(task.id)
