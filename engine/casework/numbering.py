"""Document numbers (文号): the pattern each issuer writes them in, and the serials.

Numbers run per issuer and calendar year (China time) from 1. The serial is taken from
`document_number_counters` *inside the decision's own transaction*: an
`INSERT … ON CONFLICT DO NOTHING` makes sure the year's row exists, then
`UPDATE … SET last = last + 1 … RETURNING last` row-locks and increments it. So
- two clerks issuing at once queue on that row lock (PostgreSQL; SQLite serialises writers
  with BEGIN IMMEDIATE) and get consecutive, different serials;
- a decision that rolls back rolls its increment back with it: its number was never seen
  by anyone (no document row, no letter), and the next decision takes it. Committed numbers
  are therefore gapless, and a number once committed is never handed out again, whatever is
  rolled back or sent back later (an issued document is never deleted or renumbered);
- the unique (issuer, year, serial) constraint on the documents is the second line of defence.
A separate, committed counter transaction would also never reuse a number, but would leave a
gap in the register for every decision that fails after taking one; a register of dispatched
documents (发文登记) is expected to be gapless, so the number is taken with the decision.
The decisions take it as the last thing before commit (engine/casework/decisions.py), so the
counter's lock is held only for the commit and never while waiting for a case's lock.
"""
import string
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from engine import clock
from engine.audit import Actor, record
from engine.errors import Forbidden, InvalidInput, NotFound, Text
from engine.tx import transactional
from models import Org, User, db
from models.decisions import NumberCounter, NumberPattern

PLACEHOLDERS = ("year", "n")
ISSUER_LEVELS = ("national", "province")
MAX_LENGTH = 100


def _field_names(pattern: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as e:  # an unmatched brace
        raise InvalidInput("the pattern {pattern!r} cannot be read: {e}",
                           {"pattern": [Text("unmatched brace: {e}", e=e)]}, pattern=pattern, e=e) from e


def check(pattern: str) -> str:
    """The pattern, trimmed, or InvalidInput naming `pattern`: it must hold `{n}`, may hold
    `{year}` (also with a format such as `{n:03d}`), nothing else in braces."""
    pattern = (pattern or "").strip()
    names = _field_names(pattern)
    if "n" not in names:
        raise InvalidInput("a document number pattern needs {n}, the serial number",
                           {"pattern": ["must contain {n} (the serial number), e.g. 市监网监〔{year}〕{n}号"]})
    unknown = sorted(set(names) - set(PLACEHOLDERS))
    if unknown:
        raise InvalidInput("unknown placeholder {value!r} in the pattern",
                           {"pattern": [Text("only {{year}} and {{n}} may be used, not {{{value}}}", value=unknown[0])]}, value=unknown[0])
    try:
        example = render(pattern, 2027, 1)
    except (ValueError, TypeError) as e:
        raise InvalidInput("the pattern {pattern!r} cannot be formatted: {e}", {"pattern": [str(e)]}, pattern=pattern, e=e) from e
    if len(example) > MAX_LENGTH:
        raise InvalidInput("the pattern is too long", {"pattern": [Text("at most {max_length} characters", max_length=MAX_LENGTH)]})
    return pattern


def render(pattern: str, year: int, n: int) -> str:
    return pattern.format(year=year, n=n)


def default_pattern(issuer: Org) -> str:
    """Until an administrator sets one: the issuer's name, the year and the serial."""
    return f"{issuer.name}〔{{year}}〕{{n}}号"


def pattern_for(issuer: Org) -> str:
    row = db.session.get(NumberPattern, issuer.id)
    return row.pattern if row is not None else default_pattern(issuer)


def year_of(when: datetime) -> int:
    return when.astimezone(clock.CHINA).year


def take(issuer: Org, year: int) -> int:
    """The next serial of `issuer` in `year`, in the caller's transaction (see above)."""
    table = NumberCounter.__table__
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(table).values(issuer_id=issuer.id, year=year, last=0)
                       .on_conflict_do_nothing(index_elements=["issuer_id", "year"]))
    return int(db.session.execute(
        update(table).where(table.c.issuer_id == issuer.id, table.c.year == year)
        .values(last=table.c.last + 1).returning(table.c.last)).scalar_one())


def issuers() -> list[Org]:
    """Who issues documents: SAMR and the provincial bureaus."""
    return (Org.query.filter(Org.level.in_(ISSUER_LEVELS))
            .order_by(Org.level != "national", Org.id).all())


def _issuer(issuer_id: int) -> Org:
    org = db.session.get(Org, issuer_id)
    if org is None or org.level not in ISSUER_LEVELS:
        raise NotFound("organisation {issuer_id} issues no documents (only SAMR and provincial bureaus do)", issuer_id=issuer_id)
    return org


def describe(issuer: Org) -> dict[str, Any]:
    """The pattern of one issuer, the last serial of this year and the next number."""
    row = db.session.get(NumberPattern, issuer.id)
    year = year_of(clock.now())
    last = db.session.execute(select(NumberCounter.last).where(
        NumberCounter.issuer_id == issuer.id, NumberCounter.year == year)).scalar() or 0
    pattern = row.pattern if row is not None else default_pattern(issuer)
    return {"issuer_id": issuer.id, "issuer_name": issuer.name, "level": issuer.level, "pattern": pattern,
            "default": row is None, "year": year, "last_serial": last, "next_number": render(pattern, year, last + 1),
            "updated_at": row.updated_at if row else None, "updated_by": row.updated_by if row else None}


def patterns() -> list[dict[str, Any]]:
    return [describe(org) for org in issuers()]


def put_pattern(actor: Actor, issuer_id: int, pattern: str) -> dict[str, Any]:
    """Set an issuer's pattern (the caller's transaction commits it; audited). Numbers
    already issued keep the form they were issued in; the serials run on."""
    if isinstance(actor, User) and not actor.has_role("admin"):
        raise Forbidden("only an administrator sets document number patterns")
    pattern = check(pattern)
    issuer = _issuer(issuer_id)
    row = db.session.get(NumberPattern, issuer.id)
    before = row.pattern if row is not None else None
    if row is None:
        row = NumberPattern(issuer_id=issuer.id)
        db.session.add(row)
    row.pattern, row.updated_at = pattern, clock.now()
    row.updated_by = getattr(actor, "username", actor)
    db.session.flush()
    record(actor, "document_pattern_changed", detail={"issuer_id": issuer.id, "issuer": issuer.name,
                                                      "from": before, "to": pattern})
    return describe(issuer)


@transactional
def set_pattern(actor: Actor, issuer_id: int, pattern: str) -> dict[str, Any]:
    return put_pattern(actor, issuer_id, pattern)
