"""The message centre: a user's notifications (addressed to them, or to their role in their
organisation), how many are unread, and marking them read. A notification addressed to a
role is one row: read by one holder of the role, it is read for all of them (as on the inbox
and in GET /notifications)."""
from collections.abc import Collection

from sqlalchemy import ColumnElement, func, update

from engine import clock
from engine.casework.notifications import visible_to
from engine.errors import InvalidInput, NotFound, Text
from engine.tx import transactional
from models import Notification, User, db

MAX_IDS = 100


def unread_count(user: User) -> int:
    return db.session.execute(db.select(func.count(Notification.id))
                              .where(visible_to(user), Notification.read_at.is_(None))).scalar_one()


@transactional
def mark_read(user: User, ids: Collection[int]) -> int:
    """Mark the listed notifications read; all of them must be the user's, or none is marked.
    Returns how many were unread."""
    wanted = set(ids)
    if not wanted or len(wanted) > MAX_IDS:
        raise InvalidInput("list 1 to {max_ids} notifications", fields={"ids": [Text("1 to {max_ids} ids", max_ids=MAX_IDS)]}, max_ids=MAX_IDS)
    mine = set(db.session.execute(db.select(Notification.id)
                                  .where(Notification.id.in_(wanted), visible_to(user))).scalars())
    if missing := sorted(wanted - mine):  # another's or none at all: the same answer, nothing told
        raise NotFound("no notification {value} addressed to you", value=missing[0])
    return _mark(user, Notification.id.in_(wanted))


@transactional
def mark_all_read(user: User) -> int:
    return _mark(user, Notification.id.isnot(None))


def _mark(user: User, which: ColumnElement[bool]) -> int:
    result = db.session.execute(update(Notification).where(which, visible_to(user), Notification.read_at.is_(None))
                                .values(read_at=clock.now()).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)
