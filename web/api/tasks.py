from functools import wraps

from flask import g, request

from engine.casework import handover, returns, tasks
from engine.errors import InvalidInput
from web.api import Blueprint, page, protected
from web.api.schemas.comments import opinion_of
from web.api.schemas.common import (
    CaseEnvelopeSchema,
    TaskDetailSchema,
    TaskListSchema,
    TaskQuerySchema,
    TaskSchema,
)
from web.api.schemas.returns import RecallSchema, ReturnSchema
from web.api.schemas.search import BulkClaimResultSchema, BulkClaimSchema
from web.api.schemas.tasks import DelegateSchema, TransferSchema, UrgedSchema, UrgeSchema
from web.views import case_view, reopened_view

TASK_FIELDS = ("id", "case_id", "name", "title", "role", "form", "stage", "created_at", "due_at")

blp = protected(Blueprint("api_tasks", __name__, url_prefix="/api/v1", description="Tasks (inbox)"))


@blp.route("/tasks")
@blp.arguments(TaskQuerySchema, location="query")
@blp.response(200, TaskListSchema)
def inbox(args):
    """The caller's inbox: open tasks of their roles and regions, soonest due first."""
    return page(tasks.open_tasks(g.user, args["assigned"], args.get("case_id"), args.get("role"), args.get("q"))
                .options(*tasks.PEOPLE), args)


@blp.route("/tasks/<int:task_id>")
@blp.response(200, TaskDetailSchema)
def get_task(task_id):
    """A task with its form definition (JSON Schema) and the case data it may see."""
    task = tasks.get(g.user, task_id)
    return {**{c: getattr(task, c) for c in TASK_FIELDS}, "form_schema": tasks.form_of(task),
            "assignee_name": task.assignee_name, "delegated_to_name": task.delegated_to_name,
            "delegated_by_name": task.delegated_by_name, "delegation_state": task.delegation_state,
            "case": case_view(task.case, history=False), "data": tasks.context(task),
            "return_targets": returns.return_targets(task), "reopened": reopened_view(task),
            "filled_in": handover.filled_in(task)}


@blp.route("/tasks/<int:task_id>/claim", methods=["POST"])
@blp.response(200, TaskSchema)
def claim(task_id):
    """Take a group task into your own inbox."""
    return tasks.claim(g.user, task_id)


@blp.route("/tasks/claim", methods=["POST"])
@blp.arguments(BulkClaimSchema)
@blp.response(200, BulkClaimResultSchema)
def claim_many(args):
    """Claim up to 100 tasks; each is claimed or refused on its own (its reason given), as
    one claim would be."""
    items = tasks.claim_many(g.user, args["ids"])
    claimed = sum(1 for i in items if i["result"] == "claimed")
    return {"items": items, "claimed": claimed, "refused": len(items) - claimed}


@blp.route("/tasks/<int:task_id>/unclaim", methods=["POST"])
@blp.response(200, TaskSchema)
def unclaim(task_id):
    """Give a claimed task back to the group."""
    return tasks.unclaim(g.user, task_id)


@blp.route("/tasks/<int:task_id>/complete", methods=["POST"])
@blp.response(200, CaseEnvelopeSchema)
def complete(task_id):
    """Submit the task's form (validated against its JSON Schema) and move the case on; an
    `opinion` (办理意见) beside the fields is kept as the step's opinion."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput("send the form fields as a JSON object")
    opinion = opinion_of(data)  # beside the form's fields, never into the workflow data
    return {"case": case_view(tasks.complete(g.user, task_id, data, opinion))}


def holds_task(view):
    """403/404 before the body is read unless the caller may act on the task (its role and
    region): a refusal never depends on the input."""
    @wraps(view)
    def wrapper(*args, task_id, **kwargs):
        tasks.get(g.user, task_id)
        return view(*args, task_id=task_id, **kwargs)
    return wrapper


@blp.route("/tasks/<int:task_id>/return", methods=["POST"])
@holds_task
@blp.arguments(ReturnSchema)
@blp.response(200, CaseEnvelopeSchema)
def send_back(args, task_id):
    """退回: send the case back to an earlier step (one of the task's `return_targets`), with a
    reason; that step opens again for its role with the data last submitted there."""
    return {"case": case_view(returns.send_back(g.user, task_id, args["to"], args["reason"]))}


@blp.route("/tasks/<int:task_id>/recall", methods=["POST"])
@holds_task
@blp.arguments(RecallSchema)
@blp.response(200, CaseEnvelopeSchema)
def recall(args, task_id):
    """撤回: take back a task you completed while its next step is neither claimed nor completed;
    it opens again for you."""
    return {"case": case_view(returns.recall(g.user, task_id, args.get("reason")))}


@blp.route("/tasks/<int:task_id>/transfer", methods=["POST"])
@holds_task
@blp.arguments(TransferSchema)
@blp.response(200, TaskSchema)
def transfer(args, task_id):
    """转办: the task becomes a colleague's (the same role in the same office), claimed by them;
    with a reason. Only its holder (its claimant, or its group while unclaimed) transfers it."""
    return handover.transfer(g.user, task_id, args["to"], args["reason"])


@blp.route("/tasks/<int:task_id>/delegate", methods=["POST"])
@holds_task
@blp.arguments(DelegateSchema)
@blp.response(200, TaskSchema)
def delegate(args, task_id):
    """委派: a colleague (the same role in the same office) fills the task in; their submission
    comes back to the holder (`delegation_state` returned, the data as the task's draft), who
    completes it."""
    return handover.delegate(g.user, task_id, args["to"], args.get("reason"))


def may_urge(view):
    """403/404 before the body is read unless the caller is above the task's role."""
    @wraps(view)
    def wrapper(*args, task_id, **kwargs):
        handover.urgeable(g.user, task_id)
        return view(*args, task_id=task_id, **kwargs)
    return wrapper


@blp.route("/tasks/<int:task_id>/urge", methods=["POST"])
@may_urge
@blp.arguments(UrgeSchema)
@blp.response(201, UrgedSchema)
def urge(args, task_id):
    """催办: SAMR over a province's task, a province over its own applicants' tasks; the holders
    are notified. Once per task per hour."""
    event = handover.urge(g.user, task_id, args["reason"])
    return {"task_id": task_id, "at": event.at, "actor": event.actor, **event.detail}
