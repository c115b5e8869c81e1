"""The project's own diagram rules as a bpmnlint plugin (lint/bpmnlint-plugin-zone, run by
`make lint` and later in the browser): its rules hold under bpmnlint's rule tester, `make
lint-bpmn` refuses a diagram breaking each of them by name, and the plugin judges what the
server's deploy check judges — the same roles and bounds (values.json is generated from the
Python constants), the same timers and code accepted and refused."""
import json
import subprocess
from pathlib import Path

import pytest

from engine import clock
from engine.definitions import plugin_values
from engine.runtime import codecheck

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "lint" / "bpmnlint-plugin-zone"


def lint(*diagrams):
    # -o: the npm packages count as installed (make setup did it); a test never reinstalls them
    args = ["make", "-s", "-o", "node_modules/.package-lock.json", "lint-bpmn",
            f"DIAGRAMS={' '.join(map(str, diagrams))}"]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_plugin_reads_the_roles_and_bounds_the_server_uses():
    assert (PLUGIN / "values.json").read_text(encoding="utf-8") == plugin_values.text(), \
        "run `make lint-values` and commit lint/bpmnlint-plugin-zone/values.json"
    assert "admin" not in plugin_values.values()["roles"]


def test_every_rule_passes_bpmnlints_rule_tester():
    done = subprocess.run(["node", "--test", str(PLUGIN / "test" / "rules.test.js"),
                           str(PLUGIN / "test" / "typed.test.js")],  # as the modeler's moddle reads a diagram
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr
    assert "# fail 0" in done.stdout


def test_the_lint_refuses_a_diagram_breaking_the_projects_rules_by_name(tmp_path):
    text = (ROOT / "bpmn" / "zone_creation.bpmn").read_text(encoding="utf-8")
    for old, new in (('name="applicant"', 'name="mayor"'),
                     ('value="self_assessment"', 'value="self_assesment"'),
                     ("creation_reports = []", "import os"),
                     ('qualified != True', '')):
        assert old in text, old
        text = text.replace(old, new, 1)
    broken = tmp_path / "zone_creation.bpmn"
    broken.write_text(text, encoding="utf-8")
    done = lint(broken)
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    for rule, says in (("zone/lane-roles", "Lane <mayor> is not a role"),
                       ("zone/form-exists", "names form <self_assesment>, which does not exist"),
                       ("zone/confined-code", "import is not available in diagram scripts"),
                       ("zone/gateway-conditions", "has no condition and is not its default")):
        assert rule in out and says in out, (rule, out)


def test_the_lint_refuses_a_timer_the_server_would_refuse(tmp_path):
    text = (ROOT / "bpmn" / "zone_public_notice.bpmn").read_text(encoding="utf-8")
    broken = tmp_path / "zone_public_notice.bpmn"
    broken.write_text(text.replace("<bpmn:timeDuration>notice_period<",
                                   '<bpmn:timeDuration>"P1200Y"<'), encoding="utf-8")
    done = lint(broken)
    assert done.returncode != 0
    assert "zone/timer-bounds" in done.stdout and "longer than 1000 years" in done.stdout, done.stdout


TIMES = [("duration", t) for t in ("P15D", "P3Y", "P2Y6M", "PT1H30M", "P1W", "P0.5D", "P1000Y", "P1001Y",
                                   "P1.5M", "P1.5DT2H", "P", "PT", "15D", "P12000M", "P1Y2Y", "p3y")] + \
    [("moment", t) for t in ("2030-01-01T00:00:00+08:00", "2030-01-01T23:59:59Z", "2030-01-01", "2030-13-01",
                             "9999-01-01T00:00:00Z", "2030-W05-3", "tomorrow", "2030-01-01T25:00:00Z")] + \
    [("recurrence", t) for t in ("R3/P1D", "R/PT1M", "R/PT10S", "R/2030-01-01T00:00:00Z/P1M",
                                 "R2/P1D/2030-01-01T00:00:00Z", "P1D", "R3/P1D/P2D", "R1234567890/P1D")]
PYTHON_TIMES = {"duration": clock.duration_parts, "moment": clock.parse_moment, "recurrence": clock.parse_recurrence}
CODE = ["x = 1", "import os", "from os import path", "x = ().__class__", "_x = 1", "y = open('f')",
        "y = '{}'.format(1)", "note = 'import __x'  # import os", "d = dict(type='a', id=1)",
        "z = getattr(a, 'b')", "v = [s for s in scores if s]", "eval('1')", "t = type(x)",
        "total = sum(s['score'] for s in expert_scores)", "w = f'{a} and {b}'"]


def judged(cases):
    done = subprocess.run(["node", str(PLUGIN / "test" / "judge.js")], input=json.dumps(cases),
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def python_refuses(kind, text):
    if kind == "code":
        return codecheck.check(text, "exec") is not None
    try:
        PYTHON_TIMES[kind](text)
    except ValueError:
        return True
    return False


@pytest.mark.parametrize("cases", [TIMES, [("code", c) for c in CODE]], ids=["timers", "code"])
def test_the_plugin_accepts_and_refuses_what_the_server_does(cases):
    verdicts = judged(cases)
    disagree = [(kind, text, verdict) for (kind, text), verdict in zip(cases, verdicts, strict=True)
                if (verdict is not None) != python_refuses(kind, text)]
    assert not disagree
