"""Diagram code that can only fail at run time is refused at deploy, naming the element:
imports, names and methods the confined environment withholds, endless `while True:`,
constants over the budget, in scripts, conditions, cardinalities and DMN cells alike."""
import pytest

from engine.definitions import registry
from engine.errors import DefinitionInvalid
from engine.runtime import codecheck

SKELETON = "walking_skeleton.bpmn"


@pytest.fixture
def bundle(app):
    return registry.read_directory(app.config["BPMN_DIR"])


def refusal(bundle, name, old, new):
    files, forms = bundle
    assert files[name].count(old.encode()) == 1, old
    with pytest.raises(DefinitionInvalid) as caught:
        registry.parse_bundle({name: files[name].replace(old.encode(), new.encode())}, forms)
    return caught.value


@pytest.mark.parametrize("condition,words", [
    ("__import__('os') is None", "__import__"),
    ("'a' * 10**10 == decision", "'a' * 10 ** 10 is over the budget of diagram code"),
    ("len(range(10**12)) > 0", "a range of 1000000000000 items"),
    ("1 / 0 == decision", "always fails: ZeroDivisionError"),
    ("'{}'.format(decision) == 'reject'", ".format() is not available"),
    ("print(decision) is None", "print is not available"),
])
def test_conditions_that_can_only_fail_are_refused(bundle, condition, words):
    error = refusal(bundle, SKELETON, 'decision == "reject"', condition.replace("'", "&apos;"))
    assert words in error.message and error.element == "gw_initial_review", error.message


SCRIPT = '<bpmn:script>application_outcome = "not_recommended"</bpmn:script>'


@pytest.mark.parametrize("script,words", [
    ("import os", "import is not available"),
    ("from os import path", "import is not available"),
    ("while True:\n    pass", "`while True:` has no break and never ends"),
    ("while 1:\n    n = 1", "never ends"),
    ("class A:\n    pass", "class statements are not available"),
    ("x = f'{decision:>{width}}'", "format spec must be written out"),
    ("x = f'{decision:>999999999}'", "at most 10000 wide"),
    ("x = 2 ** 10 ** 10", "an integer of more than"),
])
def test_scripts_that_can_only_fail_are_refused(bundle, script, words):
    error = refusal(bundle, "zone_application.bpmn", SCRIPT, f"<bpmn:script>{script}</bpmn:script>")
    assert words in error.message and error.element == "record_not_recommended", error.message


def test_a_loop_with_a_way_out_deploys(bundle):
    files, forms = bundle
    script = "n = 0\nwhile True:\n    n = n + 1\n    if n > 3:\n        break\napplication_outcome = 'not_recommended'"
    edited = files["zone_application.bpmn"].replace(SCRIPT.encode(), f"<bpmn:script>{script}</bpmn:script>".encode())
    assert "zone_application" in registry.parse_bundle({"zone_application.bpmn": edited}, forms)


def test_a_multi_instance_cardinality_is_checked_too(bundle):
    error = refusal(bundle, "zone_evaluation.bpmn", "<bpmn:loopDataInputRef>experts</bpmn:loopDataInputRef>",
                    "<bpmn:loopCardinality>len(open(&quot;/etc/passwd&quot;).read())</bpmn:loopCardinality>")
    assert "cardinality refused" in error.message and "open" in error.message
    assert error.element == "expert_scoring"


@pytest.mark.parametrize("old,new,words", [
    ('r1_i1"><text>? &gt; threshold</text>', 'r1_i1"><text>? &gt; __import__(&quot;os&quot;).getpid()</text>', "__import__"),
    ('r1_i1"><text>? &gt; threshold</text>', 'r1_i1"><text>? &gt; open(&quot;/etc/passwd&quot;)</text>', "open is not available"),
    ('<outputEntry id="threshold_check_r1_o0"><text>True</text>',
     '<outputEntry id="threshold_check_r1_o0"><text>"x" * 10**10</text>', "over the budget"),
])
def test_decision_table_cells_are_checked_too(bundle, old, new, words):
    error = refusal(bundle, "dmn/threshold_check.dmn", old, new)
    assert words in error.message and error.element == "threshold_check_table", error.message


@pytest.mark.parametrize("source,value", [('"P" + "3Y"', "P3Y"), ("'P15D'", "P15D"), ("2 * 3", 6)])
def test_constant_expressions_are_read_as_their_value(source, value):
    assert codecheck.constant(source) == value
    assert not codecheck.is_constant_value(codecheck.constant("creation_period"))
