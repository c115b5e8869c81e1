"""Saved inbox filters: a user names the inbox filters they use often and opens them again in
one click. Each user has their own (another's is not found), at most MAX_FILTERS of them."""
from typing import Any

from engine import clock
from engine.audit import record
from engine.casework import search, worklist
from engine.errors import Conflict, InvalidInput, NotFound, Text
from engine.tx import transactional
from models import MAX_ID, SavedFilter, User, db
from models.process import STAGES

MAX_FILTERS = 20
MAX_NAME = 60
# The inbox's filter arguments (web/pages/inbox.py) and what each may be.
CHOICES = {"tab": worklist.TABS, "due": worklist.DUE_STATES, "sort": worklist.SORTS, "stage": STAGES}
NUMBERS = ("region", "round", "case")


def mine(actor: User) -> list[SavedFilter]:
    return SavedFilter.query.filter_by(user_id=actor.id).order_by(SavedFilter.id).all()


def _clean(query: dict[str, Any]) -> dict[str, str]:
    """The filter as the inbox's query arguments; 400 naming what is not one of them."""
    clean: dict[str, str] = {}
    for key, value in query.items():
        if value in (None, ""):
            continue
        value = str(value)
        if key in CHOICES and value not in CHOICES[key]:
            raise InvalidInput("{key} must be one of {value}", {f"query.{key}": ["not a choice"]}, key=key, value=', '.join(CHOICES[key]))
        if key in NUMBERS and not (value.isdigit() and 1 <= int(value) <= MAX_ID):
            raise InvalidInput("{key} must be an id", {f"query.{key}": ["not an id"]}, key=key)
        if key == "q":
            search.terms(value)  # the search's own bounds
        elif key not in CHOICES and key not in NUMBERS:
            raise InvalidInput("an inbox filter has no argument {value!r}", {"query": [Text("unknown: {value}", value=key[:40])]}, value=key[:40])
        clean[key] = value
    return clean


@transactional
def save(actor: User, name: str, query: dict[str, Any]) -> SavedFilter:
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise InvalidInput("a filter's name has 1 to {max_name} characters", {"name": ["1 to 60 characters"]}, max_name=MAX_NAME)
    clean = _clean(query)
    kept = mine(actor)
    if any(f.name == name for f in kept):
        raise Conflict("you already have a filter named {name}", name=name)
    if len(kept) >= MAX_FILTERS:
        raise Conflict("you have {max_filters} saved filters, the most there may be: delete one first", max_filters=MAX_FILTERS)
    saved = SavedFilter(user_id=actor.id, name=name, params=clean, created_at=clock.now())
    db.session.add(saved)
    db.session.flush()
    record(actor, "inbox_filter_saved", detail={"id": saved.id, "name": name, "query": clean})
    return saved


@transactional
def delete(actor: User, filter_id: int) -> None:
    saved = db.session.get(SavedFilter, filter_id)
    if saved is None or saved.user_id != actor.id:  # another's filter is none of the caller's business
        raise NotFound("you have no saved filter {filter_id}", filter_id=filter_id)
    db.session.delete(saved)
    record(actor, "inbox_filter_deleted", detail={"id": filter_id, "name": saved.name})
