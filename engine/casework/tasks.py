"""Human tasks: inbox queries, claim, unclaim and completion."""
from typing import Any

from sqlalchemy import or_
from sqlalchemy.orm import Query, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from engine import access, clock
from engine.audit import record
from engine.casework import certification, comments, decisions, documents, resubmission, rounds, sanctions, search
from engine.definitions import forms, registry
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound, Text
from engine.operations import incidents
from engine.runtime import instances, resets
from engine.scoring import records
from engine.tx import lock_case, transactional
from models import Case, HumanTask, Round, User, db
from models.rounds import EVALUATION_LISTS, LIST_FORMS
from models.tasks import DelegationState


def open_tasks(actor: User, assigned: str = "any", case_id: int | None = None,
               role: str | None = None, words: str | None = None) -> Query[HumanTask]:
    q = HumanTask.query.filter(HumanTask.completed_at.is_(None), access.task_filter(actor))
    found = search.narrowed(HumanTask.case_id, words)  # the tasks of the cases a search finds
    if found is not None:
        q = q.filter(found)
    if assigned == "me":  # with what colleagues delegated to the actor (委派)
        q = q.filter(or_(HumanTask.assignee_id == actor.id, (HumanTask.delegated_to_id == actor.id)
                         & (HumanTask.delegation_state == DelegationState.PENDING)))
    elif assigned == "unassigned":
        q = q.filter(HumanTask.assignee_id.is_(None))
    if case_id:
        q = q.filter(HumanTask.case_id == case_id)
    if role:
        q = q.filter(HumanTask.role == role)
    return q.order_by(HumanTask.due_at.asc().nulls_last(), HumanTask.id)


PEOPLE = (selectinload(HumanTask.assignee), selectinload(HumanTask.delegated_to),
          selectinload(HumanTask.delegated_by))  # a list's names: one query for all, none when unclaimed


def active_tasks_by_case(case_ids: list[int]) -> dict[int, list[HumanTask]]:
    """The open tasks of each case, oldest first, for a page of cases: one query, not one per
    case (the partial index ix_human_tasks_open_case reads the open rows alone)."""
    found: dict[int, list[HumanTask]] = {i: [] for i in case_ids}
    if found:
        for task in (HumanTask.query.filter(HumanTask.case_id.in_(list(found)), HumanTask.completed_at.is_(None))
                     .options(*PEOPLE).order_by(HumanTask.id)):
            found[task.case_id].append(task)
    return found


def get(actor: User, task_id: int) -> HumanTask:
    task = db.session.get(HumanTask, task_id)
    if task is None:
        raise NotFound("task {task_id} does not exist", task_id=task_id)
    if not access.may_act(actor, task):
        raise Forbidden("this task is not for your role or region")
    return task


def form_of(task: HumanTask) -> dict[str, Any] | None:
    """The task's form as its case's definition version has it, options filled in."""
    schema = registry.form(task.case.definition, task.form)
    return forms.resolve(schema, task.case) if schema is not None else None


def _locked_open_task(actor: User, task_id: int) -> HumanTask:
    """Lock the task's case, then re-read the task: what another writer did is visible."""
    task = get(actor, task_id)
    case = lock_case(task.case_id)
    # The task holds the locked case (state included): otherwise the session's weak identity
    # map may drop it and task.case would load it again, then its state (two more SELECTs).
    set_committed_value(task, "case", case)
    # Re-read only what a concurrent writer may have changed: cheaper than a full refresh.
    db.session.refresh(task, attribute_names=["completed_at", "completed_by", "assignee_id", "delegation_state"])
    if case.hold:
        raise Conflict("case {case} is {hold}: an administrator has to retry or resume it first", case=case.id, hold=case.hold)
    if task.completed_at is not None:
        raise Conflict("task {task} was already completed by {completed_by}", task=task.title, completed_by=task.completed_by)
    return task


@transactional
def claim(actor: User, task_id: int) -> HumanTask:
    task = _locked_open_task(actor, task_id)
    if task.assignee_id not in (None, actor.id):
        raise Conflict("task {task} is claimed by {assignee}", task=task.title, assignee=task.assignee.username)
    task.assignee_id = actor.id
    record(actor, "task_claimed", task.case_id, task.name)
    return task


MAX_BULK_CLAIM = 100


def claim_many(actor: User, task_ids: list[int]) -> list[dict[str, Any]]:
    """Claim each task as `claim` does, each in its own transaction with its own audit event:
    one refused (claimed by someone else, completed, not the actor's) stops no other.
    [{id, result: claimed|refused, code, reason}] in the order asked, each id once."""
    if len(task_ids) > MAX_BULK_CLAIM:
        raise InvalidInput("at most {max_bulk_claim} tasks at once", {"ids": [Text("more than {max_bulk_claim}", max_bulk_claim=MAX_BULK_CLAIM)]}, max_bulk_claim=MAX_BULK_CLAIM)
    results: list[dict[str, Any]] = []
    for task_id in dict.fromkeys(task_ids):
        try:
            claim(actor, task_id)
        except (Conflict, Forbidden, NotFound) as exc:
            results.append({"id": task_id, "result": "refused", "code": exc.code, "reason": exc.message})
        else:
            results.append({"id": task_id, "result": "claimed", "code": None, "reason": None})
    return results


@transactional
def unclaim(actor: User, task_id: int) -> HumanTask:
    task = _locked_open_task(actor, task_id)
    if task.assignee_id != actor.id:
        raise Conflict("task {task} is not claimed by you", task=task.title)
    if task.delegation_state == DelegationState.PENDING:
        raise Conflict("task {task} is delegated to {delegated_to}: "
                       "it has to come back before you release it", task=task.title, delegated_to=task.delegated_to.username)
    task.assignee_id = task.delegated_to_id = task.delegated_by_id = task.delegation_state = None
    record(actor, "task_unclaimed", task.case_id, task.name)
    return task


@incidents.recorded
@transactional
def complete(actor: User, task_id: int, data: dict[str, Any], opinion: str | None = None) -> Case:
    """Validate the form, move the case one step, and write it all in one transaction, with
    the opinion (办理意见) if one is given (engine/casework/comments.py).

    A decision SAMR otherwise takes in lists (engine/casework/list_decisions.py) taken
    here for one case is recorded as a list of one. A delegated task's submission goes back
    to its delegator instead (委派, engine/casework/handover.py)."""
    task = _locked_open_task(actor, task_id)
    if task.delegation_state == DelegationState.PENDING:
        from engine.casework import handover  # it builds on this module: imported when needed
        return handover.fill_in_locked(actor, task, data, opinion)
    case = complete_locked(actor, task, data, opinion)
    kind = LIST_FORMS.get(task.form)
    round_id = case.evaluation_round_id if kind in EVALUATION_LISTS else case.round_id
    if kind is not None and round_id is not None:
        rounds.record_decision(actor, kind, round_id, [(case, data)])
    return case


def complete_locked(actor: User, task: HumanTask, data: dict[str, Any], opinion: str | None = None) -> Case:
    """Complete an open task whose case the caller has locked (no commit here)."""
    opinion = comments.checked(opinion, "opinion") if opinion is not None and str(opinion).strip() else None
    if task.assignee_id not in (None, actor.id):
        raise Conflict("task {task} is claimed by {assignee}", task=task.title, assignee=task.assignee.username)
    schema = form_of(task)
    if schema is None:
        raise NotFound("form {form} is missing from the case's definition", form=task.form)
    forms.validate(schema, data)
    certification.check_date(task, data, clock.now())
    documents.check_references(task.case_id, data)
    # Held until the save: the session's identity map is weak, and the save reads the round
    # again for the next task's due date (one SELECT instead of two).
    _round = _check_round(task, data)
    case = task.case
    workflow = instances.load(case)
    spiff_task = instances.task(workflow, task.task_guid)
    props = instances.properties(spiff_task.task_spec)
    sanctions.check_not_before(props, spiff_task.data, clock.now())  # 陈述申辩: not before its period ends
    round_kind = props.get("round")
    engine_data = rounds.enter(case, round_kind) if round_kind else {}
    dated = sanctions.engine_data(task, data, clock.now())  # Art 22: the deadlines a decision sets
    engine_data = {**engine_data, **dated}
    # Scores are computed, not typed: the engine's results go into the data over the form's.
    score_data, sheet = records.before_step(actor, case, task, schema, data, spiff_task.data)
    engine_data = {**engine_data, **score_data}

    def step() -> None:
        spiff_task.set_data(**{**data, **engine_data})
        spiff_task.run()

    # A failing step becomes an incident the administrator can retry with the same data.
    with incidents.watch(case, "task", task_id=task.id, actor=actor.username, data=data):
        instances.run(workflow, step)
        task.completed_at, task.completed_by = clock.now(), actor.username
        instances.save(case, workflow, actor)
    detail: dict[str, Any] = {"title": task.title, "data": _summary(data)}
    if opinion is not None:
        written = comments.record_opinion(actor, task, opinion)
        db.session.flush()  # its id goes into the event: the approval sheet links the two
        detail["opinion"], detail["opinion_id"] = opinion[:200], written.id
    record(actor, "task_completed", case, task.name, detail)
    records.after_step(actor, case, task, sheet)
    decisions.after_step(actor, case, task, {**data, **dated},  # its letter and number, issued at commit
                         attempts=spiff_task.data.get("evaluation_attempts"))
    resubmission.came_back(actor, case, task, spiff_task)  # sent back, resubmitted: to the sender
    return case


def _check_round(task: HumanTask, data: dict[str, Any]) -> Round | None:
    """The round's calendar and quota bind the tasks they name (409 late, 400 over quota)."""
    if task.round_id is None:
        return None
    round_ = rounds.get(task.round_id)
    rounds.check_deadline(round_, task, clock.now())
    if task.form == rounds.RECOMMENDATION_FORM and data.get("decision") == "recommend":
        rounds.check_quota(round_, task.province_id, 1, field="decision")
    return round_


def _summary(data: dict[str, Any], limit: int = 200) -> dict[str, Any]:
    """What was submitted, with long texts shortened: enough for the history."""
    return {k: (v[:limit] + "…" if isinstance(v, str) and len(v) > limit else v)
            for k, v in data.items()}


def context(task: HumanTask) -> dict[str, Any]:
    """The case data a task's assignee sees beside the form (the task's own data)."""
    workflow = instances.load(task.case)
    spiff_task = resets.find(workflow, task.task_guid)  # None once a finished task was pruned
    return dict(spiff_task.data) if spiff_task is not None else {}
