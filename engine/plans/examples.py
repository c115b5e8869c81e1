"""Example plans built from the seeds (seeds/plans/, see its README): importable as
they are, and downloadable as xlsx workbooks to show the format.

- `yuncheng`: 运城市's plan, 22 tasks, responsible units only (the plan names no lead units).
- `yongchuan`: 永川区's plan, 24 tasks with lead and responsible units, and its indicator
  decomposition (附件): 41 indicators of the 2022 trial system → lead and responsible units →
  tasks, as the workbook's `indicators` sheet.
"""
import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypedDict

from engine.errors import NotFound
from engine.plans import importing

PLANS = Path(__file__).resolve().parents[2] / "seeds" / "plans"


class Example(TypedDict):
    region: str
    title: str
    tasks: str  # the tasks sheet (CSV under seeds/plans/)
    indicators: str | None  # the indicator decomposition sheet, if the plan has one
    indicator_system: str | None


EXAMPLES: dict[str, Example] = {
    "yuncheng": {"region": "yuncheng", "title": "运城市创建全国网络市场监管与服务示范区实施方案",
                 "tasks": "yuncheng.csv", "indicators": None, "indicator_system": None},
    "yongchuan": {"region": "yongchuan", "title": "重庆市永川区创建“全国网络市场监管与服务示范区”总体方案",
                  "tasks": "yongchuan.csv", "indicators": "yongchuan-decomposition.csv",
                  "indicator_system": "2022-trial"},
}
INDICATOR_SHEET_COLUMNS = ("indicator_number", "group", "indicator", "lead_unit", "responsible_units",
                           "tasks", "measures")


def get(key: str) -> Example:
    try:
        return EXAMPLES[key]
    except KeyError:
        raise NotFound("no example plan {key}; there are {examples}", key=key, examples=', '.join(EXAMPLES)) from None


def catalogue() -> list[dict[str, Any]]:
    out = []
    for key, ex in EXAMPLES.items():
        tasks = _rows(ex["tasks"])
        out.append({"key": key, "region": ex["region"], "title": ex["title"], "tasks": len(tasks),
                    "indicators": len(_rows(ex["indicators"])) if ex["indicators"] else 0,
                    "indicator_system": ex["indicator_system"]})
    return out


def _rows(name: str) -> list[dict[str, str]]:
    with open(PLANS / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def files(key: str) -> list[tuple[str, bytes, str]]:
    """[(filename, bytes, sheet)] to import, exactly as the seeds have them."""
    ex = get(key)
    out = [(ex["tasks"], (PLANS / ex["tasks"]).read_bytes(), "tasks")]
    if ex["indicators"]:
        out.append((ex["indicators"], (PLANS / ex["indicators"]).read_bytes(), "indicators"))
    return out


def workbook(key: str) -> bytes:
    """The example as one xlsx workbook (sheets `tasks` and, for Yongchuan, `indicators`)."""
    ex = get(key)
    tasks = _rows(ex["tasks"])
    sheets: list[tuple[str, Sequence[str], list[dict[str, str]]]] = [
        ("tasks", list(importing.TASK_COLUMNS) + ["units_verbatim"], tasks)]
    if ex["indicators"]:
        sheets.append(("indicators", INDICATOR_SHEET_COLUMNS, _rows(ex["indicators"])))
    return importing.to_xlsx(sheets)


def csv_file(key: str) -> bytes:
    ex = get(key)
    return (PLANS / ex["tasks"]).read_bytes()
