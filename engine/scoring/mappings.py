"""Between indicator systems: which indicators of one version ask for what indicators of
another ask for (bpmn/indicators/mappings/<from>__<to>.json, a reading of both tables).

A plan links tasks to the indicators of the system its case is scored under. A sheet
written against another version (Yongchuan's decomposition links the 2022 trial system)
is carried over through the mapping: each link goes to its counterparts, and a link with
none is named, never dropped silently.
"""
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from engine.scoring.indicators import DEFAULT_DIR

DIRECTORY = DEFAULT_DIR / "mappings"


@dataclass(frozen=True)
class Mapping:
    source: str
    target: str
    links: dict[int, tuple[int, ...]]   # source indicator → its counterparts (empty: none)
    basis: dict[int, str]

    def __call__(self, number: int) -> tuple[int, ...]:
        return self.links.get(number, ())


@lru_cache(maxsize=16)
def between(source: str, target: str, directory: Path = DIRECTORY) -> Mapping | None:
    """The mapping from `source` to `target`, or None when nobody has written one."""
    path = directory / f"{source}__{target}.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Mapping(source, target, {int(x["from"]): tuple(x["to"]) for x in data["links"]},
                   {int(x["from"]): x.get("basis", "") for x in data["links"]})
