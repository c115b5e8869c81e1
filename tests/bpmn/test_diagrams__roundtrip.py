"""The diagrams through a standard modeler's model (bpmn-moddle, what bpmn-js reads and
writes): imported without a warning, exported, and the exported files parse into the same
specs SpiffWorkflow runs — elements, properties, conditions, timers, multi-instance
collections — so an administrator who opens a process in the modeler and deploys it changes
nothing."""
import json
import subprocess
from pathlib import Path

import pytest

from engine.definitions import registry
from engine.runtime import serializer

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "helpers" / "moddle_roundtrip.mjs"
DIAGRAMS = sorted((ROOT / "bpmn").glob("*.bpmn"))


def through_moddle(path):
    done = subprocess.run(["node", str(SCRIPT), str(path)], capture_output=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def specs(files, forms):
    return {key: json.loads(serializer.dump_specs(spec, subs))
            for key, (spec, subs, _forms) in registry.parse_bundle(files, forms).items()}


@pytest.fixture(scope="module")
def both():
    files, forms = registry.read_directory(ROOT / "bpmn")
    exported = {name: (through_moddle(ROOT / "bpmn" / name) if name.endswith(".bpmn") else data)
                for name, data in files.items()}
    return specs(files, forms), specs(exported, forms), files, exported


@pytest.mark.parametrize("path", DIAGRAMS, ids=lambda p: p.name)
def test_every_diagram_imports_without_a_warning_and_keeps_its_executable_parts(path):
    exported = through_moddle(path).decode()
    original = path.read_text(encoding="utf-8")
    for tag in ("spiffworkflow:property", "bpmn:conditionExpression", "bpmn:loopDataInputRef",
                "bpmn:loopDataOutputRef", "bpmn:timeDuration", "bpmn:timeDate", "bpmn:timeCycle",
                "spiffworkflow:messageVariable", "bpmn:script"):
        assert exported.count(f"<{tag}") == original.count(f"<{tag}"), tag


def test_the_exported_diagrams_parse_into_the_same_specs(both):
    before, after, _files, _exported = both
    assert sorted(after) == sorted(before)
    for key in before:
        assert after[key] == before[key], key
    mi = after["zone_evaluation"]["spec"]["task_specs"]["expert_scoring"]  # the collections survived
    assert (mi["data_input"]["bpmn_id"], mi["data_output"]["bpmn_id"]) == ("experts", "expert_scores")


def test_deploying_the_exported_diagrams_changes_nothing(app, both):
    """What an administrator deploys after opening every diagram in the modeler: no new version."""
    _before, _after, _files, exported = both
    with app.app_context():
        _, forms = registry.read_directory(ROOT / "bpmn")
        versions = {key: registry.latest(key).version for key in ("zone_lifecycle", "walking_skeleton")}
        assert registry.deploy(exported, forms, "admin") == []
        assert {key: registry.latest(key).version for key in versions} == versions
