"""The case comes back to who sent it back: once a step that was sent back (退回) is
submitted again, the step it was sent back from opens assigned to the sender, who is
notified. Called by engine.casework.tasks.complete_locked inside its transaction."""
from SpiffWorkflow.task import Task

from engine import access, clock
from engine.audit import Actor, record
from engine.casework import notifications
from engine.runtime import resets
from models import Case, HumanTask, TaskReturn
from models.notifications import NoticeKind
from models.returns import ReopenKind


def came_back(actor: Actor, case: Case, completed: HumanTask, step: Task) -> None:
    """After `completed` (its workflow task `step`) was submitted."""
    if not resets.reopened(step):
        return  # never sent back: nothing to look up
    pending = (TaskReturn.query.filter_by(reopened_task_id=completed.id, kind=ReopenKind.RETURNED,
                                          resolved_at=None).order_by(TaskReturn.id).all())
    if not pending:
        return
    now = clock.now()
    for move in pending:
        move.resolved_at = now
    move = pending[-1]
    back = (HumanTask.query.filter_by(case_id=case.id, name=move.task.name, completed_at=None, assignee_id=None)
            .order_by(HumanTask.id.desc()).first())
    sender = move.actor
    if back is None or not access.may_act(sender, back):
        return  # the case went another way, or the sender no longer holds the role
    back.assignee_id, move.back_task_id = sender.id, back.id
    record(actor, "task_assigned", case, back.name, {
        "title": back.title, "assignee": sender.username, "because": "returned", "return_id": move.id})
    notifications.send(NoticeKind.TASK_RESUBMITTED, f"退回后已重新提交：{back.title}", case_id=case.id,
                       user_id=sender.id, detail={"task_id": back.id, "resubmitted": completed.title,
                                                  "by": getattr(actor, "username", actor)})
