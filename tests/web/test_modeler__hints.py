"""The modeler panel's human hints beside a timer or a `due` value, computed by the page's own
module (web/assets/modeler/panel/duration.js, run in node): what an administrator reads
while typing ISO 8601."""
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = [["timeDuration", '"P15D"'], ["timeDuration", "notice_period"], ["timeDuration", "'P1Y2M'"],
         ["timeCycle", '"R3/PT1H"'], ["timeCycle", '"R/P1D"'], ["timeDuration", '"15 days"'], ["timeDate", '"2027-01-01T00:00:00+08:00"'],
         ["due", "P10D"], ["due", "PT36H"], ["due", "10"]]


def hints():
    done = subprocess.run(["node", "--no-warnings", str(ROOT / "tests/helpers/modeler_hints.mjs"), json.dumps(CASES)],
                          capture_output=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def test_durations_cycles_and_settings_read_as_words_in_both_languages():
    got = hints()
    assert got["zh-CN"] == ["15 天", "变量 notice_period（默认 15 天）", "1 年 2 个月", "重复 3 次，每 1 小时", "无限重复，每 1 天",
                            "不是时长", "2027-01-01T00:00:00+08:00", "10 天", "36 小时", None]
    assert got["en"][:4] == ["15 days", "variable notice_period (default 15 days)", "1 year 2 months",
                             "repeats 3 times, every 1 hour"]
