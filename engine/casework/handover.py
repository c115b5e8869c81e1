"""Handing a task over: 转办 transfer, 委派 delegate, and 催办 urging by a role above.

Transfer and delegation stay within the task's office: the colleague holds the task's role in
the same organisation as its holder, so nobody outside the scope of engine/access.py ever
receives a task. A transfer makes the task the colleague's (claimed by them). A delegation
keeps it the holder's: the colleague fills the form in, the data comes back to the holder as
the task's draft, and only the holder's completion moves the case (tasks.complete hands the
delegate's submission to `fill_in_locked`). Urging is a notice from the supervising role
(the escalation chain of engine/scheduling/escalation.py), at most once per task per hour.

Each move runs under the case lock and writes in one transaction the inbox row, the audit
event and a notification (task id in its detail: the one-per-task constraint of
notifications belongs to the scheduler's reminders).
"""
from datetime import timedelta
from typing import Any

from engine import clock, text
from engine.audit import record
from engine.casework import comments, documents, notifications, tasks
from engine.definitions import forms
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound, Text
from engine.tx import lock_case, transactional
from models import AuditEvent, Draft, HumanTask, Org, RoleMembership, User, db
from models.comments import OPINION_FIELD
from models.notifications import NoticeKind
from models.tasks import DelegationState

MAX_REASON = 2000
URGE_INTERVAL = timedelta(hours=1)
# Who urges whom (催办): the supervising roles of a task's role. A province only within its own
# province; SAMR everywhere.
URGED_BY = {"province": ("samr",), "applicant": ("province", "samr"), "member_unit": ("province", "samr"),
            "expert": ("samr",)}
REFRESHED = ["completed_at", "completed_by", "assignee_id", "delegated_to_id", "delegated_by_id",
             "delegation_state"]


def _locked(actor: User, task_id: int) -> HumanTask:
    task = tasks._locked_open_task(actor, task_id)
    db.session.refresh(task, attribute_names=REFRESHED[3:])
    return task


def _reason(value: str | None, required: bool, what: str = "why") -> str | None:
    reason = (value or "").strip()
    if required and not reason:
        raise InvalidInput("say {what}", {"reason": ["a reason is required"]}, what=what)
    if len(reason) > MAX_REASON:
        raise InvalidInput("the reason is too long", {"reason": [Text("at most {max_reason} characters", max_reason=MAX_REASON)]})
    text.check({"reason": reason})
    return reason or None


def _held(actor: User, task: HumanTask) -> None:
    """Only the task's holder hands it over: who claimed it, or any of its group while unclaimed."""
    if task.assignee_id not in (None, actor.id):
        raise Conflict("task {task} is held by {assignee}: only they may hand it over", task=task.title, assignee=task.assignee.username)


def colleagues(actor: User, task: HumanTask) -> list[User]:
    """The active accounts that hold the task's role in the actor's own office, the actor aside."""
    offices = [m.org_id for m in actor.roles if m.role == task.role]
    if not offices:
        return []
    return (User.query.join(RoleMembership, RoleMembership.user_id == User.id)
            .filter(RoleMembership.role == task.role, RoleMembership.org_id.in_(offices),
                    User.id != actor.id, User.active.is_(True))
            .order_by(User.username).distinct().all())


def _colleague(actor: User, task: HumanTask, username: str) -> User:
    """The named colleague, or why not: unknown (400), another role or office (403), oneself (409)."""
    user = User.query.filter_by(username=username).first() if username else None
    if user is None or not user.active:
        raise InvalidInput("there is no active user {username}",
                           {"to": [Text("unknown user {username}", username=text.shown(username or ''))]}, username=text.shown(username or ''))
    if user.id == actor.id:
        raise Conflict("task {task} is already yours: name a colleague", task=task.title)
    theirs = {m.org_id for m in user.roles if m.role == task.role}
    if not theirs:
        raise Forbidden("{user} does not hold the {role} role that {task} needs", user=user.username, role=task.role, task=task.title)
    ours = {m.org_id for m in actor.roles if m.role == task.role}
    if not theirs & ours:
        offices = ", ".join(sorted(o.name for o in Org.query.filter(Org.id.in_(theirs))))
        raise Forbidden("{user} works for another office ({offices}): "
                        "{task} may only go to a colleague of your own office", user=user.username, offices=offices, task=task.title)
    return user


@transactional
def transfer(actor: User, task_id: int, to: str, reason: str | None) -> HumanTask:
    """转办: the task becomes the colleague's, claimed by them."""
    task = _locked(actor, task_id)
    _held(actor, task)
    reason = _reason(reason, required=True, what="why the task is transferred")
    if task.delegation_state == DelegationState.PENDING:
        raise Conflict("task {task} is delegated to {delegated_to}: "
                       "it has to come back before it can be transferred", task=task.title, delegated_to=task.delegated_to.username)
    user = _colleague(actor, task, to)
    task.assignee_id = user.id
    task.delegated_to_id = task.delegated_by_id = task.delegation_state = None
    record(actor, "task_transferred", task.case_id, task.name, {
        "title": task.title, "task_id": task.id, "from": actor.username, "to": user.username, "reason": reason})
    notifications.send(NoticeKind.TASK_TRANSFERRED, f"转办：{task.title}（{actor.display_name or actor.username}）",
                       case_id=task.case_id, user_id=user.id,
                       detail={"task_id": task.id, "by": actor.username, "reason": reason})
    db.session.flush()
    db.session.refresh(task, attribute_names=["assignee"])
    return task


@transactional
def delegate(actor: User, task_id: int, to: str, reason: str | None = None) -> HumanTask:
    """委派: the colleague fills the task in; it stays the actor's, who completes it. Delegating
    again (also while the colleague has it) sends it to whom is named now."""
    task = _locked(actor, task_id)
    _held(actor, task)
    reason = _reason(reason, required=False)
    if task.role == "expert":
        raise Conflict("task {task} is an expert's own assessment: it cannot be delegated, only transferred", task=task.title)
    user = _colleague(actor, task, to)
    task.assignee_id = actor.id
    task.delegated_to_id, task.delegated_by_id = user.id, actor.id
    task.delegation_state = DelegationState.PENDING
    record(actor, "task_delegated", task.case_id, task.name, {
        "title": task.title, "task_id": task.id, "to": user.username, "reason": reason})
    notifications.send(NoticeKind.TASK_DELEGATED, f"委派：{task.title}（{actor.display_name or actor.username}）",
                       case_id=task.case_id, user_id=user.id,
                       detail={"task_id": task.id, "by": actor.username, "reason": reason})
    db.session.flush()
    db.session.refresh(task, attribute_names=["assignee", "delegated_to", "delegated_by"])
    return task


def fill_in_locked(actor: User, task: HumanTask, data: dict[str, Any], opinion: str | None = None) -> Any:
    """The delegate's submission of a delegated task (case locked by tasks.complete): the form
    is checked as for a completion, kept with the delegate's opinion as the task's draft, and
    the task goes back to the delegator. The workflow does not move."""
    db.session.refresh(task, attribute_names=REFRESHED[3:])
    if actor.id != task.delegated_to_id:
        raise Conflict("task {task} is delegated to {delegated_to}: it comes back to "
                       "{delegated_by} to complete once they have filled it in", task=task.title, delegated_to=task.delegated_to.username, delegated_by=task.delegated_by.username)
    schema = tasks.form_of(task)
    if schema is None:
        raise NotFound("form {form} is missing from the case's definition", form=task.form)
    forms.validate(schema, data)
    documents.check_references(task.case_id, data)
    opinion = comments.checked(opinion, "opinion") if opinion is not None and str(opinion).strip() else None
    draft = Draft.query.filter_by(task_id=task.id).first()
    if draft is None:
        draft = Draft(task_id=task.id)
        db.session.add(draft)
    draft.saved_by, draft.saved_at = actor.username, clock.now()
    draft.data = {**data, OPINION_FIELD: opinion} if opinion else dict(data)
    task.delegation_state = DelegationState.RETURNED
    record(actor, "task_delegation_returned", task.case, task.name, {
        "title": task.title, "task_id": task.id, "to": task.delegated_by.username,
        "data": tasks._summary(data)})
    notifications.send(NoticeKind.TASK_DELEGATION_RETURNED, f"委派办理完毕，待您审核办结：{task.title}",
                       case_id=task.case_id, user_id=task.delegated_by_id,
                       detail={"task_id": task.id, "by": actor.username})
    return task.case


def filled_in(task: HumanTask) -> dict[str, Any] | None:
    """What the delegate filled in, while the task is back with its delegator; else None."""
    if task.delegation_state != DelegationState.RETURNED or task.completed_at is not None:
        return None
    draft = Draft.query.filter_by(task_id=task.id).first()
    return dict(draft.data) if draft is not None else None


# -- 催办 urging ---------------------------------------------------------------------------
def urge_refusal(actor: User, task: HumanTask) -> str | None:
    """Why the actor may not urge the task, or None when they may."""
    above = URGED_BY.get(task.role, ())
    for m in actor.roles:
        if m.role == "samr" and "samr" in above:
            return None
        if m.role == "province" and "province" in above and m.org_id == task.province_id:
            return None
    if not above:
        return f"{task.title} is SAMR's own task: no role above it may urge it"
    if any(m.role == "province" for m in actor.roles) and "province" in above:
        return f"{task.title} is another province's case: a province urges only its own applicants"
    return f"only {' or '.join(above)} may urge a {task.role} task such as {task.title}"


def urgeable(actor: User, task_id: int) -> HumanTask:
    """The task if the actor may urge it: 404 unknown, 403 saying why not."""
    task = db.session.get(HumanTask, task_id)
    if task is None:
        raise NotFound("task {task_id} does not exist", task_id=task_id)
    why = urge_refusal(actor, task)
    if why is not None:
        raise Forbidden(why)
    return task


def last_urged(task: HumanTask, since: Any) -> AuditEvent | None:
    events = (AuditEvent.query.filter(AuditEvent.case_id == task.case_id, AuditEvent.action == "task_urged",
                                      AuditEvent.task_name == task.name, AuditEvent.at > since)
              .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).all())
    return next((e for e in events if (e.detail or {}).get("task_id") == task.id), None)


@transactional
def urge(actor: User, task_id: int, reason: str | None) -> AuditEvent:
    """催办: a notice to the task's holders (who claimed it, else its role in its office)."""
    task = urgeable(actor, task_id)
    reason = _reason(reason, required=True, what="why the task is urged")
    lock_case(task.case_id)
    db.session.refresh(task, attribute_names=REFRESHED)
    if task.completed_at is not None:
        raise Conflict("task {task} was already completed by {completed_by}", task=task.title, completed_by=task.completed_by)
    now = clock.now()
    last = last_urged(task, now - URGE_INTERVAL)
    if last is not None:
        raise Conflict("{task} was urged by {actor} at {at}: "
                       "it may be urged again from {at2}", task=task.title, actor=last.actor, at=clock.local_text(last.at), at2=clock.local_text(last.at + URGE_INTERVAL))
    holder = {"user_id": task.assignee_id} if task.assignee_id else {
        "role": task.role, "org_id": notifications.scope_org(task.role, task)}
    office = next((m.org.name for m in actor.roles if m.role in ("samr", "province")), actor.username)
    notifications.send(NoticeKind.TASK_URGED, f"催办：{task.title}（{office}）", case_id=task.case_id,
                       detail={"task_id": task.id, "by": actor.username, "reason": reason}, **holder)
    to = task.assignee.username if task.assignee_id else f"{task.role}@{holder['org_id'] or 'national'}"
    return record(actor, "task_urged", task.case_id, task.name, {
        "title": task.title, "task_id": task.id, "reason": reason, "to": to})
