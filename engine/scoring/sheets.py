"""Score forms: per-indicator fields expanded from a marker, results computed on completion.

A form stays JSON Schema. A property marked `"x-indicator-scores": <kind>` is expanded for the
case's indicator system into one property per indicator (keys are indicator numbers as
strings, each with its `maximum`):
- `scores`: a number per indicator, all required;
- `consolidated`: a number per indicator, optional (a missing one takes the experts' mean);
- `adjustments`: optional `{score, reason}` per indicator, both required (a change needs a reason);
- `evidence`: optional list of attachment ids per indicator;
- `figures`: reported figures per auto-scored indicator (engine.scoring.rules.auto_score reads them).
The form's top-level `"x-scoring"` names whose scores it records: `self`, `province`,
`expert`, `samr`. `derive` computes totals, group rates and pass/fail with engine.scoring.rules and
returns the values the engine adds to the task data, so gateways read computed results.

Pure: no database, no Flask (the in-memory lifecycle driver in tests/bpmn uses it too).
"""
import copy
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.scoring import rules
from engine.scoring.indicators import IndicatorSystem, IndicatorSystemError

MARKER = "x-indicator-scores"
KINDS = ("scores", "consolidated", "adjustments", "evidence", "figures")
SOURCES = ("self", "province", "expert", "samr")


class ScoreInputError(ValueError):
    def __init__(self, message: str, fields: dict[str, list[str]]) -> None:
        super().__init__(message)
        self.fields = fields


def num(x: object) -> int | float | None:
    """A Decimal as JSON likes it: int when whole, float otherwise."""
    if x is None:
        return None
    x = Decimal(str(x))
    return int(x) if x == x.to_integral_value() else float(x)


def has_marker(schema: dict[str, Any] | None) -> bool:
    return schema is not None and MARKER in json.dumps(schema)


def source_of(schema: dict[str, Any] | None) -> str | None:
    return (schema or {}).get("x-scoring")


def marked_fields(schema: dict[str, Any]) -> dict[str, str]:
    """{kind: property name} of the marked properties of a form."""
    return {p[MARKER]: name for name, p in schema.get("properties", {}).items()
            if isinstance(p, dict) and MARKER in p}


# ---------------------------------------------------------------- schema expansion
def figure_keys(indicator: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The reported figures an indicator's auto-scoring reads: {key: {label, unit, per_year}}."""
    out = {}
    for rule in indicator["auto_score"]:
        per_year = rule["kind"] == "per_year_comparison"
        specs = [rule.get("value"), rule.get("reference"), rule.get("input")] + list(rule["items"])
        for c in rule["conditions"]:
            specs += [c, c["reference"]]
        for sp in specs:
            if sp:
                out[sp["key"]] = {"label": sp["label"], "unit": sp.get("unit", ""), "per_year": per_year}
    return out


def _figures_schema(ind: dict[str, Any]) -> dict[str, Any]:
    props = {}
    for key, spec in figure_keys(ind).items():
        title = spec["label"] + (f"（{spec['unit']}）" if spec["unit"] else "")
        props[key] = ({"type": "object", "title": title + "，按年份", "additionalProperties": {"type": "number"}}
                      if spec["per_year"] else {"type": "number", "title": title})
    return {"type": "object", "title": f"指标{ind['number']}报送数据", "properties": props,
            "additionalProperties": False}


def _property(kind: str, ind: dict[str, Any], group_name: str) -> dict[str, Any]:
    mx = num(ind["max"])
    title = f"{ind['number']}. {ind['name'].rstrip('。')}（{mx:g}分）"
    score = {"type": "number", "minimum": 0, "maximum": mx, "title": title, "x-group": ind["group"],
             "description": f"一级指标“{group_name}”"}
    if kind in ("scores", "consolidated"):
        return score
    if kind == "adjustments":
        return {"type": "object", "title": title, "required": ["score", "reason"],
                "additionalProperties": False,
                "properties": {"score": dict(score, title="调整后得分"),
                               "reason": {"type": "string", "title": "调整理由", "minLength": 1,
                                          "maxLength": 2000}}}
    if kind == "evidence":
        return {"type": "array", "title": f"指标{ind['number']}佐证材料", "minItems": 1,
                "items": {"type": "string", "minLength": 1, "maxLength": 500}}
    raise ValueError(kind)


def expand(schema: dict[str, Any], system: IndicatorSystem,
           annotations: dict[str, dict[int, dict[str, Any]]] | None = None) -> dict[str, Any]:
    """A copy of `schema` with each marked property expanded for `system` (the schema itself
    when nothing is marked). `annotations` ({kind: {number: {...}}}) are merged into the
    indicator properties, e.g. the experts' scores beside SAMR's consolidated score."""
    if not has_marker(schema):
        return schema
    schema = copy.deepcopy(schema)
    schema["x-indicator-system"] = system.key
    groups = {g["number"]: g["name"] for g in system.groups}
    for name, prop in schema.get("properties", {}).items():
        kind = prop.get(MARKER) if isinstance(prop, dict) else None
        if kind is None:
            continue
        if kind not in KINDS:
            raise ValueError(f"{name}: unknown {MARKER} kind {kind!r}")
        prop.update(type="object", additionalProperties=False, properties={})
        for ind in system.indicators:
            key = str(ind["number"])
            if kind == "figures":
                if ind["auto_score"]:
                    prop["properties"][key] = _figures_schema(ind)
                continue
            prop["properties"][key] = _property(kind, ind, groups[ind["group"]])
            prop["properties"][key].update((annotations or {}).get(kind, {}).get(ind["number"], {}))
        if kind == "scores":
            prop["required"] = [str(i["number"]) for i in system.indicators]
    return schema


# ---------------------------------------------------------------- results
@dataclass
class ScoreSheet:
    """One source's scores for one task completion, ready to store and to put in the data."""
    source: str
    system: str
    values: dict                                  # number -> Decimal (capped at the maximum)
    result: rules.ScoreResult
    reasons: dict = field(default_factory=dict)   # number -> reason (adjustments, auto-scoring)
    auto: dict = field(default_factory=dict)      # number -> auto_score result
    evidence: dict = field(default_factory=dict)  # number -> [attachment ids]
    task_data: dict = field(default_factory=dict)


def _scores_in(system: IndicatorSystem, raw: Mapping[Any, Any] | None, what: str) -> dict[int, Decimal]:
    try:
        values, _ = rules._capped_scores(system, raw, what)
    except (rules.ScoreError, IndicatorSystemError) as e:
        raise ScoreInputError(str(e), {what: [str(e)]}) from e
    return values


def _result_data(prefix: str, result: rules.ScoreResult) -> dict[str, Any]:
    groups = {str(g["number"]): num(g["score"]) for g in result.groups}
    return {f"{prefix}score_total": num(result.total), f"{prefix}group_scores": groups,
            f"{prefix}failing_groups": list(result.failing_groups)}


def _indicator_data(values: dict[int, Decimal]) -> dict[str, int | float | None]:
    return {str(n): num(v) for n, v in sorted(values.items())}


def _auto_scored(system: IndicatorSystem, fields_: dict[str, str], data: dict[str, Any], dmn: rules.Decisions | None,
                 values: dict[int, Decimal], reasons: dict[int, str]) -> dict[int, dict[str, Any]]:
    """Score the indicators whose reported figures decide; the typed score gives way to them.
    Updates `values` and `reasons`; returns {number: auto_score result}."""
    auto = {}
    figures = data.get(fields_["figures"], {}) if "figures" in fields_ else {}
    for key, figs in figures.items():
        try:
            res = rules.auto_score(system, key, figs, dmn)
        except (rules.ScoreError, rules.DecisionError, IndicatorSystemError) as e:
            raise ScoreInputError(str(e), {fields_["figures"]: [f"{key}: {e}"]}) from e
        auto[res["indicator"]] = res
        if res["complete"]:
            values[res["indicator"]] = res["points"]
            reasons[res["indicator"]] = "auto-scored from reported figures"
    return auto


def _evidence_in(fields_: dict[str, str], data: dict[str, Any], values: dict[int, Decimal],
                 reasons: dict[int, str]) -> dict[int, list[str]]:
    """{number: [attachment ids]}; a self-score above 0 needs evidence unless figures decided it."""
    if "evidence" not in fields_:
        return {}
    evidence = {int(k): v for k, v in data.get(fields_["evidence"], {}).items()}
    lacking = [str(n) for n, v in sorted(values.items())
               if v > 0 and n not in evidence and n not in reasons]
    if lacking:
        raise ScoreInputError("scores above 0 need evidence",
                              {fields_["evidence"]: [f"indicator {', '.join(lacking)}: evidence required"]})
    return evidence


def _self_sheet(system: IndicatorSystem, fields_: dict[str, str], data: dict[str, Any], context: dict[str, Any],
                dmn: rules.Decisions | None) -> ScoreSheet:
    name = fields_["scores"]
    reasons: dict[int, str]
    values, reasons = _scores_in(system, data.get(name, {}), name), {}
    auto = _auto_scored(system, fields_, data, dmn, values, reasons)
    evidence = _evidence_in(fields_, data, values, reasons)
    result = rules.score(system, values)
    task_data = {"indicator_system": system.key, "self_indicator_scores": _indicator_data(values),
                 "qualified": result.passed, **_result_data("self_", result)}
    return ScoreSheet(source="self", system=system.key, values=values, result=result, reasons=reasons,
                      auto=auto, evidence=evidence, task_data=task_data)


def _province_sheet(system: IndicatorSystem, fields_: dict[str, str], data: dict[str, Any], context: dict[str, Any],
                    dmn: rules.Decisions | None) -> ScoreSheet:
    """The self-assessment's scores with the province's adjustments (each with its reason)."""
    base = context.get("self_indicator_scores")
    if not base:
        raise ScoreInputError("there is no self-assessment to review",
                              {"_form": ["no self-assessment scores in the case"]})
    values, reasons = _scores_in(system, base, "self_indicator_scores"), {}
    name = fields_["adjustments"]
    for key, adj in (data.get(name) or {}).items():
        n = int(key)
        new = _scores_in(system, {n: adj["score"]}, name)[n]
        if new != values.get(n):
            reasons[n] = adj["reason"]
            values[n] = new
    result = rules.score(system, values)
    task_data = {"province_indicator_scores": _indicator_data(values),
                 "province_passed": result.passed, **_result_data("province_", result)}
    return ScoreSheet(source="province", system=system.key, values=values, result=result,
                      reasons=reasons, task_data=task_data)


def _expert_sheet(system: IndicatorSystem, fields_: dict[str, str], data: dict[str, Any], context: dict[str, Any],
                  dmn: rules.Decisions | None) -> ScoreSheet:
    name = fields_["scores"]
    values = _scores_in(system, data[name], name)
    result = rules.score(system, values)
    task_data = {"score_passed": result.passed, "expert_indicator_scores": _indicator_data(values),
                 **_result_data("", result)}
    return ScoreSheet(source="expert", system=system.key, values=values, result=result,
                      task_data=task_data)


def _consolidated(system: IndicatorSystem, name: str, data: dict[str, Any],
                  context: dict[str, Any]) -> tuple[dict[int, Decimal], dict[int, str]]:
    """SAMR's scores over the experts' means; returns (values, reasons for departing from a mean)."""
    given = _scores_in(system, data.get(name) or {}, name)
    means = expert_means(system, context.get("expert_scores") or [])
    missing = [str(i["number"]) for i in system.indicators
               if i["number"] not in given and i["number"] not in means]
    if missing:
        raise ScoreInputError("no expert scores to consolidate",
                              {name: [f"indicator {', '.join(missing)}: a score is required"]})
    reasons = {n: f"experts' mean {num(means[n])}" for n in given if n in means and given[n] != means[n]}
    return {**means, **given}, reasons


def _check_samr_choices(system: IndicatorSystem, data: dict[str, Any], result: rules.ScoreResult) -> None:
    """A decision of `pass` needs a passing result; a typed evaluation score must be the total."""
    if data.get("decision") == "pass" and not result.passed:
        raise ScoreInputError("the consolidated scores do not meet the pass rule", {"decision": [
            f"pass needs total ≥ {num(system.pass_rule['total_min'])} and every group ≥ "
            f"{num(Decimal(str(system.pass_rule['group_rate_min'])) * 100)} %; "
            f"total {num(result.total)}, failing groups {result.failing_groups}"]})
    typed = data.get("evaluation_score")
    if typed is not None and Decimal(str(typed)) != result.total:
        raise ScoreInputError("evaluation_score differs from the consolidated total",
                              {"evaluation_score": [f"the consolidated total is {num(result.total)}"]})


def _samr_sheet(system: IndicatorSystem, fields_: dict[str, str], data: dict[str, Any], context: dict[str, Any],
                dmn: rules.Decisions | None) -> ScoreSheet:
    values, reasons = _consolidated(system, fields_["consolidated"], data, context)
    result = rules.score(system, values)
    _check_samr_choices(system, data, result)
    task_data = {"evaluation_score": num(result.total), "evaluation_passed": result.passed,
                 "evaluation_indicator_scores": _indicator_data(values),
                 **_result_data("evaluation_", result)}
    return ScoreSheet(source="samr", system=system.key, values=values, result=result,
                      reasons=reasons, task_data=task_data)


_SHEETS = {"self": _self_sheet, "province": _province_sheet, "expert": _expert_sheet,
           "samr": _samr_sheet}


def derive(schema: dict[str, Any], system: IndicatorSystem, data: dict[str, Any], context: dict[str, Any],
           dmn: rules.Decisions | None = None) -> ScoreSheet:
    """Compute one completion's scores. `data` is the submission (already valid against the
    expanded schema), `context` the task's data before it (earlier sheets live there).
    Raises ScoreInputError (fields) for what the schema cannot say."""
    source, fields_ = source_of(schema), marked_fields(schema)
    if source not in SOURCES:
        raise ValueError(f"x-scoring must be one of {SOURCES}, not {source!r}")
    return _SHEETS[source](system, fields_, data, context, dmn)


def expert_scores_by_indicator(system: IndicatorSystem,
                               expert_scores: Iterable[dict[str, Any]]) -> dict[int, dict[str | None, Decimal]]:
    """{number: {expert: Decimal}} from the `expert_scores` list the diagram collects."""
    out: dict[int, dict[str | None, Decimal]] = {}
    for item in expert_scores:
        for key, v in (item.get("scores") or {}).items():
            out.setdefault(int(key), {})[item.get("expert")] = Decimal(str(v))
    return out


def expert_means(system: IndicatorSystem, expert_scores: Iterable[dict[str, Any]]) -> dict[int, Decimal]:
    means = {}
    for n, by in expert_scores_by_indicator(system, expert_scores).items():
        mean = sum(by.values(), Decimal(0)) / len(by)
        means[n] = mean.quantize(Decimal("0.001"))
    return means
