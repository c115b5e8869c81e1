"""Scripts in diagrams run confined: no imports, no dunders, no I/O builtins."""
import pytest

from engine.runtime.scripting import ConfinedEnvironment, ScriptRefused


@pytest.fixture
def env():
    return ConfinedEnvironment()


def test_ordinary_conditions_and_scripts_work(env):
    assert env.evaluate('decision == "pass" and rank <= 3', {"decision": "pass", "rank": 2})
    data = {"scores": [80, 90]}
    env.execute("total = sum(scores)\nscores.append(70)\ncount = len(scores)", data)
    assert data == {"scores": [80, 90, 70], "total": 170, "count": 3}


def test_deleted_names_leave_the_data(env):
    data = {"a": 1, "b": 2}
    env.execute("del a", data)
    assert data == {"b": 2}


@pytest.mark.parametrize("source", [
    '__import__("os")', "().__class__.__base__.__subclasses__()", "open('/etc/passwd').read()",
    "eval('1')", "globals()", "getattr(x, '__class__')",
])
def test_escapes_are_refused(env, source):
    with pytest.raises((ScriptRefused, NameError, AttributeError)):
        env.evaluate(source, {"x": 1})
