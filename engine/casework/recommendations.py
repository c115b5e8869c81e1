"""Recommendation (Art 8): a province ranks the cases of one round that passed initial
review and submits its list once; each case waits in its own `recommendation` task,
and the list completes them all in one transaction. SAMR reads every province's list.

A case that reaches recommendation after its province's list went in (an amendment that
came late) is recommended on its own task; the round's deadline and quota still bind it.
"""
from typing import Any

from sqlalchemy.exc import IntegrityError

from engine import access, clock
from engine.audit import record
from engine.casework import rounds, tasks
from engine.errors import Conflict, Forbidden, InvalidInput, Text
from engine.tx import lock_case, transactional
from models import Case, HumanTask, RecommendationItem, RecommendationList, Round, User, db
from models.rounds import Deadline

FORM = rounds.RECOMMENDATION_FORM


def waiting(actor: User, round_id: int) -> list[HumanTask]:
    """The open recommendation tasks of `round_id` that `actor` may complete."""
    if not actor.has_role("province"):
        raise Forbidden("only a provincial bureau recommends")
    return (HumanTask.query.filter(HumanTask.form == FORM, HumanTask.round_id == round_id,
                                   HumanTask.completed_at.is_(None), access.task_filter(actor))
            .order_by(HumanTask.case_id).all())


def province_of(actor: User) -> int:
    orgs = actor.orgs_for("province")
    if not orgs:
        raise Forbidden("only a provincial bureau recommends")
    return orgs[0].id


def submitted(round_id: int, province_id: int) -> RecommendationList | None:
    return RecommendationList.query.filter_by(round_id=round_id, province_id=province_id).first()


def lists(actor: User, round_id: int) -> list[RecommendationList]:
    """The round's submitted lists: every province's for SAMR (side by side), a
    province's own for a province."""
    rounds.get(round_id)
    q = RecommendationList.query.filter_by(round_id=round_id)
    if not (actor.has_role("samr") or actor.has_role("admin")):
        q = q.filter(RecommendationList.province_id == province_of(actor))
    return q.order_by(RecommendationList.province_id).all()


@transactional
def submit(actor: User, round_id: int, items: list[dict[str, Any]]) -> list[Case]:
    """The province's list for the round, once: every waiting case named once, the
    recommended ranked 1..n without gaps or ties, within the round's quota."""
    province_id = province_of(actor)
    round_ = rounds.get(round_id)
    open_tasks = {t.case_id: t for t in waiting(actor, round_id)}
    by_case = _checked(round_, province_id, items, open_tasks)
    cases = []
    for case_id in sorted(open_tasks):  # lock in id order: two provinces never deadlock
        lock_case(case_id)
        task = open_tasks[case_id]
        db.session.refresh(task)
        if task.completed_at is not None:
            raise Conflict("the recommendation of case {case_id} was already submitted", case_id=case_id)
        item = {k: v for k, v in by_case[case_id].items() if k != "case_id" and v is not None}
        cases.append(tasks.complete_locked(actor, task, item))
    # under the cases' locks: a second list of the same province waited for ours and meets it here
    if submitted(round_id, province_id) is not None:
        raise Conflict("the province's recommendation list for round {round} was already submitted", round=round_.name)
    _store(actor, round_id, province_id, items)
    return cases


def _checked(round_: Round, province_id: int, items: list[dict[str, Any]],
             open_tasks: dict[int, HumanTask]) -> dict[int, dict[str, Any]]:
    """The list by case id; 409 when it is a second one or late, else 400 naming the field."""
    if submitted(round_.id, province_id) is not None:
        raise Conflict("the province's recommendation list for round {round} was already submitted", round=round_.name)
    if round_.recommendation_deadline is not None and clock.now() > round_.recommendation_deadline:
        rounds.refuse_late(round_, Deadline.RECOMMENDATION)
    by_case = {item["case_id"]: item for item in items}
    if not items:
        raise InvalidInput("the list is empty", {"items": ["name every case waiting for recommendation"]})
    if len(by_case) != len(items):
        raise InvalidInput("a case is listed twice", {"items": ["each case once"]})
    strangers = sorted(set(by_case) - set(open_tasks))
    if strangers:
        raise InvalidInput("cases {strangers} do not wait for your recommendation in round {round}",
                           {"items": [Text("not of your province and this round, or not waiting: {strangers}", strangers=strangers)]}, strangers=strangers, round=round_.name)
    missing = sorted(set(open_tasks) - set(by_case))
    if missing:
        raise InvalidInput("the list must name every case that passed initial review",
                           {"items": [Text("missing: {missing}", missing=missing)]})
    ranks = sorted(i.get("rank") or 0 for i in items if i["decision"] == "recommend")
    if ranks != list(range(1, len(ranks) + 1)):
        raise InvalidInput("recommended cases must be ranked 1..n without gaps or ties",
                           {"rank": [Text("got {ranks}", ranks=ranks)]})
    rounds.check_quota(round_, province_id, len(ranks))
    return by_case


def _store(actor: User, round_id: int, province_id: int, items: list[dict[str, Any]]) -> RecommendationList:
    ordered = sorted(items, key=lambda i: (i["decision"] != "recommend", i.get("rank") or 0, i["case_id"]))
    entry = RecommendationList(round_id=round_id, province_id=province_id, submitted_at=clock.now(),
                               submitted_by=actor.username)
    entry.items = [RecommendationItem(case_id=i["case_id"], position=n, decision=i["decision"],
                                      rank=i.get("rank") if i["decision"] == "recommend" else None,
                                      reasons=i.get("reasons"))
                   for n, i in enumerate(ordered, start=1)]
    db.session.add(entry)
    try:
        db.session.flush()
    except IntegrityError:
        raise Conflict("the province's recommendation list for this round was already submitted") from None
    record(actor, "recommendation_list_submitted", detail={
        "round_id": round_id, "province_id": province_id, "list_id": entry.id,
        "ranked": [i.case_id for i in entry.items if i.decision == "recommend"],
        "not_recommended": [i.case_id for i in entry.items if i.decision != "recommend"]})
    return entry


def rank_of(case_ids: list[int]) -> dict[int, RecommendationItem]:
    """The list entries of these cases (for SAMR's approval list: the province's ranks)."""
    if not case_ids:
        return {}
    return {i.case_id: i for i in RecommendationItem.query.filter(RecommendationItem.case_id.in_(case_ids))}
