"""One transaction per state change, and the per-case lock that serialises writers."""
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import undefer

from engine.errors import NotFound
from models import Case, db

P = ParamSpec("P")
R = TypeVar("R")


def transactional(fn: Callable[P, R]) -> Callable[P, R]:
    """Commit what `fn` did, or roll all of it back if it raised."""
    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = fn(*args, **kwargs)
            db.session.commit()
            return result
        except BaseException:
            db.session.rollback()
            raise
    return wrapper


def lock_case(case_id: int) -> Case:
    """Load a case for change: a row lock on PostgreSQL (SQLite transactions begin
    IMMEDIATE, which serialises writers); the optimistic version check stays as a
    second line of defence."""
    case = db.session.execute(
        select(Case).where(Case.id == case_id).options(undefer(Case.state_json))
        .with_for_update(of=Case).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if case is None:
        raise NotFound("case {case_id} does not exist", case_id=case_id)
    return case
