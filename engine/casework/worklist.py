"""The inbox as people page through it: tabs with counts, filters and due-state badges.

Built on `tasks.open_tasks` (an indexed query over human_tasks rows): nothing here deserialises
an instance, and every list is paged in SQL.
"""
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, true
from sqlalchemy.orm import Query, selectinload

from engine import clock
from engine.casework import tasks
from models import HumanTask, User
from models.process import STAGES
from models.tasks import DelegationState

TABS = ("all", "mine", "group")
DUE_STATES = ("overdue", "soon", "later", "none")
SORTS = ("due", "-due", "created", "-created")
SOON = timedelta(days=3)


def due_state(task: HumanTask, now: datetime | None = None) -> str:
    """overdue | soon (within three days) | later | none (no due date)."""
    if task.due_at is None:
        return "none"
    now = now or clock.now()
    if task.due_at < now:
        return "overdue"
    return "soon" if task.due_at < now + SOON else "later"


def _mine(actor: User) -> ColumnElement[bool]:
    """Claimed by the actor, or delegated to them and not yet filled in (委派)."""
    return or_(HumanTask.assignee_id == actor.id, and_(HumanTask.delegated_to_id == actor.id,
                                                       HumanTask.delegation_state == DelegationState.PENDING))


def _tab(actor: User, tab: str, case_id: int | None = None, words: str | None = None) -> Query[HumanTask]:
    return tasks.open_tasks(actor, {"mine": "me", "group": "unassigned"}.get(tab, "any"), case_id,
                            words=words).order_by(None)


def _due_clause(due: str | None, now: datetime) -> ColumnElement[bool] | None:
    """SQL condition of a due-state filter, or None for no filter."""
    return {"overdue": lambda: HumanTask.due_at < now,
            "soon": lambda: and_(HumanTask.due_at >= now, HumanTask.due_at < now + SOON),
            "later": lambda: HumanTask.due_at >= now + SOON,
            "none": lambda: HumanTask.due_at.is_(None)}.get(due or "", lambda: None)()


def _filtered(query: Query[HumanTask], stage: str | None = None, region_id: int | None = None,
              round_id: int | None = None, due: str | None = None, now: datetime | None = None) -> Query[HumanTask]:
    for column, value in ((HumanTask.stage, stage), (HumanTask.region_id, region_id), (HumanTask.round_id, round_id)):
        if value:
            query = query.filter(column == value)
    clause = _due_clause(due, now or clock.now())
    return query if clause is None else query.filter(clause)


def _summary(actor: User, case_id: int | None, stage: str | None, region_id: int | None, round_id: int | None,
             due: str | None, now: datetime, words: str | None = None) -> tuple[dict[str, int], dict[str, list[Any]]]:
    """Tab counts under the filters and the filter choices, from one grouped scan of the
    actor's open tasks (the scope's partial index): {all, mine, group}, facets."""
    hit = _due_clause(due, now)
    hit = true() if hit is None else hit
    groups = _tab(actor, "all", case_id, words).with_entities(
        HumanTask.stage, HumanTask.region_id, HumanTask.round_id, func.count(case((hit, 1))),
        func.count(case((and_(hit, _mine(actor)), 1))),
        func.count(case((and_(hit, HumanTask.assignee_id.is_(None)), 1))),
    ).group_by(HumanTask.stage, HumanTask.region_id, HumanTask.round_id).all()
    counts = {"all": 0, "mine": 0, "group": 0}
    for g_stage, g_region, g_round, all_, mine, group in groups:
        if (stage or g_stage) == g_stage and (region_id or g_region) == g_region and (round_id or g_round) == g_round:
            counts["all"] += all_
            counts["mine"] += mine
            counts["group"] += group
    order = {name: i for i, name in enumerate(STAGES)}
    facets = {"stages": sorted({g[0] for g in groups if g[0]}, key=lambda s: (order.get(s, len(order)), s)),
              "region_ids": sorted({g[1] for g in groups}), "round_ids": sorted({g[2] for g in groups if g[2]})}
    return counts, facets


def page(actor: User, tab: str = "all", stage: str | None = None, region_id: int | None = None,
         round_id: int | None = None, due: str | None = None, sort: str = "due", page_no: int = 1,
         per_page: int = 50, case_id: int | None = None, words: str | None = None) -> dict[str, Any]:
    """One page of the actor's inbox: {items, total, counts {tab: n}, facets, pages};
    `words` keeps the tasks of the cases a search finds (engine/casework/search.py)."""
    now = clock.now()
    tab = tab if tab in TABS else "all"
    due = due if due in DUE_STATES else None
    counts, facets = _summary(actor, case_id, stage, region_id, round_id, due, now, words)
    query = _filtered(_tab(actor, tab, case_id, words), stage, region_id, round_id, due, now)
    order = {"due": (HumanTask.due_at.asc().nulls_last(), HumanTask.id),  # the inbox indexes' order
             "-due": (HumanTask.due_at.desc().nulls_last(), HumanTask.id),
             "created": (HumanTask.created_at, HumanTask.id),
             "-created": (HumanTask.created_at.desc(), HumanTask.id.desc())}[sort if sort in SORTS else "due"]
    # The page's rows first (index-ordered), then their cases by key: joining cases into the
    # paged query made SQLite sort the whole join (10 ms for SAMR's 3,333 open tasks).
    items = (query.options(selectinload(HumanTask.case), *tasks.PEOPLE)
             .order_by(*order).limit(per_page).offset((page_no - 1) * per_page).all())
    total = counts[tab]
    return {"items": items, "total": total, "counts": counts, "facets": facets, "now": now,
            "pages": max((total + per_page - 1) // per_page, 1)}
