"""`make lint` runs bpmn.io's linter over the diagrams: bpmn/ passes, and a diagram with an
error fails it, naming what is wrong."""
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def lint(*diagrams):
    # -o: the npm packages count as installed (make setup did it); a test never reinstalls them
    args = ["make", "-s", "-o", "node_modules/.package-lock.json", "lint-bpmn"] + (
        [f"DIAGRAMS={' '.join(map(str, diagrams))}"] if diagrams else [])
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_diagrams_pass_bpmnlint():
    done = lint()
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_diagram_with_an_error_fails_the_lint(tmp_path):
    # The expert multi-instance's collection without the data object it references.
    broken = (ROOT / "bpmn" / "zone_evaluation.bpmn").read_text(encoding="utf-8").replace(
        '<bpmn:dataObject id="experts"', '<bpmn:dataObject id="experts_renamed"')
    (tmp_path / "zone_evaluation.bpmn").write_text(broken, encoding="utf-8")
    done = lint(tmp_path / "zone_evaluation.bpmn")
    assert done.returncode != 0
    assert "unresolved reference <experts>" in done.stdout + done.stderr


def test_every_rule_override_says_why_in_one_line():
    config = json.loads((ROOT / ".bpmnlintrc").read_text(encoding="utf-8"))
    assert "bpmnlint:recommended" in config["extends"] and "plugin:zone/recommended" in config["extends"]
    assert set(config.get("reasons", {})) == set(config.get("rules", {}))
    for rule, reason in config.get("reasons", {}).items():
        assert reason.strip() and "\n" not in reason, rule
