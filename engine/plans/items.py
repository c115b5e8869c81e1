"""What a plan states besides its tasks: its document (number, issuer, date), its targets
(创建目标, with the figure where the plan quantifies one) and its organisational measures
(组织实施 / 组织保障). Targets and measures are tracked like tasks: the office records each
one's progress and percent, audited.

Also: carrying a sheet's indicator links over to the case's indicator system
(engine/scoring/mappings.py), reporting each link that has no counterpart.
"""
from datetime import date
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from engine import clock, text
from engine.audit import record
from engine.errors import Conflict, InvalidInput, NotFound
from engine.plans import counties
from engine.scoring import mappings
from engine.scoring.indicators import IndicatorSystem
from engine.tx import lock_case, transactional
from models import User, db
from models.plans import PROGRESS, Plan, PlanItem


def set_document(plan: Plan, document: dict[str, Any] | None) -> None:
    """The plan's document fields and, when given, its targets and measures (replaced)."""
    if not document:
        return
    text.check({k: document.get(k) for k in ("document_number", "issuer")}, one_line=("document_number", "issuer"))
    for key, size in (("document_number", 100), ("issuer", 200)):
        if document.get(key) is not None:
            setattr(plan, key, str(document[key])[:size])
    if document.get("issued_on"):
        try:
            plan.issued_on = date.fromisoformat(str(document["issued_on"]))
        except ValueError:
            raise InvalidInput("issued_on is a date YYYY-MM-DD", fields={"issued_on": ["expected YYYY-MM-DD"]}) from None
    if "targets" in document or "measures" in document:
        for old in list(plan.items):
            plan.items.remove(old)
        db.session.flush()
        position = 0
        for kind, key in (("target", "targets"), ("measure", "measures")):
            for entry in document.get(key) or []:
                position += 1
                plan.items.append(PlanItem(kind=kind, position=position, number=str(entry["number"])[:20],
                                           title=str(entry["title"])[:300], text=entry.get("text", ""),
                                           value=str(entry.get("value", ""))[:100], units=entry.get("units", []),
                                           progress="not_started"))


def item_view(item: PlanItem) -> dict[str, Any]:
    return {"id": item.id, "kind": item.kind, "number": item.number, "title": item.title, "text": item.text,
            "value": item.value, "units": item.units, "progress": item.progress, "percent": item.percent,
            "note": item.note, "updated_at": item.updated_at.isoformat() if item.updated_at else None,
            "updated_by": item.updated_by}


class ItemProgressSchema(Schema):
    progress = fields.String(required=True, validate=validate.OneOf(PROGRESS))
    percent = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0, max=100))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


@transactional
def update_item(actor: User, case_id: int, item_id: int, data: dict[str, Any], county: str | None = None) -> PlanItem:
    """The office records how a target or a measure stands."""
    case = lock_case(case_id)
    region = counties.part(actor, case, county, manage=True)
    item = db.session.get(PlanItem, item_id)
    if item is None or item.plan.case_id != case.id or item.plan.region_id != region.id:
        raise NotFound("item {item_id} is not in this plan", item_id=item_id)
    try:
        values = ItemProgressSchema().load(data)
    except ValidationError as exc:
        raise InvalidInput("the progress is invalid", fields=exc.normalized_messages()) from None
    text.check({"note": values["note"]})
    if case.stage != "creation":
        raise Conflict("progress is recorded during the creation period only")
    item.progress, item.percent, item.note = values["progress"], values["percent"], values["note"]
    item.updated_at, item.updated_by = clock.now(), actor.username
    record(actor, "plan_item_updated", case, detail={"kind": item.kind, "number": item.number,
                                                     "progress": item.progress, "percent": item.percent})
    return item


# ---------------------------------------------------------------- indicator links between systems
def map_links(rows: dict[str, list[dict[str, Any]]], source: str, target: str,
              source_system: IndicatorSystem | None) -> dict[str, Any] | None:
    """Rewrite the checked rows' indicator links from `source` onto `target` (in place) and
    say what became of each: None when the sheet already links the case's system."""
    if source == target:
        return None
    mapping = mappings.between(source, target)
    if mapping is None:
        raise Conflict("this sheet links indicators of {source}, but the case is scored under {target}, "
                       "and no mapping between them is known", source=source, target=target)
    names = {i["number"]: i["name"] for i in source_system.indicators} if source_system else {}
    used: dict[int, dict[str, list[str]]] = {}

    def note(number: int, what: str, ref: str) -> tuple[int, ...]:
        used.setdefault(number, {"tasks": [], "rows": []})[what].append(ref)
        return mapping(number)

    for task in rows["tasks"]:
        task["indicators"] = sorted({to for n in task["indicators"] for to in note(n, "tasks", task["number"])})
    carried = []
    for item in rows["indicators"]:
        carried += [{**item, "indicator": to} for to in note(item["indicator"], "rows", str(item["row"]))]
    rows["indicators"] = carried
    return {"from": source, "to": target,
            "mapped": [{"from": n, "to": list(mapping(n))} for n in sorted(used) if mapping(n)],
            "unmapped": [{"indicator": n, "name": names.get(n, ""), "reason": mapping.basis.get(n, ""),
                          "tasks": sorted(set(used[n]["tasks"]), key=lambda x: (len(x), x)),
                          "rows": [int(r) for r in used[n]["rows"]]}
                         for n in sorted(used) if not mapping(n)]}
