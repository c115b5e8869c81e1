"""Rounds: SAMR opens application and evaluation rounds."""
from models import Round, db

from .audit import record
from .errors import Forbidden, InvalidInput
from .tx import transactional


def all_rounds():
    return Round.query.order_by(Round.opens_at.desc(), Round.id.desc()).all()


@transactional
def create(actor, kind, name, opens_at, closes_at):
    if not actor.has_role("samr"):
        raise Forbidden("only SAMR opens rounds")
    if closes_at <= opens_at:
        raise InvalidInput("a round must close after it opens", {"closes_at": ["must be after opens_at"]})
    round_ = Round(kind=kind, name=name, opens_at=opens_at, closes_at=closes_at)
    db.session.add(round_)
    db.session.flush()
    record(actor, "round_opened", detail={"round_id": round_.id, "kind": kind, "name": name})
    return round_
