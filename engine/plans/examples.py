"""Example plans built from the seeds (seeds/plans/, see its README): importable as
they are, and downloadable as xlsx workbooks to show the format.

- `yuncheng`: 运城市's plan, 22 tasks, responsible units only (the plan names no lead units).
- `yongchuan`: 永川区's plan, 24 tasks with lead and responsible units, and its indicator
  decomposition (附件): 41 indicators of the 2022 trial system → lead and responsible units →
  tasks, as the workbook's `indicators` sheet. Into a case scored under another system its
  links are mapped (engine/plans/mapping.py) and those without a counterpart reported.
- `yangpu`: 杨浦区's plan, 20 tasks; the source names no units, so none are imported.
- `yuzhou`: 禹州市's action plan, 13 tasks: a county-level city's sub-plan inside 许昌市's
  case (Art 5, Art 10), imported into the county's part of that case.

Each example also carries its document (number, issuer, date), its targets and its
organisational measures (seeds/plans/documents.json, verbatim from the sources).
"""
import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypedDict

from engine.errors import NotFound
from engine.plans import importing
from models import Org

PLANS = Path(__file__).resolve().parents[2] / "seeds" / "plans"


class Example(TypedDict):
    region: str
    title: str
    tasks: str  # the tasks sheet (CSV under seeds/plans/)
    indicators: str | None  # the indicator decomposition sheet, if the plan has one
    indicator_system: str | None


def _documents() -> dict[str, dict[str, Any]]:
    return json.loads((PLANS / "documents.json").read_text(encoding="utf-8"))["plans"]


DOCUMENTS = _documents()
EXAMPLES: dict[str, Example] = {
    "yuncheng": {"region": "yuncheng", "title": DOCUMENTS["yuncheng"]["title"],
                 "tasks": "yuncheng.csv", "indicators": None, "indicator_system": None},
    "yongchuan": {"region": "yongchuan", "title": DOCUMENTS["yongchuan"]["title"],
                  "tasks": "yongchuan.csv", "indicators": "yongchuan-decomposition.csv",
                  "indicator_system": "2022-trial"},
    "yangpu": {"region": "yangpu", "title": DOCUMENTS["yangpu"]["title"],
               "tasks": "yangpu.csv", "indicators": None, "indicator_system": None},
    "yuzhou": {"region": "yuzhou", "title": DOCUMENTS["yuzhou"]["title"],
               "tasks": "yuzhou.csv", "indicators": None, "indicator_system": None},
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
        doc = DOCUMENTS[key]
        out.append({"key": key, "region": ex["region"], "title": ex["title"], "tasks": len(tasks),
                    "indicators": len(_rows(ex["indicators"])) if ex["indicators"] else 0,
                    "indicator_system": ex["indicator_system"], "document_number": doc["document_number"],
                    "issuer": doc["issuer"], "issued_on": doc["issued_on"],
                    "targets": len(doc["targets"]), "measures": len(doc["measures"])})
    return out


def _rows(name: str) -> list[dict[str, str]]:
    with open(PLANS / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def document(key: str) -> dict[str, Any]:
    """The example's document: number, issuer, issued_on, targets and measures."""
    get(key)
    return DOCUMENTS[key]


def county_of(key: str) -> str | None:
    """The county whose sub-plan the example is (Yuzhou's, in 许昌市's case), else None."""
    region = get(key)["region"]
    return region if Org.query.filter_by(code=region, level="county").first() else None


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
