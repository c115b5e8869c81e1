"""Diagram code runs on a budget: endless loops, runaway recursion and huge objects fail
with BudgetExceeded (the step then fails into an incident) instead of holding the worker;
catching the error does not help; ordinary scripts are not affected."""
import pytest
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

from engine.config import settings
from engine.runtime import budget
from engine.runtime.budget import BudgetExceeded
from engine.runtime.scripting import ConfinedEnvironment, script_engine
from engine.runtime.timers import Parser


@pytest.fixture
def env():
    return ConfinedEnvironment()


def run(env, source, data=None):
    data = {} if data is None else data
    env.execute(source, data)
    return data


@pytest.mark.parametrize("source", [
    "while True:\n    pass",
    "n = 0\nwhile n >= 0:\n    n = n + 1",
    "x = [n for n in range(10**6) for m in range(10**6)]",
    "def f(n):\n    return 1 if n == 0 else f(n - 1) + f(n - 1)\nx = f(40)",
    "x = (lambda f: f(f, 40))(lambda f, n: n and (f(f, n - 1), f(f, n - 1)))",
    "def g():\n    while True:\n        yield 1\nx = sum(g())",
])
def test_endless_work_goes_over_the_step_budget(env, source):
    with pytest.raises(BudgetExceeded, match="went over its budget"):
        run(env, source)


@pytest.mark.parametrize("source,words", [
    ("x = 'a' * 10**10", "a sequence of 10000000000 items"),
    ("x = 2 ** 10 ** 10", "an integer of more than"),
    ("x = 1 << 10**9", "an integer of more than"),
    ("x = pow(3, 10**9)", "an integer of more than"),
    ("x = 'x'.ljust(10**9)", "a text of 1000000000 items"),
    ("x = '-'.join(['ab' * 1000] * 1000)", "a text of"),
    ("x = 'ab'.replace('a', 'a' * 10**4) * 1 + 'a' * 999999", "a sequence of"),
    ("x = '%999999999d' % 1", "a formatted text"),
    ("x = range(10**12)", "a range of 1000000000000 items"),
    ("x = round(5, -10**9)", "round() to -1000000000 digits"),
    ("s = 'ab'\nfor i in range(40):\n    s = s + s", "a sequence of 1048576 items"),
    ("l = [1]\nfor i in range(40):\n    l.extend(l)", "a sequence of 1048576 items"),
    ("l = [1]\nfor i in range(40):\n    l += l", "a sequence of 1048576 items"),
    ("l = [1]\nfor i in range(40):\n    l[len(l):] = l", "a sequence of 1048576 items"),
    ("l = [1]\nfor i in range(40):\n    l = [*l, *l]", "more than 1000000 steps"),
    ("a = [0] * 1000\nb = [a] * 1000\nc = [b] * 1000", "task data of more than"),  # 10^9 items once saved
    ("a = []\na.append(a)", "task data that contains itself"),
])
def test_huge_objects_are_refused_before_they_are_built(env, source, words, monkeypatch):
    monkeypatch.setattr(settings, "script_seconds", 60.0)  # on a busy machine too: the size, not the clock
    with pytest.raises(BudgetExceeded) as caught:
        run(env, source)
    assert words in str(caught.value)


def test_memory_a_script_keeps_is_capped(env, monkeypatch):
    monkeypatch.setattr(settings, "script_seconds", 60.0)  # on a busy machine: the memory, not the clock
    source = "texts = []\nfor i in range(2000):\n    texts.append('a' * 999000 + str(i))"  # 2 GB
    with pytest.raises(BudgetExceeded, match=f"more than {settings.script_memory_mb} MB of memory"):
        run(env, source)


@pytest.mark.parametrize("source", [
    "try:\n    while True:\n        pass\nexcept Exception:\n    pass\ndone = True",
    "def f(n):\n    try:\n        f(n + 1)\n    except:\n        pass\n    try:\n        f(n + 1)\n    except:\n        pass\nf(0)",
])
def test_catching_the_budget_error_does_not_make_the_step_succeed(env, source):
    with pytest.raises(BudgetExceeded):
        run(env, source)


def test_one_engine_step_shares_one_budget(env, monkeypatch):
    monkeypatch.setattr(settings, "script_steps", 5000)
    with budget.engine_step():
        run(env, "x = sum(i for i in range(3000))")
        with pytest.raises(BudgetExceeded):
            run(env, "y = sum(i for i in range(3000))")
    assert run(env, "z = sum(i for i in range(3000))") == {"z": 4498500}  # the next step starts afresh


def test_ordinary_code_keeps_its_meaning(env):
    data = {"scores": [80, 90], "names": ["a", "b"]}
    env.execute("total = sum(scores)\nscores += [70]\nlabel = ', '.join(names).upper()\n"
                "pairs = [(n, s) for n, s in zip(names, scores)]\nfirst, *rest = scores\n"
                "square = (lambda v: v * v)(3)\ntext = '%s: %d' % ('n', 2) + f'{total:>6}'\n"
                "def twice(v):\n    return v * 2\nbig = twice(10) ** 2 << 1", data)
    assert data["scores"] == [80, 90, 70] and data["total"] == 170 and data["label"] == "A, B"
    assert data["pairs"] == [("a", 80), ("b", 90)] and data["rest"] == [90, 70] and data["square"] == 9
    assert data["text"] == "n: 2   170" and data["big"] == 800


MULTI_INSTANCE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="many" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="each"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>count</bpmn:loopCardinality>
      </bpmn:multiInstanceLoopCharacteristics>
      <bpmn:script>done = True</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="each" />
    <bpmn:sequenceFlow id="f2" sourceRef="each" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>"""


def _multi_instance(count):
    parser = Parser()
    parser.add_bpmn_str(MULTI_INSTANCE.encode())
    workflow = BpmnWorkflow(parser.get_spec("many"), script_engine=script_engine())
    workflow.get_tasks()[0].data["count"] = count
    workflow.do_engine_steps()
    return workflow


def test_a_cardinality_beyond_the_maximum_fails_before_any_instance_starts():
    assert _multi_instance(3).completed
    with pytest.raises(WorkflowTaskException, match=f"from 0 to {settings.max_instances}"):
        _multi_instance(10**6)
