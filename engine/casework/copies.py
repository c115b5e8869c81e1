"""抄送 copies of a case: whoever may act on a case lets named users read it from then on.

A copy grants reading only (engine/access.py:case_filter includes the case for the user): the
case list, the case page and the case API, never a task. Who may copy: SAMR, the case's
province and its applicant region's office, and whoever may act on one of its open tasks.
The whole list is checked before anything is written: an unknown name changes nothing.
"""
from typing import Any

from engine import access, clock, text
from engine.audit import record
from engine.casework import cases, notifications
from engine.errors import Forbidden, InvalidInput, Text
from engine.tx import lock_case, transactional
from models import Case, CaseCopy, HumanTask, User, db
from models.handover import MAX_NOTE
from models.notifications import NoticeKind

MAX_USERS = 20


def may_copy(actor: User, case: Case) -> bool:
    for m in actor.roles:
        if m.role == "samr" or (m.role == "province" and m.org_id == case.province_id) \
                or (m.role == "applicant" and m.org_id == case.region_id):
            return True
    return any(access.may_act(actor, t) for t in
               HumanTask.query.filter_by(case_id=case.id, completed_at=None))


def copyable(actor: User, case_id: int) -> Case:
    """The case if the actor may copy it: 404 unknown, 403 (another region's, or only read)."""
    case = cases.get(actor, case_id)
    if not may_copy(actor, case):
        raise Forbidden("you may read this case but not act on it: only its officers and the holders "
                        "of its open tasks may copy it to others")
    return case


def _names(users: Any) -> list[str]:
    if not isinstance(users, list) or not users:
        raise InvalidInput("name at least one user to copy the case to", {"users": ["at least one username"]})
    if len(users) > MAX_USERS:
        raise InvalidInput("at most {max_users} users per copy", {"users": [Text("at most {max_users} users", max_users=MAX_USERS)]}, max_users=MAX_USERS)
    if not all(isinstance(u, str) and 0 < len(u) <= 64 for u in users):
        raise InvalidInput("usernames are texts of 1 to 64 characters", {"users": ["not a username"]})
    return list(dict.fromkeys(u.strip() for u in users))


@transactional
def copy(actor: User, case_id: int, users: Any, note: str | None = None) -> list[CaseCopy]:
    """Copy the case to every named user (each notified); returns all copies of the case."""
    case = copyable(actor, case_id)
    names = _names(users)
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        raise InvalidInput("the note is too long", {"note": [Text("at most {max_note} characters", max_note=MAX_NOTE)]})
    text.check({"note": note or "", "users": " ".join(names)}, one_line=("users",))
    found = {u.username: u for u in User.query.filter(User.username.in_(names), User.active.is_(True))}
    unknown = [n for n in names if n not in found]
    if unknown:
        shown = ", ".join(text.shown(n) for n in unknown)
        raise InvalidInput("unknown user: {shown}; nothing was copied", {"users": [Text("unknown user {shown}", shown=shown)]}, shown=shown)
    lock_case(case.id)  # two copies to one user at once: one row (the unique constraint never fires)
    had = {c.user_id for c in CaseCopy.query.filter_by(case_id=case.id)}
    now = clock.now()
    for name in names:
        user = found[name]
        if user.id not in had:
            db.session.add(CaseCopy(case_id=case.id, user_id=user.id, by_id=actor.id, at=now, note=note))
        notifications.send(NoticeKind.CASE_CC, f"抄送：#{case.id} {case.region.name}（{actor.display_name or actor.username}）",
                           case_id=case.id, user_id=user.id, detail={"by": actor.username, "note": note})
    record(actor, "case_copied", case, None, {
        "users": names, "added": [n for n in names if found[n].id not in had], "note": note})
    db.session.flush()
    return of_case(case.id)


def of_case(case_id: int) -> list[CaseCopy]:
    return CaseCopy.query.filter_by(case_id=case_id).order_by(CaseCopy.at, CaseCopy.id).all()
