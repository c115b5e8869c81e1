"""Art 16: a zone is certified after its public notice has ended, so the certification date
lies between the day the notice ended and today (Beijing time), whether SAMR certifies one
case or a list."""
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from engine.clock import CHINA
from engine.errors import InvalidInput, Text
from models import EventWait, HumanTask, db
from models.waits import WaitKind

FORM = "certification"


def _notice_ended(task: HumanTask) -> datetime:
    """When the notice ended: the notice timer's moment (the last timer the case waited in
    before certification opened); the task's opening for cases whose notice ended before the
    event waits were kept (it opens when the notice and its verifications are over)."""
    ended = db.session.execute(
        select(EventWait.due_at).where(EventWait.case_id == task.case_id, EventWait.kind == WaitKind.TIMER,
                                       EventWait.passed.is_(True), EventWait.completed_at <= task.created_at)
        .order_by(EventWait.completed_at.desc()).limit(1)).scalar()
    return ended or task.created_at


def check_date(task: HumanTask, data: dict[str, Any], now: datetime) -> None:
    if task.form != FORM or not isinstance(data.get("certified_on"), str):
        return
    try:
        day = date.fromisoformat(data["certified_on"])
    except ValueError:
        return  # the form's own format check names it
    first, last = _notice_ended(task).astimezone(CHINA).date(), now.astimezone(CHINA).date()
    if not first <= day <= last:
        window = {"first": first.isoformat(), "last": last.isoformat()}
        raise InvalidInput("the certification date must lie between the end of the public notice "
                           "({first}) and today ({last})",
                           {"certified_on": [Text("from {first} to {last}", **window)]}, **window)
