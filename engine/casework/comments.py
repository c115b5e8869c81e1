"""办理意见: opinions written with a task's completion and comments posted on a case.

An opinion is the completing person's word on the step (同意。/ 请补正后重新提交。); it is
kept beside the workflow, never in its data, so no script or condition reads it and the
step's form stays what its diagram declares. It is written in the completion's own
transaction (engine/casework/tasks.py:complete_locked): no opinion without its step.
A comment can be posted at any time by anyone who may see the case, optionally about one of
the case's tasks. Both carry the office the author wrote for, as it was then.
"""
from engine import clock, text
from engine.audit import record
from engine.casework import cases, search
from engine.errors import InvalidInput, NotFound, Text
from engine.tx import transactional
from models import Case, CaseComment, HumanTask, Org, User, db
from models.comments import CommentKind

MAX_TEXT = 2000
MIN_TEXT = 1


def checked(value: object, field: str = "text") -> str:
    """The text stripped of surrounding blanks, within 1..MAX_TEXT characters and the text
    policy (engine/text.py), or a 400 naming `field`."""
    if not isinstance(value, str):
        raise InvalidInput("{field} must be a text", {field: ["must be a text"]}, field=field)
    value = value.strip()
    if len(value) < MIN_TEXT:
        raise InvalidInput("{field} is empty", {field: ["must not be empty"]}, field=field)
    if len(value) > MAX_TEXT:
        raise InvalidInput("{field} is longer than {max_text} characters",
                           {field: [Text("at most {max_text} characters", max_text=MAX_TEXT)]}, field=field, max_text=MAX_TEXT)
    text.check({field: value})
    return value


def office_of(user: User, role: str | None = None) -> Org | None:
    """The organisation `user` acts for in `role` (their first one without a role)."""
    memberships = [m for m in user.roles if role is None or m.role == role] or list(user.roles)
    return memberships[0].org if memberships else None


def record_opinion(actor: User, task: HumanTask, opinion: str) -> CaseComment:
    """The opinion given with `task`'s completion; the caller's transaction writes it."""
    return _write(actor, task.case_id, CommentKind.OPINION, opinion, task)


@transactional
def add(actor: User, case_id: int, body: object, task_id: int | None = None) -> CaseComment:
    """A comment on a case the actor may see; `task_id` must be one of that case's tasks."""
    case = cases.get(actor, case_id)  # 403/404 before the text is looked at
    value = checked(body)
    task = None
    if task_id is not None:
        task = db.session.get(HumanTask, task_id)
        if task is None or task.case_id != case.id:
            raise NotFound("task {task_id} is not a task of case {case}", task_id=task_id, case=case.id)
    comment = _write(actor, case.id, CommentKind.COMMENT, value, task)
    db.session.flush()
    record(actor, "comment_added", case, task.name if task else None, {
        "comment_id": comment.id, "task_id": task.id if task else None,
        "title": task.title if task else None, "text": value[:200]})
    return comment


def _write(actor: User, case_id: int, kind: CommentKind, value: str, task: HumanTask | None) -> CaseComment:
    office = office_of(actor, task.role if task is not None else None)
    comment = CaseComment(case_id=case_id, task_id=task.id if task else None, kind=kind,
                          author_id=actor.id, org_id=office.id if office else None,
                          step=task.title if task else None, text=value, at=clock.now())
    db.session.add(comment)
    db.session.flush()
    search.reindex_case(db.session.get(Case, case_id))  # found by what was said, at once
    return comment


def of_case(actor: User, case_id: int) -> list[CaseComment]:
    """Opinions and comments of a case the actor may see, oldest first."""
    case = cases.get(actor, case_id)
    return of_case_unchecked(case.id)


def of_case_unchecked(case_id: int) -> list[CaseComment]:
    """For callers that have checked access already (the case page, the approval sheet)."""
    return (CaseComment.query.filter_by(case_id=case_id)
            .order_by(CaseComment.at, CaseComment.id).all())

