"""Indicator systems (评估指标体系) as versioned data: load, validate, look up.

Each official version lives in `bpmn/indicators/<key>.json` with the source texts verbatim.
Loading checks the structure strictly (marshmallow) but checks the arithmetic leniently:
the official tables do not always add up (the 2024 draft gives indicator 3 sub-items worth
6 points for a 5-point indicator), and hiding that would misstate the law. So `validate`
returns warnings that say what does not add up and how scoring resolves it, and loading
keeps them on the system for the admin screens. Scoring itself is in `engine/scoring/rules.py`.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "bpmn" / "indicators"
NATURES = ("quantitative", "qualitative", "both")
RULE_KINDS = ("per_year_comparison", "band", "thresholds", "count_cap", "weighted_count_cap")


class IndicatorSystemError(ValueError):
    """An indicator file that cannot be used (wrong structure, unknown references)."""


# ---------------------------------------------------------------- structure
class _Input(Schema):
    class Meta:
        unknown = EXCLUDE  # labels/units are free documentation

    key = fields.Str(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]*$"))
    label = fields.Str(required=True)
    min = fields.Float(load_default=None)
    max = fields.Float(load_default=None)
    integer = fields.Bool(load_default=False)
    unit = fields.Str(load_default="")


class _Condition(_Input):
    op = fields.Str(required=True, validate=validate.OneOf(["gt", "ge", "le"]))
    threshold = fields.Float(load_default=None)
    reference = fields.Nested(_Input, load_default=None)

    @validates_schema
    def _one_bound(self, data: dict[str, Any], **kw: Any) -> None:
        if (data["threshold"] is None) == (data["reference"] is None):
            raise ValidationError("a condition needs exactly one of threshold or reference")


class _WeightedItem(Schema):
    key = fields.Str(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]*$"))
    label = fields.Str(required=True)
    per_unit = fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False))


class _AutoRule(Schema):
    kind = fields.Str(required=True, validate=validate.OneOf(RULE_KINDS))
    sub_item = fields.Int(load_default=None, allow_none=True)
    basis = fields.Str(required=True)  # the verbatim source phrase the rule encodes
    decision = fields.Str(load_default=None)
    op = fields.Str(load_default="gt", validate=validate.OneOf(["gt", "ge"]))
    value = fields.Nested(_Input, load_default=None)
    reference = fields.Nested(_Input, load_default=None)
    years = fields.Int(load_default=None)
    points_per_year = fields.Float(load_default=None)
    max_points = fields.Float(load_default=None)
    input = fields.Nested(_Input, load_default=None)
    conditions = fields.List(fields.Nested(_Condition), load_default=list)
    points = fields.Float(load_default=None)
    per_unit = fields.Float(load_default=None)
    cap = fields.Float(load_default=None, allow_none=True)
    items = fields.List(fields.Nested(_WeightedItem), load_default=list)

    # what each kind cannot work without; checked here so a bad file fails at load time
    NEEDS = {"per_year_comparison": ("decision", "value", "reference", "years", "points_per_year",
                                     "max_points"),
             "band": ("decision", "input"), "thresholds": ("decision", "conditions", "points"),
             "count_cap": ("input", "per_unit", "cap"), "weighted_count_cap": ("items",)}

    @validates_schema
    def _complete(self, data: dict[str, Any], **kw: Any) -> None:
        missing = [f for f in self.NEEDS[data["kind"]] if not data.get(f)]
        if missing:
            raise ValidationError(f"{data['kind']} rule lacks {', '.join(missing)}")


class _SubItem(Schema):
    number = fields.Int(required=True)
    text = fields.Str(required=True)
    points = fields.Float(required=True, allow_none=True)  # None: the source states none


class _Indicator(Schema):
    number = fields.Int(required=True)
    group = fields.Int(required=True)
    subgroup = fields.Str(load_default="")
    name = fields.Str(required=True, validate=validate.Length(min=1))
    max = fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False))
    nature = fields.Str(required=True, validate=validate.OneOf(NATURES))
    nature_text = fields.Str(load_default="")
    text = fields.Str(required=True)
    assessment_methods = fields.List(fields.Str(), load_default=list)
    data_sources = fields.List(fields.Str(), load_default=list)
    sub_items = fields.List(fields.Nested(_SubItem), load_default=list)
    sub_items_mode = fields.Str(load_default="sum", validate=validate.OneOf(["sum", "any"]))
    # National content only: no region's plan tasks or units (a region's decomposition is its
    # plan's `indicators` sheet, e.g. seeds/plans/yongchuan-decomposition.csv); unknown keys fail.
    auto_score = fields.List(fields.Nested(_AutoRule), load_default=list)
    note = fields.Str(load_default="")


class _Subgroup(Schema):
    name = fields.Str(required=True)
    max = fields.Float(required=True)
    indicators = fields.List(fields.Int(), required=True)


class _Group(Schema):
    number = fields.Int(required=True)
    name = fields.Str(required=True)
    max = fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False))
    subgroups = fields.List(fields.Nested(_Subgroup), load_default=list)


class _PassRule(Schema):
    class Meta:
        unknown = EXCLUDE

    total_min = fields.Float(required=True)
    group_rate_min = fields.Float(required=True, validate=validate.Range(min=0, max=1))
    text = fields.Str(load_default="")


class SystemSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    key = fields.Str(required=True, validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]*$"))
    name = fields.Str(required=True)
    version_label = fields.Str(load_default="")
    source = fields.Dict(load_default=dict)
    pass_rule = fields.Nested(_PassRule, required=True)
    note = fields.Str(load_default="")
    groups = fields.List(fields.Nested(_Group), required=True, validate=validate.Length(min=1))
    indicators = fields.List(fields.Nested(_Indicator), required=True, validate=validate.Length(min=1))


# ---------------------------------------------------------------- objects
@dataclass(frozen=True)
class IndicatorWarning:
    code: str
    indicator: int | None  # None for a system- or group-level finding
    message_zh: str
    message_en: str
    resolution: str  # how scoring treats it


@dataclass
class IndicatorSystem:
    key: str
    name: str
    pass_rule: dict
    groups: list
    indicators: list
    source: dict = field(default_factory=dict)
    note: str = ""
    version_label: str = ""
    warnings: list = field(default_factory=list)

    def indicator(self, number: int | str) -> dict[str, Any]:
        try:
            return self._by_number[int(number)]
        except (KeyError, ValueError, TypeError):
            raise IndicatorSystemError(f"{self.key}: no indicator {number!r}") from None

    def group(self, number: int) -> dict[str, Any]:
        return next(g for g in self.groups if g["number"] == number)

    def indicators_of(self, group_number: int) -> list[dict[str, Any]]:
        return [i for i in self.indicators if i["group"] == group_number]

    def __post_init__(self) -> None:
        self._by_number = {i["number"]: i for i in self.indicators}


def _fmt(x: float) -> str:
    return f"{x:g}"


def validate_system(system: IndicatorSystem) -> list[IndicatorWarning]:
    """Return warnings for everything in the system that does not add up (never raises)."""
    out = []
    total = sum(g["max"] for g in system.groups)
    if total != 100:
        out.append(IndicatorWarning(
            "groups_total", None, f"一级指标分值合计{_fmt(total)}分,不等于100分",
            f"group maxima add up to {_fmt(total)}, not 100",
            "pass rule still applied to the total as stated (≥ total_min)"))
    for g in system.groups:
        s = sum(i["max"] for i in system.indicators_of(g["number"]))
        if s != g["max"]:
            out.append(IndicatorWarning(
                "group_sum", None, f"一级指标“{g['name']}”满分{_fmt(g['max'])}分,所含指标合计{_fmt(s)}分",
                f"group {g['number']} {g['name']}: maximum {_fmt(g['max'])} but its indicators add up to {_fmt(s)}",
                "group rate is computed against the group's stated maximum"))
        for sg in g.get("subgroups", []):
            s = sum(system.indicator(n)["max"] for n in sg["indicators"])
            if s != sg["max"]:
                out.append(IndicatorWarning(
                    "subgroup_sum", None, f"二级指标“{sg['name']}”满分{_fmt(sg['max'])}分,所含指标合计{_fmt(s)}分",
                    f"subgroup {sg['name']}: maximum {_fmt(sg['max'])} but its indicators add up to {_fmt(s)}",
                    "reported only; subgroups take no part in the pass rule"))
    for ind in system.indicators:
        out.extend(_indicator_warnings(ind))
    return out


def _indicator_warnings(ind: dict[str, Any]) -> list[IndicatorWarning]:
    n, mx, subs = ind["number"], ind["max"], ind["sub_items"]
    out = []
    unstated = [s["number"] for s in subs if s["points"] is None]
    if unstated:  # one finding per indicator, not one per item
        items = "、".join(map(str, unstated))
        if ind["sub_items_mode"] == "any":
            zh, en = (f"指标{n}“符合一项即可得分”未写明分值",
                      f"indicator {n}: the points a qualifying item earns are not stated")
            how = f"experts award up to the indicator's maximum {_fmt(mx)}"
        else:
            zh, en = (f"指标{n}第{items}项未写明最高分",
                      f"indicator {n} sub-item {items}: no maximum is stated (points per occurrence only)")
            how = f"the indicator score is capped at its maximum {_fmt(mx)}"
        out.append(IndicatorWarning("sub_item_points_not_stated", n, zh, en, how))
    for s in subs:
        if s["points"] is not None and s["points"] > mx:
            out.append(IndicatorWarning(
                "sub_item_exceeds_max", n, f"指标{n}第{s['number']}项{_fmt(s['points'])}分,超过指标满分{_fmt(mx)}分",
                f"indicator {n} sub-item {s['number']} is worth {_fmt(s['points'])}, more than the indicator's {_fmt(mx)}",
                f"capped at the indicator's maximum {_fmt(mx)}"))
    stated = [s["points"] for s in subs if s["points"] is not None]
    if ind["sub_items_mode"] == "sum" and subs and len(stated) == len(subs):
        s = sum(stated)
        if s > mx:
            out.append(IndicatorWarning(
                "sub_items_exceed_max", n, f"指标{n}各项分值合计{_fmt(s)}分,超过指标满分{_fmt(mx)}分",
                f"indicator {n}: sub-items add up to {_fmt(s)}, more than its maximum {_fmt(mx)}",
                f"capped at the indicator's maximum {_fmt(mx)}"))
        elif s < mx:
            out.append(IndicatorWarning(
                "sub_items_below_max", n, f"指标{n}各项分值合计{_fmt(s)}分,低于指标满分{_fmt(mx)}分",
                f"indicator {n}: sub-items add up to {_fmt(s)} only, below its maximum {_fmt(mx)}",
                f"reported only: scores up to {_fmt(mx)} are accepted; auto-scoring yields at most {_fmt(s)}"))
    return out


def _check_references(raw: dict[str, Any], path: Path) -> None:
    """Errors that make a file unusable (as opposed to warnings about the arithmetic)."""
    numbers = [i["number"] for i in raw["indicators"]]
    groups = {g["number"] for g in raw["groups"]}
    problems = []
    if len(set(numbers)) != len(numbers):
        problems.append("duplicate indicator numbers")
    for ind in raw["indicators"]:
        if ind["group"] not in groups:
            problems.append(f"indicator {ind['number']} names unknown group {ind['group']}")
        subs = {s["number"] for s in ind["sub_items"]}
        for r in ind["auto_score"]:
            if r["sub_item"] is not None and r["sub_item"] not in subs:
                problems.append(f"indicator {ind['number']}: auto_score names unknown sub-item {r['sub_item']}")
    for g in raw["groups"]:
        for sg in g["subgroups"]:
            problems += [f"subgroup {sg['name']} names unknown indicator {n}"
                         for n in sg["indicators"] if n not in numbers]
    if problems:
        raise IndicatorSystemError(f"{path}: " + "; ".join(problems))


def load_system(path: str | Path) -> IndicatorSystem:
    path = Path(path)
    try:
        raw = SystemSchema().load(json.loads(path.read_text(encoding="utf-8")))
    except (ValidationError, json.JSONDecodeError) as e:
        raise IndicatorSystemError(f"{path}: {getattr(e, 'messages', e)}") from e
    _check_references(raw, path)
    system = IndicatorSystem(**raw)
    system.warnings = validate_system(system)
    return system


def load_all(directory: str | Path = DEFAULT_DIR) -> dict[str, IndicatorSystem]:
    """All indicator systems in a directory, by key (reference-data files are skipped)."""
    systems = {}
    for p in sorted(Path(directory).glob("*.json")):
        head = json.loads(p.read_text(encoding="utf-8"))
        if not isinstance(head, dict) or "indicators" not in head:
            continue  # e.g. reference figures, not a system
        s = load_system(p)
        if s.key in systems:
            raise IndicatorSystemError(f"{p}: key {s.key} is used twice")
        systems[s.key] = s
    return systems
