"""What the project's bpmnlint plugin (lint/bpmnlint-plugin-zone) checks against, from the
same constants the deploy check (engine.definitions.lint) uses: the lane roles, the time
bounds of engine.clock, the builtins the confined script environment withholds.

`python -m engine.definitions.plugin_values` (`make lint-values`) writes them to the plugin's
values.json; tests/bpmn/test_lint__zone_plugin.py fails when the file differs from these."""
import json
import sys
from pathlib import Path
from typing import Any

from engine import clock
from engine.definitions.lint import LANE_ROLES
from engine.runtime import scripting

PATH = Path(__file__).resolve().parents[2] / "lint" / "bpmnlint-plugin-zone" / "values.json"


def values() -> dict[str, Any]:
    return {
        "_generated": "by python -m engine.definitions.plugin_values (make lint-values); do not edit",
        "roles": list(LANE_ROLES),
        "maxYears": clock.MAX_YEARS,
        "minIntervalSeconds": int(clock.MIN_INTERVAL.total_seconds()),
        "maxTimeText": clock._MAX_TEXT,
        "withheldBuiltins": sorted(scripting.WITHHELD),
        "withheldAttributes": sorted(scripting.WITHHELD_ATTRIBUTES),
    }


def text() -> str:
    return json.dumps(values(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    PATH.write_text(text(), encoding="utf-8")
    sys.stdout.write(f"wrote {PATH}\n")
