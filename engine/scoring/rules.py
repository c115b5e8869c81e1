"""Scoring under an indicator system: totals, group rates, pass rule, score comparison, and
auto-scoring of quantitative indicators from reported figures.

Arithmetic is done in Decimal: scores come in halves and tenths (0.5, 1.5, 15.8) and the
pass rule compares at exact boundaries (85 points, 80 %), where binary floats can land a
hair on the wrong side.

Band and threshold rules are DMN decision tables in `bpmn/dmn/`, evaluated by SpiffWorkflow's
DMN engine, so an administrator can read and change them next to the diagrams. Counting
rules (x points per document, capped) stay here: they are arithmetic, not decisions.
"""
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from math import isfinite
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeAlias

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from engine.runtime import scripting
from engine.scoring.indicators import IndicatorSystem

DMN_DIR = Path(__file__).resolve().parents[2] / "bpmn" / "dmn"


class ScoreError(ValueError):
    """Scores or figures that cannot be scored (negative, not a number, unknown indicator)."""


class DecisionError(RuntimeError):
    """A DMN decision that gave no answer (no rule matched) or failed."""


def _dec(x: object) -> Decimal:
    return Decimal(str(x))


def _number(value: object, what: str, minimum: float | None = None, maximum: float | None = None,
            integer: bool = False) -> float | Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) or not isfinite(value):
        raise ScoreError(f"{what}: {value!r} is not a number")
    if minimum is not None and value < minimum:
        raise ScoreError(f"{what}: {value!r} is below {minimum:g}")
    if maximum is not None and value > maximum:
        raise ScoreError(f"{what}: {value!r} is above {maximum:g}")
    if integer and value != int(value):
        raise ScoreError(f"{what}: {value!r} is not a whole number")
    return value


# ---------------------------------------------------------------- scores and pass rule
@dataclass
class ScoreResult:
    total: Decimal
    passed: bool
    total_ok: bool
    groups: list  # [{number, name, max, score, rate, ok}]
    failing_groups: list  # numbers of groups below the rate
    indicators: dict  # number -> capped score
    capped: list = field(default_factory=list)  # [(number, given, max)]
    missing: list = field(default_factory=list)  # indicators without a score (counted as 0)


def _capped_scores(system: IndicatorSystem, scores: Mapping[Any, Any] | None,
                   what: str = "score") -> tuple[dict[int, Decimal], list[tuple[int, Decimal, Decimal]]]:
    """Validate one score set; cap each score at its indicator's maximum."""
    out, capped = {}, []
    for key, value in (scores or {}).items():
        ind = system.indicator(key)  # unknown indicator -> IndicatorSystemError (a ValueError)
        v = _dec(_number(value, f"{what} of indicator {ind['number']}", minimum=0))
        mx = _dec(ind["max"])
        if v > mx:
            capped.append((ind["number"], v, mx))
            v = mx
        out[ind["number"]] = v
    return out, capped


def score(system: IndicatorSystem, scores: Mapping[Any, Any] | None) -> ScoreResult:
    """Total, group scores and rates, and pass/fail under the system's rule.

    `scores` maps indicator number (int or numeric string, as JSON gives it) to points.
    Scores above an indicator's maximum are capped (and listed); negative ones are refused.
    """
    values, capped = _capped_scores(system, scores)
    rule = system.pass_rule
    rate_min = _dec(rule["group_rate_min"])
    groups, failing = [], []
    for g in system.groups:
        s = sum((values.get(i["number"], Decimal(0)) for i in system.indicators_of(g["number"])), Decimal(0))
        mx = _dec(g["max"])
        ok = s >= rate_min * mx  # compare products: no rounding of the rate
        groups.append(dict(number=g["number"], name=g["name"], max=mx, score=s, rate=s / mx, ok=ok))
        if not ok:
            failing.append(g["number"])
    total = sum(values.values(), Decimal(0))
    total_ok = total >= _dec(rule["total_min"])
    missing = [i["number"] for i in system.indicators if i["number"] not in values]
    return ScoreResult(total=total, passed=total_ok and not failing, total_ok=total_ok, groups=groups,
                       failing_groups=failing, indicators=values, capped=capped, missing=missing)


def compare(system: IndicatorSystem, self_scores: Mapping[Any, Any] | None = None,
            province_scores: Mapping[Any, Any] | None = None,
            expert_scores: Iterable[Mapping[Any, Any]] = ()) -> dict[str, Any]:
    """Self / province / expert scores side by side, per indicator and per group.

    Expert spread is max - min over the experts who scored that line (None when fewer than one);
    a large spread is what a SAMR reviewer looks at before deciding.
    """
    sets = {"self": _capped_scores(system, self_scores, "self score")[0] if self_scores is not None else None,
            "province": (_capped_scores(system, province_scores, "province score")[0]
                         if province_scores is not None else None)}
    experts = [_capped_scores(system, e, f"expert {k + 1} score")[0] for k, e in enumerate(expert_scores)]

    def line(pick: Callable[..., Decimal | None]) -> dict[str, Any]:
        row: dict[str, Any] = {name: (pick(vals) if vals is not None else None) for name, vals in sets.items()}
        ex = [v for v in (pick(e) for e in experts) if v is not None]
        row.update(experts=ex, expert_min=min(ex) if ex else None, expert_max=max(ex) if ex else None,
                   expert_spread=(max(ex) - min(ex)) if ex else None,
                   expert_mean=(sum(ex) / len(ex)) if ex else None)
        row["self_minus_province"] = (row["self"] - row["province"]
                                      if row["self"] is not None and row["province"] is not None else None)
        return row

    indicators = [dict(number=i["number"], max=_dec(i["max"]), **line(lambda vals, n=i["number"]: vals.get(n)))
                  for i in system.indicators]
    groups = []
    for g in system.groups:
        nums = [i["number"] for i in system.indicators_of(g["number"])]
        groups.append(dict(number=g["number"], name=g["name"], max=_dec(g["max"]),
                           **line(lambda vals, ns=nums: sum((vals.get(n, Decimal(0)) for n in ns), Decimal(0)))))
    total = line(lambda vals: sum(vals.values(), Decimal(0)))
    return dict(indicators=indicators, groups=groups, total=total)


# ---------------------------------------------------------------- DMN decisions
class Decisions:
    """The decision tables of a directory, parsed once, evaluated outside any workflow.

    SpiffWorkflow's DMNEngine expects a task (data + workflow.script_engine); a minimal
    stand-in is enough to evaluate a table directly. The cells run in the confined script
    environment, on a budget, like every other piece of diagram code.
    """

    def __init__(self, directory: str | Path = DMN_DIR, script_engine: PythonScriptEngine | None = None) -> None:
        self.parser = SpiffBpmnParser(validator=VALIDATOR)  # validates DMN against its XSD
        self.parser.add_dmn_files(sorted(str(p) for p in Path(directory).glob("*.dmn")))
        self.script_engine = script_engine or scripting.script_engine()
        self._engines: dict[str, Any] = {}  # decision id → the library's DMN engine

    @property
    def ids(self) -> list[str]:
        return sorted(self.parser.dmn_parsers)

    def decide(self, decision_id: str, **context: Any) -> dict[str, Any]:
        if decision_id not in self.parser.dmn_parsers:
            raise DecisionError(f"no DMN decision {decision_id!r}; known: {', '.join(self.ids)}")
        engine = self._engines.get(decision_id) or self._engines.setdefault(
            decision_id, self.parser.get_engine(decision_id, None))
        workflow = SimpleNamespace(script_engine=self.script_engine,
                                   spec=SimpleNamespace(file=f"{decision_id}.dmn"))
        workflow.top_workflow = workflow  # lets the library build its error trace
        task = SimpleNamespace(data=dict(context), workflow=workflow,
                               task_spec=SimpleNamespace(name=decision_id, bpmn_name=decision_id))
        try:
            result = engine.result(task)
        except Exception as e:
            raise DecisionError(f"decision {decision_id} failed for {context}: {e}") from e
        if not result:  # the library returns {} silently when no rule matches
            raise DecisionError(f"decision {decision_id}: no rule matches {context}")
        return dict(result)


@lru_cache(maxsize=8)
def default_decisions(directory: str = str(DMN_DIR)) -> Decisions:
    return Decisions(directory)


# ---------------------------------------------------------------- auto-scoring
RulePoints: TypeAlias = tuple[Decimal, dict[str, Any]]  # a rule's points, and what they came from


def _figure(figures: Mapping[str, Any], spec: dict[str, Any], what: str) -> float | Decimal:
    if spec["key"] not in figures:
        raise ScoreError(f"{what}: figure {spec['key']!r} ({spec['label']}) is missing")
    return _number(figures[spec["key"]], f"{spec['key']} ({spec['label']})",
                   spec.get("min"), spec.get("max"), spec.get("integer", False))


def _per_year(rule: dict[str, Any], figures: Mapping[str, Any], dmn: Decisions, what: str) -> RulePoints:
    local, ref = figures.get(rule["value"]["key"]), figures.get(rule["reference"]["key"])
    if not isinstance(local, dict) or not local:
        raise ScoreError(f"{what}: {rule['value']['key']} must map year -> value")
    if len(local) > rule["years"]:
        raise ScoreError(f"{what}: {len(local)} years given, the rule counts {rule['years']}")
    exceeded = []
    for year in sorted(local):
        if not isinstance(ref, dict) or year not in ref:
            raise ScoreError(f"{what}: no {rule['reference']['key']} for year {year}")
        v = _number(local[year], f"{rule['value']['key']} {year}")
        t = _number(ref[year], f"{rule['reference']['key']} {year}")
        if dmn.decide(rule["decision"], op=rule["op"], value=v, threshold=t)["met"]:
            exceeded.append(year)
    pts = min(_dec(rule["points_per_year"]) * len(exceeded), _dec(rule["max_points"]))
    return pts, {"years_exceeded": exceeded}


def _thresholds(rule: dict[str, Any], figures: Mapping[str, Any], dmn: Decisions, what: str) -> RulePoints:
    unmet = []
    for c in rule["conditions"]:
        v = _figure(figures, c, what)
        t = c["threshold"] if c["reference"] is None else _figure(figures, c["reference"], what)
        if not dmn.decide(rule["decision"], op=c["op"], value=v, threshold=t)["met"]:
            unmet.append(c["key"])
    return (_dec(rule["points"]) if not unmet else Decimal(0)), {"unmet": unmet}


def _band(rule: dict[str, Any], figures: Mapping[str, Any], dmn: Decisions, what: str) -> RulePoints:
    v = _figure(figures, rule["input"], what)
    return _dec(dmn.decide(rule["decision"], share=v)["points"]), {"value": v}


def _count_cap(rule: dict[str, Any], figures: Mapping[str, Any], dmn: Decisions, what: str) -> RulePoints:
    n = _figure(figures, rule["input"], what)
    return min(_dec(rule["per_unit"]) * _dec(n), _dec(rule["cap"])), {"count": n}


def _weighted(rule: dict[str, Any], figures: Mapping[str, Any], dmn: Decisions, what: str) -> RulePoints:
    counts = {it["key"]: _figure(figures, dict(it, min=0, integer=True), what) for it in rule["items"]}
    pts = sum((_dec(it["per_unit"]) * _dec(counts[it["key"]]) for it in rule["items"]), Decimal(0))
    return (pts if rule["cap"] is None else min(pts, _dec(rule["cap"]))), {"counts": counts}


def _rule_keys(rule: dict[str, Any]) -> list[str]:
    specs = [rule.get("value"), rule.get("reference"), rule.get("input")] + list(rule["items"])
    for c in rule["conditions"]:
        specs += [c, c["reference"]]
    return [sp["key"] for sp in specs if sp]


_KINDS = {"per_year_comparison": _per_year, "thresholds": _thresholds, "band": _band,
          "count_cap": _count_cap, "weighted_count_cap": _weighted}


def auto_score(system: IndicatorSystem, number: int | str, figures: Mapping[str, Any],
               dmn: Decisions | None = None) -> dict[str, Any]:
    """Score one indicator's quantitative rules from reported figures.

    Returns points (capped at the indicator's maximum; each part at its sub-item's points),
    the parts, and the sub-items that still need an expert. A rule none of whose figures were
    reported is skipped (its sub-item stays with the experts); a rule with only some of them,
    or invalid ones, raises ScoreError; a DMN table without a rule for a value, DecisionError.
    """
    ind = system.indicator(number)
    if not ind["auto_score"]:
        raise ScoreError(f"{system.key} indicator {ind['number']} has no auto-scoring rule")
    dmn = dmn or default_decisions()
    subs = {s["number"]: s for s in ind["sub_items"]}
    parts, covered = [], set()
    what = f"{system.key} indicator {ind['number']}"
    for rule in ind["auto_score"]:
        if not any(k in figures for k in _rule_keys(rule)):
            continue
        pts, detail = _KINDS[rule["kind"]](rule, figures, dmn, what)
        sub = subs.get(rule["sub_item"])
        if sub and sub["points"] is not None and pts > _dec(sub["points"]):
            pts = _dec(sub["points"])
        parts.append(dict(sub_item=rule["sub_item"], kind=rule["kind"], points=pts, **detail))
        covered.add(rule["sub_item"])
    if not parts:
        raise ScoreError(f"{what}: none of its figures were reported")
    raw = sum((p["points"] for p in parts), Decimal(0))
    points = min(raw, _dec(ind["max"]))
    # with no sub-items the indicator is one whole: done once its (only) rule ran
    manual = [] if None in covered else [n for n in subs if n not in covered]
    return dict(indicator=ind["number"], points=points, uncapped=raw, parts=parts,
                manual_sub_items=manual, complete=not manual)


def auto_score_all(system: IndicatorSystem, figures_by_indicator: Mapping[Any, Mapping[str, Any]],
                   dmn: Decisions | None = None) -> dict[int, dict[str, Any]]:
    """Auto-score every indicator for which figures were reported: {number: result}."""
    return {system.indicator(n)["number"]: auto_score(system, n, f, dmn)
            for n, f in figures_by_indicator.items()}
