"""退回 send back and 撤回 recall: a case goes back to an earlier user task.

Send back: the holder of an open task sends the case back to one of the earlier tasks its
diagram declares (`return_to`), with a reason. That task opens again for its role with the
data last submitted there; once it is submitted again, the step that sent it back opens for
the sender (engine/casework/resubmission.py). Recall: who completed a task takes it back
while the next step is untouched (neither claimed nor completed); it opens again for them.

Both run on SpiffWorkflow's own reset (engine/runtime/resets.py, which also refuses resets
across called processes, multi-instance tasks and passed timers), under the case lock, and
write in one transaction the workflow, its inbox rows, next timer and stage
(instances.save), a `task_returns` row and the audit event.
"""
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy.orm.attributes import set_committed_value

from engine import access, clock
from engine.audit import record
from engine.casework import notifications, tasks
from engine.errors import Conflict, Forbidden, InvalidInput, Text
from engine.runtime import instances, resets
from engine.tx import lock_case, transactional
from models import AuditEvent, Case, Draft, HumanTask, TaskReturn, User, db
from models.notifications import NoticeKind
from models.process import CaseStatus
from models.returns import ReopenKind

MAX_REASON = 2000


def return_targets(task: HumanTask) -> list[dict[str, str]]:
    """The earlier steps an open task may send its case back to now: [{name, title}]."""
    if task.completed_at is not None or task.case.hold:
        return []
    workflow = instances.load(task.case)
    current = resets.find(workflow, task.task_guid)
    if current is None or current.state != TaskState.READY:
        return []
    found = []
    for name in resets.declared(current.task_spec):
        step = resets.target(current, name)
        if step is not None and resets.refusal(workflow, step) is None:
            found.append({"name": name, "title": step.task_spec.bpmn_name or name})
    return found


def reopened(task: HumanTask) -> TaskReturn | None:
    """Why an open task is open again (the latest send-back or recall to it), if it is."""
    if task.completed_at is not None:
        return None
    return (TaskReturn.query.filter_by(reopened_task_id=task.id)
            .order_by(TaskReturn.id.desc()).first())


def moved_from(task: HumanTask) -> TaskReturn | None:
    """The send-back that closed a task, if one did."""
    return (TaskReturn.query.filter_by(task_id=task.id, kind=ReopenKind.RETURNED)
            .order_by(TaskReturn.id.desc()).first())


@transactional
def send_back(actor: User, task_id: int, to: str, reason: str | None) -> Case:
    task = tasks._locked_open_task(actor, task_id)  # who may act comes before what they sent
    reason = _reason(reason, required=True)
    if task.assignee_id not in (None, actor.id):
        raise Conflict("task {task} is claimed by {assignee}", task=task.title, assignee=task.assignee.username)
    case = task.case
    workflow = instances.load(case)
    current = instances.task(workflow, task.task_guid)
    allowed = resets.declared(current.task_spec)
    if to not in allowed:
        if allowed:
            raise Conflict("{task} may not send the case back to '{to}': its diagram allows {allowed}",
                           task=task.title, to=to, allowed=", ".join(allowed))
        raise Conflict("{task} may not send the case back to '{to}': its diagram declares no step to send back to",
                       task=task.title, to=to)
    step = resets.target(current, to)
    if step is None:
        raise Conflict("{to} has not run yet in this case: there is nothing to send it back to", to=to)
    _refuse_crossing(workflow, step)
    for _, row in _later_rows(case, step):
        if row is not None and row.id != task.id and row.assignee_id not in (None, actor.id):
            raise Conflict("sending back would cancel {row}, which {assignee} holds", row=row.title, assignee=row.assignee.username)
    task.completed_at, task.completed_by = clock.now(), actor.username  # closed by this move
    row = _go_back(actor, case, workflow, step, assignee_id=None, fresh_due=True)
    move = _log(ReopenKind.RETURNED, case, task, step, row, actor, reason)
    record(actor, "task_returned", case, task.name, {
        "title": task.title, "to": to, "to_title": row.title, "reason": reason,
        "reopened_task_id": row.id, "return_id": move.id})
    holder = {"user_id": row.assignee_id} if row.assignee_id else {
        "role": row.role, "org_id": notifications.scope_org(row.role, row)}
    notifications.send(NoticeKind.TASK_RETURNED, f"退回：{row.title}（{task.title}）", case_id=case.id,
                       detail={"task_id": row.id, "from": task.title, "by": actor.username, "reason": reason},
                       **holder)
    return case


@transactional
def recall(actor: User, task_id: int, reason: str | None = None) -> Case:
    task = tasks.get(actor, task_id)  # 403 for another role or region
    reason = _reason(reason, required=False)
    case = lock_case(task.case_id)
    set_committed_value(task, "case", case)
    db.session.refresh(task, attribute_names=["completed_at", "completed_by", "assignee_id"])
    workflow = instances.load(case)
    step, withdrawn = _recall_check(actor, task, workflow)
    # a resubmission taken back: when it comes again, the step goes back to its sender again
    later_ids = [row.id for _, row in _later_rows(case, step) if row is not None]
    if later_ids:
        TaskReturn.query.filter(TaskReturn.back_task_id.in_(later_ids)).update(
            {"resolved_at": None, "back_task_id": None}, synchronize_session=False)
    row = _go_back(actor, case, workflow, step, assignee_id=actor.id, fresh_due=False)
    move = _log(ReopenKind.RECALLED, case, task, step, row, actor, reason, resolved=True)
    record(actor, "task_recalled", case, task.name, {
        "title": task.title, "withdrawn": withdrawn, "reason": reason, "return_id": move.id})
    return case


def recallable(actor: User, case: Case) -> HumanTask | None:
    """The task of `case` that `actor` completed last, if they may recall it now."""
    task = (HumanTask.query.filter(HumanTask.case_id == case.id, HumanTask.completed_by == actor.username)
            .order_by(HumanTask.completed_at.desc(), HumanTask.id.desc()).first())
    if task is None or case.status == CaseStatus.CLOSED:
        return None
    try:
        _recall_check(actor, task, instances.load(case))
    except (Conflict, Forbidden):
        return None
    return task


def _recall_check(actor: User, task: HumanTask, workflow: BpmnWorkflow) -> tuple[Task, list[str]]:
    """The finished step a recall goes back to and the titles of the next steps it withdraws;
    Forbidden/Conflict saying why not."""
    case = task.case
    if not access.may_act(actor, task):
        raise Forbidden("this task is not for your role or region")
    if case.hold:
        raise Conflict("case {case} is {hold}: an administrator has to retry or resume it first", case=case.id, hold=case.hold)
    if task.completed_at is None:
        raise Conflict("task {task} is still open: there is nothing to recall", task=task.title)
    if task.completed_by != actor.username:
        raise Forbidden("only {completed_by}, who completed {task}, may recall it", completed_by=task.completed_by, task=task.title)
    step = resets.find(workflow, task.task_guid)
    if step is None or step.state != TaskState.COMPLETED or case.status == CaseStatus.CLOSED \
            or step.workflow.completed:
        after = (HumanTask.query.filter(HumanTask.case_id == case.id, HumanTask.id != task.id,
                                        HumanTask.completed_at > task.completed_at)
                 .order_by(HumanTask.completed_at, HumanTask.id).first())
        if after:
            raise Conflict("{task} can no longer be recalled: the next step {after} was already completed",
                           task=task.title, after=after.title)
        raise Conflict("{task} can no longer be recalled: the case has moved on past it", task=task.title)
    _refuse_crossing(workflow, step)
    withdrawn = []
    for later, row in _later_rows(case, step):
        if later.state == TaskState.COMPLETED:
            raise Conflict("{task} can no longer be recalled: the next step "
                           "{bpmn_name} was already completed", task=task.title, bpmn_name=later.task_spec.bpmn_name or later.task_spec.bpmn_id)
        if row is not None and _taken_up(row):
            raise Conflict("{task} can no longer be recalled: the next step {row} "
                           "was claimed by {assignee}", task=task.title, row=row.title, assignee=row.assignee.username)
        withdrawn.append(row.title if row is not None else resets.label(later))
    return step, withdrawn


def _taken_up(row: HumanTask) -> bool:
    """Someone holds the next step: claimed it, or had it assigned by the diagram. A step that
    came back to its sender after a send-back is theirs, but untouched until they claim it."""
    if row.assignee_id is None:
        return False
    move = TaskReturn.query.filter_by(back_task_id=row.id).first()
    if move is None or move.actor_id != row.assignee_id:
        return True
    return AuditEvent.query.filter(AuditEvent.case_id == row.case_id, AuditEvent.action == "task_claimed",
                                   AuditEvent.task_name == row.name, AuditEvent.at >= move.resolved_at).first() is not None


def _reason(reason: str | None, required: bool) -> str | None:
    text = (reason or "").strip()
    if required and not text:
        raise InvalidInput("say why the case goes back", {"reason": ["a reason is required"]})
    if len(text) > MAX_REASON:
        raise InvalidInput("the reason is too long", {"reason": [Text("at most {max_reason} characters", max_reason=MAX_REASON)]})
    return text or None


def _refuse_crossing(workflow: BpmnWorkflow, step: Task) -> None:
    why = resets.refusal(workflow, step)
    if why is not None:
        raise Conflict(why)


def _later_rows(case: Case, step: Task) -> list[tuple[Task, HumanTask | None]]:
    """The user tasks that ran or wait after `step`, each with its inbox row."""
    later = [t for t in resets.later(step) if t.task_spec.manual]
    guids = [str(t.id) for t in later]
    rows = {r.task_guid: r for r in HumanTask.query.filter(
        HumanTask.case_id == case.id, HumanTask.task_guid.in_(guids))} if guids else {}
    return [(t, rows.get(str(t.id))) for t in later]


def _go_back(actor: User, case: Case, workflow: BpmnWorkflow, step: Task, assignee_id: int | None,
             fresh_due: bool) -> HumanTask:
    """Reset to `step` and save; its inbox row is open again (the same row: the task keeps its
    id in the tree), without the drafts of its earlier run; sent back, its deadline starts
    again, recalled it keeps the one it had."""
    before: dict[str, Any] = {}

    def reset() -> None:
        before.update(resets.reset(workflow, step))

    instances.run(workflow, reset)
    if step.state != TaskState.READY:
        raise Conflict("{step} could not be opened again", step=resets.label(step))
    if instances.properties(step.task_spec).get("round"):
        # the application enters its round again on resubmission: as a first entry, not Art 17's next round
        case.evaluation_round_id = before.get("evaluation_round_id")
    props = instances.properties(step.task_spec)
    if assignee_id is None:  # for its role, or whom the diagram names (property `assignee`)
        assignee_id = instances._assignee_id(step, props)
    row = HumanTask.query.filter_by(case_id=case.id, task_guid=str(step.id)).first()
    if row is not None:
        Draft.query.filter_by(task_id=row.id).delete()
        row.completed_at = row.completed_by = None
        row.assignee_id, row.created_at = assignee_id, clock.now()
        row.delegated_to_id = row.delegated_by_id = row.delegation_state = None  # 委派 ends with the run
        if fresh_due:
            row.due_at = instances._round_due(case, props.get("form", ""), instances._due(props, row.created_at))
    instances.save(case, workflow, actor)
    if row is None:  # a row the inbox never had (a case migrated in): save created it
        row = HumanTask.query.filter_by(case_id=case.id, task_guid=str(step.id)).one()
        row.assignee_id = assignee_id
    return row


def _log(kind: ReopenKind, case: Case, task: HumanTask, step: Task, row: HumanTask, actor: User,
         reason: str | None, resolved: bool = False) -> TaskReturn:
    now = clock.now()
    move = TaskReturn(case_id=case.id, kind=kind, task_id=task.id, target=step.task_spec.bpmn_id,
                      reopened_task_id=row.id, actor_id=actor.id, reason=reason, at=now,
                      resolved_at=now if resolved else None)
    db.session.add(move)
    db.session.flush()
    return move
