"""SAMR decides in lists: creation approval of a round's recommended cases (Art 9), one
public notice of an evaluation round's passed regions (Art 15) and certification after it
(Art 16), each one decision over many cases.

Built on the cases' own user tasks (`creation_approval`, `notice_publication`,
`certification`): one call
completes each listed case's task in one transaction and writes one decision record
(models.rounds.ListDecision). A case decided alone on its task is a list of one
(engine/casework/tasks.py records it so).
"""
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import InstrumentedAttribute

from engine import access
from engine.casework import recommendations, rounds, tasks
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound, Text
from engine.tx import lock_case, transactional
from models import Case, HumanTask, ListDecision, User, db
from models.rounds import ListKind, RoundKind


@dataclass(frozen=True)
class Kind:
    form: str
    round_kind: str
    round_of_case: InstrumentedAttribute[Any]  # the case column naming the round it is decided in
    per_case: tuple[str, ...]                  # item fields that go to each case's task


KINDS = {
    ListKind.CREATION_APPROVAL: Kind("creation_approval", RoundKind.APPLICATION, Case.round_id, ("decision", "reasons")),
    # One notice document lists every region: the completions share its title and text.
    ListKind.PUBLIC_NOTICE: Kind("notice_publication", RoundKind.EVALUATION, Case.evaluation_round_id, ()),
    ListKind.CERTIFICATION: Kind("certification", RoundKind.EVALUATION, Case.evaluation_round_id, ()),
}


def _kind_and_round(actor: User, round_id: int, kind: str) -> Kind:
    if not actor.has_role("samr"):
        raise Forbidden("only SAMR decides on a round's list")
    spec = KINDS[ListKind(kind)]
    round_ = rounds.get(round_id)
    if round_.kind != spec.round_kind:
        raise NotFound("round {round_id} is not an {round_kind} round", round_id=round_id, round_kind=spec.round_kind)
    return spec


def pending(actor: User, round_id: int, kind: str) -> list[HumanTask]:
    """The round's cases waiting for this decision, by province, then the province's rank."""
    spec = _kind_and_round(actor, round_id, kind)
    found = (HumanTask.query.join(Case, Case.id == HumanTask.case_id)
             .filter(HumanTask.form == spec.form, HumanTask.completed_at.is_(None),
                     spec.round_of_case == round_id, access.task_filter(actor)).all())
    ranks = recommendations.rank_of([t.case_id for t in found])
    return sorted(found, key=lambda t: (t.province_id, getattr(ranks.get(t.case_id), "rank", None) or 10**9,
                                        t.case_id))


def decisions(round_id: int, kind: str | None = None) -> list[ListDecision]:
    rounds.get(round_id)
    q = ListDecision.query.filter_by(round_id=round_id)
    if kind:
        q = q.filter_by(kind=kind)
    return q.order_by(ListDecision.decided_at, ListDecision.id).all()


@transactional
def decide(actor: User, round_id: int, kind: str, items: list[dict[str, Any]],
           data: dict[str, Any] | None = None) -> ListDecision:
    """Complete each listed case's task with its item (and `data`, common to all) and
    record one decision; 400 naming the field and nothing stored if any case is wrong."""
    spec = _kind_and_round(actor, round_id, kind)
    data = {k: v for k, v in (data or {}).items() if v is not None}
    by_case = {item["case_id"]: item for item in items}
    if not items:
        raise InvalidInput("the list is empty", {"items": ["name at least one case"]})
    if len(by_case) != len(items):
        raise InvalidInput("a case is listed twice", {"items": ["each case once"]})
    waiting = {t.case_id: t for t in pending(actor, round_id, kind)}
    strangers = sorted(set(by_case) - set(waiting))
    if strangers:
        raise InvalidInput("cases {strangers} do not wait for this decision in round {round_id}",
                           {"items": [Text("not of this round, or not waiting for {form}: {strangers}", form=spec.form, strangers=strangers)]}, strangers=strangers, round_id=round_id)
    entries = []
    for case_id in sorted(by_case):  # lock in id order, as every multi-case writer does
        if lock_case(case_id).hold:
            raise Conflict("case {case_id} is held: an administrator has to retry or resume it first", case_id=case_id)
        task = waiting[case_id]
        db.session.refresh(task)
        if task.completed_at is not None:
            raise Conflict("case {case_id} was decided meanwhile by {completed_by}", case_id=case_id, completed_by=task.completed_by)
        item = {k: v for k, v in by_case[case_id].items() if k in spec.per_case and v is not None}
        try:
            case = tasks.complete_locked(actor, task, {**data, **item})
        except InvalidInput as exc:  # name the item: the form's field alone would not say which case
            raise InvalidInput("case {case_id}: {message_value}",
                               {f"items.{case_id}.{k}": v for k, v in exc.fields.items()} or
                               {"items": [Text("case {case_id}: {message_value}", case_id=case_id, message_value=exc.message)]}, case_id=case_id, message_value=exc.message) from exc
        entries.append((case, item))
    return rounds.record_decision(actor, kind, round_id, entries, data)
