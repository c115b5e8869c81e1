"""Incidents: a failing diagram step marks its case errored, in a transaction of its own.

The step's own transaction is rolled back first (nothing half-done is written);
`recorded` then opens the incident, so the administrator sees the message and
the element and can fix the definition, migrate the case and retry.
"""
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from sqlalchemy.orm import Query

from engine import clock
from engine.audit import record
from engine.runtime.instances import StepFailed
from engine.tx import lock_case, transactional
from models import Case, Incident, db
from models.incidents import IncidentState

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def watch(case: Case, kind: str, **retry: Any) -> Iterator[None]:
    """Inside a step's transaction: tag a StepFailed with the case and how to retry it."""
    try:
        yield
    except StepFailed as exc:
        exc.incident = {"case_id": case.id, "kind": kind, "retry": retry,
                        "version": case.definition.version}
        raise


def recorded(fn: Callable[P, R]) -> Callable[P, R]:
    """Outside the step's transaction: a tagged StepFailed becomes an open incident."""
    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except StepFailed as exc:
            if getattr(exc, "incident", None):
                exc.incident_id = _open(exc)
            raise
    return wrapper


@transactional
def _open(exc: StepFailed) -> int:
    info = exc.incident
    case = lock_case(info["case_id"])
    incident = Incident.query.filter_by(case_id=case.id, state=IncidentState.OPEN).first()
    if incident is None:
        incident = Incident(case_id=case.id, state=IncidentState.OPEN, kind=info["kind"], attempts=1,
                            opened_at=clock.now())
        db.session.add(incident)
    else:  # the same step failed again: one incident, counted
        incident.attempts += 1
    incident.kind, incident.retry = info["kind"], info["retry"]
    incident.element, incident.message = exc.element, exc.message
    incident.definition_version = info["version"]
    if case.hold != "suspended":
        case.hold = "errored"
    db.session.flush()
    record("engine", "incident_opened", case, exc.element,
           {"incident": incident.id, "message": exc.message, "version": info["version"]})
    return incident.id


def open_incidents() -> Query[Incident]:
    return (Incident.query.filter_by(state=IncidentState.OPEN)
            .order_by(Incident.opened_at.desc(), Incident.id.desc()))


def all_incidents(state: str = "any") -> Query[Incident]:
    query = Incident.query if state == "any" else Incident.query.filter_by(state=state)
    return query.order_by(Incident.opened_at.desc(), Incident.id.desc())


def of_case(case_id: int) -> list[Incident]:
    return Incident.query.filter_by(case_id=case_id).order_by(Incident.id.desc()).all()


def held(case: Case) -> bool:
    return case.hold is not None
