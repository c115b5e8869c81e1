"""Scores in the lifecycle: the indicator system a case keeps, score sheets recorded on task
completion (rows in `scores`, audited), and the case's results under its system.

Hooks called by engine.casework.tasks.complete_locked, inside its transaction:
- `before_step` assigns the current indicator system at creation approval and computes a
  score sheet when the form is a score form (engine.scoring.sheets); its values go into the
  task data so that gateways (`qualified`) read computed results;
- `after_step` writes the sheet's rows, closes the rows it replaces, and audits the change.
"""
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, update

from engine import clock
from engine.audit import record
from engine.errors import InvalidInput
from engine.scoring import catalog, rules, sheets
from engine.scoring.indicators import IndicatorSystem
from models import Case, HumanTask, User, db
from models.scores import Score

APPROVAL_FORM = "creation_approval"


def assign_system(case: Case) -> str:
    """Give the case the current indicator system, once; it keeps it afterwards. (The
    completion that assigns it carries it in its data; score events name it too.)"""
    if case.indicator_system is None:
        case.indicator_system = catalog.current_key()
    return case.indicator_system


def before_step(actor: User, case: Case, task: HumanTask, schema: dict[str, Any], data: dict[str, Any],
                context: dict[str, Any]) -> tuple[dict[str, Any], sheets.ScoreSheet | None]:
    """Engine data to add to the task's data, and the sheet to store after the step."""
    extra = {}
    if task.form == APPROVAL_FORM and data.get("decision") == "approve":
        extra["indicator_system"] = assign_system(case)
    if not sheets.source_of(schema):
        return extra, None
    if sheets.source_of(schema) == "self":
        assign_system(case)  # a case approved before scoring existed
    system = catalog.for_case(case)
    try:
        sheet = sheets.derive(schema, system, data, context)
    except sheets.ScoreInputError as e:
        raise InvalidInput("the scores have errors: {e}", e.fields, e=e) from e
    if sheet.source == "expert":
        sheet.source = f"expert:{context.get('expert') or actor.username}"
    return {**extra, **sheet.task_data}, sheet


def current(case_id: int, source: str | None = None) -> list[Score]:
    q = Score.query.filter(Score.case_id == case_id, Score.superseded_at.is_(None))
    if source is not None:
        q = q.filter(Score.source == source)
    return q.order_by(Score.source, Score.indicator).all()


def after_step(actor: User, case: Case, task: HumanTask, sheet: sheets.ScoreSheet | None) -> None:
    if sheet is None:
        return
    now = clock.now()
    q = Score.query.filter(Score.case_id == case.id, Score.superseded_at.is_(None))
    if sheet.source != "self":  # a new self-assessment starts a new attempt: close everything
        q = q.filter(Score.source == sheet.source)
    rows = q.all()
    previous = {row.indicator: row.value for row in rows if row.source == sheet.source}
    # One statement each for the superseded rows and the new ones (a sheet has ~25 indicators).
    if rows:
        db.session.execute(update(Score).where(Score.id.in_([row.id for row in rows])).values(superseded_at=now))
    if sheet.values:
        db.session.execute(insert(Score), [dict(
            case_id=case.id, indicator_system=sheet.system, indicator=n, source=sheet.source, value=value,
            reason=sheet.reasons.get(n), auto=bool(n in sheet.auto and sheet.auto[n]["complete"]),
            evidence=sheet.evidence.get(n), task_id=task.id, recorded_at=now, recorded_by=actor.username)
            for n, value in sorted(sheet.values.items())])
    # the province changes the self-assessment's scores; any other source its own earlier ones
    base = ({r.indicator: r.value for r in current(case.id, "self")} if sheet.source == "province"
            else previous)
    changes = [{"indicator": n, "from": sheets.num(base.get(n)), "to": sheets.num(v),
                **({"reason": sheet.reasons[n]} if n in sheet.reasons else {})}
               for n, v in sorted(sheet.values.items()) if base.get(n) != v]
    record(actor, "scores_recorded", case, task.name, {
        "source": sheet.source, "indicator_system": sheet.system,
        "total": sheets.num(sheet.result.total), "passed": sheet.result.passed,
        "failing_groups": sheet.result.failing_groups, "changes": changes})


def expert_annotations(case: Case) -> dict[str, dict[int, dict[str, Any]]]:
    """{"consolidated": {number: {...}}}: each expert's score, the spread and the mean, shown
    beside SAMR's consolidated score."""
    by: dict[int, dict[str, Decimal]] = {}
    for row in current(case.id):
        if row.source.startswith("expert:"):
            by.setdefault(row.indicator, {})[row.source[7:]] = row.value
    out = {}
    for n, scores in by.items():
        vals = list(scores.values())
        mean = (sum(vals, Decimal(0)) / len(vals)).quantize(Decimal("0.001"))
        out[n] = {"x-expert-scores": {k: sheets.num(v) for k, v in sorted(scores.items())},
                  "x-expert-spread": sheets.num(max(vals) - min(vals)),
                  "x-expert-mean": sheets.num(mean), "default": sheets.num(mean)}
    return {"consolidated": out}


# ---------------------------------------------------------------- results
def _json(x: object) -> Any:
    if isinstance(x, Decimal):
        return sheets.num(x)
    if isinstance(x, dict):
        return {k: _json(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_json(v) for v in x]
    return x


def _result(system: IndicatorSystem, values: dict[int, Decimal]) -> dict[str, Any]:
    r = rules.score(system, values)
    rate_min = Decimal(str(system.pass_rule["group_rate_min"]))
    below = [{"number": n, "name": system.indicator(n)["name"], "group": system.indicator(n)["group"],
              "score": v, "max": Decimal(str(system.indicator(n)["max"])),
              "rate": (v / Decimal(str(system.indicator(n)["max"]))).quantize(Decimal("0.0001"))}
             for n, v in sorted(r.indicators.items()) if v < rate_min * Decimal(str(system.indicator(n)["max"]))]
    for item in below:  # the ones that pull a failing group down come first in a report
        item["group_fails"] = item["group"] in r.failing_groups
    return {"total": r.total, "passed": r.passed, "total_ok": r.total_ok,
            "groups": [dict(g, rate=g["rate"].quantize(Decimal("0.0001"))) for g in r.groups],
            "failing_groups": r.failing_groups, "failing_indicators": below, "missing": r.missing,
            "indicators": {str(n): v for n, v in sorted(r.indicators.items())}}


def visible_sources(viewer: User) -> set[str] | None:
    """Which score sources a user may read: experts score independently, so an expert sees
    only their own sheet (besides the self-assessment and the pre-review), and an applicant
    sees no single expert's sheet; SAMR, administrators and provinces see everything."""
    roles = {m.role for m in viewer.roles}
    if roles & {"samr", "admin", "province"}:
        return None
    if "expert" in roles:
        return {"self", "province", f"expert:{viewer.username}"}
    return {"self", "province", "samr"}


def report(case: Case, viewer: User | None = None) -> dict[str, Any]:
    """Everything the score API and the report page show, JSON-ready, as `viewer` may see it."""
    system = catalog.for_case(case)
    allowed = visible_sources(viewer) if viewer is not None else None
    rows = [r for r in current(case.id) if allowed is None or r.source in allowed]
    sets: dict[str, dict[int, Decimal]] = {}
    for row in rows:
        sets.setdefault(row.source, {})[row.indicator] = row.value
    experts = sorted(s for s in sets if s.startswith("expert:"))
    sources = {s: _result(system, sets[s]) for s in ["self", "province", *experts, "samr"] if s in sets}
    comparison = rules.compare(system, sets.get("self"), sets.get("province"), [sets[e] for e in experts])
    return _json({
        "case_id": case.id, "region_name": case.region.name, "stage": case.stage,
        "indicator_system": system.key, "indicator_system_name": system.name,
        "assigned": case.indicator_system is not None, "pass_rule": system.pass_rule,
        "indicators": [{"number": i["number"], "name": i["name"], "group": i["group"], "max": i["max"]}
                       for i in system.indicators],
        "experts": [e[7:] for e in experts], "sources": sources,
        "final": sources.get("samr") or None,
        "comparison": comparison,
        "rows": [{"indicator": r.indicator, "source": r.source, "value": r.value, "reason": r.reason,
                  "auto": r.auto, "evidence": r.evidence, "recorded_at": r.recorded_at.isoformat(),
                  "recorded_by": r.recorded_by} for r in rows]})
