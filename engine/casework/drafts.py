"""Drafts of task forms: saved unvalidated, one per task, dropped once the task is done."""
from typing import Any

from engine import clock
from engine.casework import tasks
from engine.errors import Conflict, InvalidInput
from engine.tx import transactional
from models import Draft, User, db
from models.tasks import DelegationState


@transactional
def save(actor: User, task_id: int, data: dict[str, Any]) -> Draft:
    """Keep what the user typed so far; nothing is checked but who may act on the task."""
    if not isinstance(data, dict):
        raise InvalidInput("a draft is a JSON object of form fields")
    task = tasks.get(actor, task_id)
    if task.completed_at is not None:
        raise Conflict("task {task} was already completed by {completed_by}", task=task.title, completed_by=task.completed_by)
    delegate = task.delegated_to_id == actor.id and task.delegation_state == DelegationState.PENDING
    if task.assignee_id not in (None, actor.id) and not delegate:  # 委派: the delegate drafts too
        raise Conflict("task {task} is claimed by {assignee}", task=task.title, assignee=task.assignee.username)
    draft = Draft.query.filter_by(task_id=task.id).first()
    if draft is None:
        draft = Draft(task_id=task.id)
        db.session.add(draft)
    draft.data, draft.saved_by, draft.saved_at = dict(data), actor.username, clock.now()
    return draft


def of_task(task_id: int) -> Draft | None:
    """The task's draft, or None."""
    return Draft.query.filter_by(task_id=task_id).first()


@transactional
def discard(task_id: int) -> None:
    Draft.query.filter_by(task_id=task_id).delete()
