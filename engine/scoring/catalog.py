"""The indicator systems in force: loaded and validated once at start, looked up by key.

`load` reads `bpmn/indicators/*.json` (engine.scoring.indicators); a broken file raises
IndicatorSystemError and the application does not start. The arithmetic warnings stay on
each system for the admin page and the API. `current` is the version a case gets at creation
approval (configuration `INDICATOR_SYSTEM`); a case keeps it when a newer one becomes current
(Art 11, 22: the system changes, a case is evaluated under the version it was approved with).
"""
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.errors import NotFound
from engine.scoring import indicators
from engine.scoring.indicators import IndicatorSystem
from engine.scoring.sheets import figure_keys
from models import Case

_state: dict = {"systems": {}, "current": None, "directory": None}


def load(directory: str | Path = indicators.DEFAULT_DIR, current: str | None = None) -> dict[str, IndicatorSystem]:
    systems = indicators.load_all(directory)
    if not systems:
        raise indicators.IndicatorSystemError(f"{directory}: no indicator system found")
    if current is not None and current not in systems:
        raise indicators.IndicatorSystemError(
            f"INDICATOR_SYSTEM {current!r} is not one of {', '.join(sorted(systems))}")
    _state.update(systems=systems, directory=str(directory),
                  current=current or sorted(systems)[-1])
    return systems


def _ensure() -> None:
    if not _state["systems"]:
        load()


def systems() -> dict[str, IndicatorSystem]:
    _ensure()
    return dict(_state["systems"])


def current_key() -> str:
    _ensure()
    return _state["current"]


def set_current(key: str) -> None:
    """Make another loaded version current (new approvals take it; cases keep theirs)."""
    get(key)
    _state["current"] = key


def get(key: str) -> IndicatorSystem:
    _ensure()
    try:
        return _state["systems"][key]
    except KeyError:
        raise NotFound("indicator system {key} does not exist", key=key) from None


def for_case(case: Case) -> IndicatorSystem:
    """The system a case is scored under: its own, or the current one before approval."""
    return get(case.indicator_system or current_key())


def _num(x: object) -> int | float:
    x = Decimal(str(x))
    return int(x) if x == x.to_integral_value() else float(x)


def summary(system: IndicatorSystem) -> dict[str, Any]:
    return {"key": system.key, "name": system.name, "version_label": system.version_label,
            "current": system.key == current_key(), "pass_rule": system.pass_rule,
            "group_count": len(system.groups), "indicator_count": len(system.indicators),
            "max_total": _num(sum(g["max"] for g in system.groups)),
            "warning_count": len(system.warnings)}


def detail(system: IndicatorSystem) -> dict[str, Any]:
    """Groups with their indicators and maxima, the pass rule and the validation warnings."""
    groups = []
    for g in system.groups:
        groups.append({
            "number": g["number"], "name": g["name"], "max": _num(g["max"]),
            "subgroups": g.get("subgroups", []),
            "indicators": [{"number": i["number"], "name": i["name"], "max": _num(i["max"]),
                            "nature": i["nature"], "text": i["text"],
                            "subgroup": i.get("subgroup", ""),
                            "assessment_methods": i["assessment_methods"],
                            "data_sources": i["data_sources"],
                            "sub_items": i["sub_items"],
                            "auto_scored": bool(i["auto_score"]),
                            "figures": figure_keys(i)}
                           for i in system.indicators_of(g["number"])]})
    return {**summary(system), "source": system.source, "note": system.note, "groups": groups,
            "warnings": [{"code": w.code, "indicator": w.indicator, "message_zh": w.message_zh,
                          "message_en": w.message_en, "resolution": w.resolution}
                         for w in system.warnings]}
