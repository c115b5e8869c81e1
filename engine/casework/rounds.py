"""Rounds: SAMR opens application and evaluation rounds, each with its notice (通知) and,
for an application round, a calendar (deadlines for submission, provincial review and
recommendation) and a quota of recommendations per province.

The calendar binds the user tasks named in models.rounds.DEADLINE_OF_FORM: a task
completed after its deadline is refused (409 naming the deadline), and its inbox row is
due by the deadline at the latest (engine/runtime/instances.py).
"""
from datetime import datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import func

from engine import clock, text
from engine.audit import Actor, record
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound, Text
from engine.tx import transactional
from models import Case, HumanTask, ListDecision, ListDecisionItem, Round, User, db
from models.process import EndStage
from models.rounds import DEADLINE_OF_FORM, DEADLINES, Deadline, RoundKind

RECOMMENDATION_FORM = "recommendation"
DEADLINE_TEXT = {Deadline.SUBMISSION: "submission", Deadline.PROVINCIAL_REVIEW: "provincial review",
                 Deadline.RECOMMENDATION: "recommendation"}


def all_rounds() -> list[Round]:
    return Round.query.order_by(Round.opens_at.desc(), Round.id.desc()).all()


def get(round_id: int) -> Round:
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        raise NotFound("round {round_id} does not exist", round_id=round_id)
    return round_


@transactional
def create(actor: User, kind: str, name: str, opens_at: datetime, closes_at: datetime,
           deadlines: dict[str, datetime | None] | None = None, quota: int | None = None,
           notice: dict[str, Any] | None = None) -> Round:
    if not actor.has_role("samr"):
        raise Forbidden("only SAMR opens rounds")
    text.check({"name": name}, one_line=("name",))
    if closes_at <= opens_at:
        raise InvalidInput("a round must close after it opens", {"closes_at": ["must be after opens_at"]})
    round_ = Round(kind=kind, name=name, opens_at=opens_at, closes_at=closes_at)
    _set_calendar(round_, deadlines or {}, quota, notice)
    db.session.add(round_)
    db.session.flush()
    record(actor, "round_opened", detail={"round_id": round_.id, "kind": kind, "name": name, **_calendar(round_)})
    return round_


@transactional
def update(actor: User, round_id: int, changes: dict[str, Any]) -> Round:
    """Change the calendar, quota or notice (SAMR extends a deadline, corrects the notice).

    Open tasks bound to a moved deadline get their new due date at once. The notice's
    `attachments` given here are its links; its files (engine.casework.round_attachments)
    stay as they are."""
    if not actor.has_role("samr"):
        raise Forbidden("only SAMR changes rounds")
    round_ = get(round_id)
    before = round_.deadlines
    deadlines = {**before, **changes.get("deadlines", {})}
    quota = changes.get("quota", round_.quota)
    kept = {"title": round_.notice_title, "text": round_.notice_text, "attachments": round_.notice_attachments}
    notice = changes.get("notice", kept if round_.notice else None)
    if notice is None and round_.attachment_files:
        raise Conflict("the notice of round {round} has files attached: remove them before the notice",
                       {"notice": ["has files attached"]}, round=round_.name)
    _set_calendar(round_, deadlines, quota, notice)
    _redue_open_tasks(round_, before)
    record(actor, "round_changed", detail={"round_id": round_.id, "name": round_.name, **_calendar(round_)})
    return round_


def _set_calendar(round_: Round, deadlines: dict[str, datetime | None], quota: int | None,
                  notice: dict[str, Any] | None) -> None:
    """Check and set deadlines, quota and notice: 400 naming the field, nothing stored."""
    given = {k: v for k, v in deadlines.items() if v is not None}
    if round_.kind != RoundKind.APPLICATION and (given or quota is not None):
        field = "quota" if quota is not None else "deadlines"
        raise InvalidInput("deadlines and a quota belong to application rounds", {field: ["application rounds only"]})
    errors: dict[str, list[str]] = {}
    for which, when in given.items():
        if when < round_.opens_at:
            errors[f"deadlines.{which}"] = ["must not be before the round opens (opens_at)"]
    ordered = [(d, given[d]) for d in DEADLINES if d in given]
    for (earlier, a), (later, b) in pairwise(ordered):
        if b < a and f"deadlines.{later}" not in errors:
            errors[f"deadlines.{later}"] = [f"must not be before the {DEADLINE_TEXT[Deadline(earlier)]} deadline"]
    if quota is not None and quota < 1:
        errors["quota"] = ["must be at least 1"]
    if errors:
        raise InvalidInput("the round's calendar is not consistent", errors)
    for which in DEADLINES:
        setattr(round_, f"{which}_deadline", given.get(which))
    round_.quota = quota
    notice = notice or {}
    round_.notice_title, round_.notice_text = notice.get("title"), notice.get("text")
    round_.notice_attachments = notice.get("attachments") or None


def _calendar(round_: Round) -> dict[str, Any]:
    """The calendar as audit detail (JSON)."""
    return {"deadlines": {k: v.isoformat() for k, v in round_.deadlines.items() if v is not None},
            "quota": round_.quota, "notice_title": round_.notice_title}


def _redue_open_tasks(round_: Round, before: dict[str, datetime | None]) -> None:
    """Open tasks bound to a moved deadline follow it: a row due at the old deadline is
    due at the new one; a row due later than the new one is due at the new one."""
    for task in HumanTask.query.filter(HumanTask.round_id == round_.id, HumanTask.completed_at.is_(None),
                                       HumanTask.form.in_(list(DEADLINE_OF_FORM))):
        which = DEADLINE_OF_FORM[task.form]
        new = round_.deadline(which)
        if new is not None and (task.due_at is None or task.due_at == before[which] or new < task.due_at):
            task.due_at = new


def check_deadline(round_: Round, task: HumanTask, now: datetime) -> None:
    """409 naming the deadline when `task` is bound to one of its round's and it passed."""
    bound = round_.deadline_for_form(task.form)
    if bound is not None and now > bound[1]:
        refuse_late(round_, bound[0])


def refuse_late(round_: Round, which: str) -> None:
    when = round_.deadline(which)
    raise Conflict("the {value} deadline of round {round} passed at "
                   "{when} (Beijing time)",
                   {f"deadlines.{which}": [Text("passed at {isoformat}", isoformat=when.isoformat())]}, value=DEADLINE_TEXT[Deadline(which)], round=round_.name, when=clock.local_text(when))


def check_quota(round_: Round, province_id: int, adding: int, field: str = "items") -> None:
    """400 when `adding` more recommended cases would exceed the round's quota for the province."""
    if round_.quota is None:
        return
    already = recommended_count(round_.id, province_id)
    if already + adding > round_.quota:
        raise InvalidInput("over the quota: round {round} allows at most {quota} recommended "
                           "cases per province",
                           {field: [Text("at most {quota} recommended (quota): {already} already, "
                                    "{adding} more asked", quota=round_.quota, already=already, adding=adding)]}, round=round_.name, quota=round_.quota)


def recommended_count(round_id: int, province_id: int) -> int:
    """Cases of the round and province whose recommendation is done and did not say no
    (their stage is past recommendation: approval or later, or an end other than that)."""
    done = (db.session.query(func.count(func.distinct(HumanTask.case_id)))
            .join(Case, Case.id == HumanTask.case_id)
            .filter(HumanTask.round_id == round_id, HumanTask.province_id == province_id,
                    HumanTask.form == RECOMMENDATION_FORM, HumanTask.completed_at.isnot(None),
                    Case.stage != EndStage.NOT_RECOMMENDED))
    return int(done.scalar() or 0)


def record_decision(actor: Actor, kind: str, round_id: int, entries: list[tuple[Case, dict[str, Any]]],
                    data: dict[str, Any] | None = None) -> ListDecision:
    """One decision record over the cases it decided (a case decided alone: a list of one)."""
    decision = ListDecision(round_id=round_id, kind=kind, decided_at=clock.now(),
                            decided_by=getattr(actor, "username", actor), data=data or {})
    decision.items = [ListDecisionItem(case_id=case.id, decision=item.get("decision"), reasons=item.get("reasons"))
                      for case, item in entries]
    db.session.add(decision)
    db.session.flush()
    record(actor, f"{kind}_list_decided", detail={
        "decision_id": decision.id, "round_id": round_id,
        "items": [{"case_id": case.id, "decision": item.get("decision")} for case, item in entries]})
    return decision


def enter(case: Case, kind: str) -> dict[str, int]:
    """Put the case into the open round of `kind` (property `round` on a user task).

    Art 12: an evaluation application goes to the evaluation round that is open;
    Art 17: a re-application goes to the next one, never the same round again.
    """
    if kind != "evaluation":
        raise InvalidInput("unknown round kind {kind} on the diagram", kind=kind)
    now = clock.now()
    open_rounds = [r for r in Round.query.filter_by(kind=kind).order_by(Round.opens_at).all()
                   if r.is_open(now) and r.id != case.evaluation_round_id]
    if not open_rounds:
        raise Conflict("no evaluation round is open for this application; SAMR opens the next one")
    case.evaluation_round_id = open_rounds[0].id
    return {"evaluation_round_id": open_rounds[0].id}
