"""审批单: every step of a case as offices print and file it — the step, who did it, for
which office, when, what they decided and their opinion.

Read from the audit trail, which is the record of what happened (the task tree is pruned):
completions, send-backs (退回), recalls (撤回) and any other `task_*` move named in MOVES
(转办 task_transferred and 委派 task_delegated are read the same way: their step, their actor,
`to` and `reason` from the event's detail). Opinions come from the comments table, linked to
the completion by the id its event carries; a step completed without one shows its form's
`reasons` (理由), as far as the trail keeps it (200 characters).
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from engine.casework import comments
from models import AuditEvent, Case, CaseComment, HumanTask, Org, User

# audit action → the row's kind; the order of the trail is the order of the sheet
MOVES = {
    "case_started": "started",
    "task_completed": "completed",
    "task_returned": "returned",
    "task_recalled": "recalled",
    "task_transferred": "transferred",
    "task_delegated": "delegated",
}


@dataclass(frozen=True)
class SheetRow:
    kind: str  # MOVES' values
    step: str
    actor: str  # username or a system name
    actor_name: str  # display name
    office: str | None
    at: datetime
    decision: str | None
    opinion: str | None
    to: str | None  # the step sent back to, the colleague transferred or delegated to


def rows(case: Case) -> list[SheetRow]:
    """The sheet of a case the caller may see (checked by the caller), oldest first."""
    events = (AuditEvent.query.filter(AuditEvent.case_id == case.id, AuditEvent.action.in_(MOVES))
              .order_by(AuditEvent.at, AuditEvent.id).all())
    opinions = {c.id: c for c in comments.of_case_unchecked(case.id)}
    roles = dict(HumanTask.query.filter_by(case_id=case.id)
                 .with_entities(HumanTask.name, HumanTask.role).distinct().all())
    names = {e.actor for e in events} | {str(e.detail.get("to")) for e in events if e.detail.get("to")}
    users = {u.username: u for u in User.query.filter(User.username.in_(names))}
    return [_row(e, opinions, roles, users) for e in events]


def _row(event: AuditEvent, opinions: dict[int, CaseComment], roles: dict[str, str],
         users: dict[str, User]) -> SheetRow:
    detail: dict[str, Any] = event.detail or {}
    kind = MOVES[event.action]
    user = users.get(event.actor)
    opinion_id = detail.get("opinion_id")
    opinion = opinions.get(opinion_id) if isinstance(opinion_id, int) else None
    office: Org | None = opinion.org if opinion is not None else (
        comments.office_of(user, roles.get(event.task_name or "")) if user is not None else None)
    data = detail.get("data") or {}
    # without an opinion, what the step's form gave as its reasons (理由) is its opinion
    text = opinion.text if opinion is not None else (
        detail.get("opinion") or detail.get("reason") or (data.get("reasons") if isinstance(data, dict) else None))
    to = detail.get("to_title") if kind == "returned" else detail.get("to")
    to_user = users.get(str(to)) if kind in ("transferred", "delegated") and to else None
    return SheetRow(
        kind=kind, step=detail.get("title") or event.task_name or "", actor=event.actor,
        actor_name=(user.display_name or user.username) if user is not None else event.actor,
        office=office.name if office is not None else None, at=event.at,
        decision=data.get("decision") if isinstance(data, dict) else None,
        opinion=text if isinstance(text, str) else None,
        to=(to_user.display_name or to_user.username) if to_user is not None else to)
