"""Rounds: SAMR opens application and evaluation rounds."""
from datetime import datetime

from engine import clock, text
from engine.audit import record
from engine.errors import Conflict, Forbidden, InvalidInput
from engine.tx import transactional
from models import Case, Round, User, db


def all_rounds() -> list[Round]:
    return Round.query.order_by(Round.opens_at.desc(), Round.id.desc()).all()


@transactional
def create(actor: User, kind: str, name: str, opens_at: datetime, closes_at: datetime) -> Round:
    if not actor.has_role("samr"):
        raise Forbidden("only SAMR opens rounds")
    text.check({"name": name}, one_line=("name",))
    if closes_at <= opens_at:
        raise InvalidInput("a round must close after it opens", {"closes_at": ["must be after opens_at"]})
    round_ = Round(kind=kind, name=name, opens_at=opens_at, closes_at=closes_at)
    db.session.add(round_)
    db.session.flush()
    record(actor, "round_opened", detail={"round_id": round_.id, "kind": kind, "name": name})
    return round_


def enter(case: Case, kind: str) -> dict[str, int]:
    """Put the case into the open round of `kind` (property `round` on a user task).

    Art 12: an evaluation application goes to the evaluation round that is open;
    Art 17: a re-application goes to the next one, never the same round again.
    """
    if kind != "evaluation":
        raise InvalidInput(f"unknown round kind {kind} on the diagram")
    now = clock.now()
    open_rounds = [r for r in Round.query.filter_by(kind=kind).order_by(Round.opens_at).all()
                   if r.is_open(now) and r.id != case.evaluation_round_id]
    if not open_rounds:
        raise Conflict("no evaluation round is open for this application; SAMR opens the next one")
    case.evaluation_round_id = open_rounds[0].id
    return {"evaluation_round_id": open_rounds[0].id}
