"""Recommendation (Art 8): a province ranks the cases of one round that passed initial
review and submits the list at once; each case waits in its own `recommendation` task."""
from typing import Any

from engine import access
from engine.casework import tasks
from engine.errors import Conflict, Forbidden, InvalidInput
from engine.tx import lock_case, transactional
from models import Case, HumanTask, User, db

FORM = "recommendation"


def waiting(actor: User, round_id: int) -> list[HumanTask]:
    """The open recommendation tasks of `round_id` that `actor` may complete."""
    if not actor.has_role("province"):
        raise Forbidden("only a provincial bureau recommends")
    return (HumanTask.query.filter(HumanTask.form == FORM, HumanTask.round_id == round_id,
                                   HumanTask.completed_at.is_(None), access.task_filter(actor))
            .order_by(HumanTask.case_id).all())


@transactional
def submit(actor: User, round_id: int, items: list[dict[str, Any]]) -> list[Case]:
    """Complete every waiting recommendation of the round in one transaction.

    The list must name each waiting case once; recommended cases carry the ranks
    1..n without gaps, so SAMR receives one unambiguous ranked list.
    """
    open_tasks = {t.case_id: t for t in waiting(actor, round_id)}
    by_case = {item["case_id"]: item for item in items}
    if len(by_case) != len(items):
        raise InvalidInput("a case is listed twice", {"items": ["each case once"]})
    if set(by_case) != set(open_tasks):
        raise InvalidInput("the list must name exactly the cases waiting for recommendation",
                           {"items": [f"waiting: {sorted(open_tasks)}"]})
    ranks = sorted(i["rank"] for i in items if i["decision"] == "recommend")
    if ranks != list(range(1, len(ranks) + 1)):
        raise InvalidInput("recommended cases must be ranked 1..n without gaps or ties",
                           {"rank": [f"got {ranks}"]})
    cases = []
    for case_id in sorted(open_tasks):  # lock in id order: two provinces never deadlock
        lock_case(case_id)
        task = open_tasks[case_id]
        db.session.refresh(task)
        if task.completed_at is not None:
            raise Conflict(f"the recommendation of case {case_id} was already submitted")
        item = {k: v for k, v in by_case[case_id].items() if k != "case_id" and v is not None}
        cases.append(tasks.complete_locked(actor, task, item))
    return cases
