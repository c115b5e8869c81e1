"""Confined scripts and conditions for diagrams (RestrictedPython).

SpiffWorkflow's default environment is plain eval/exec with full builtins, so a
gateway condition could run `__import__('os')`. Here every expression is compiled
by RestrictedPython, which rejects imports and any name or attribute starting with
an underscore, and runs with a short whitelist of builtins.
"""
import ast
import builtins
import operator
from functools import lru_cache
from types import CodeType
from typing import Any

from RestrictedPython import compile_restricted_eval, compile_restricted_exec, safe_builtins
from RestrictedPython.Guards import full_write_guard, guarded_iter_unpack_sequence, safer_getattr
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

_ALLOWED = {name: safe_builtins[name] for name in safe_builtins
            if name not in ("__build_class__", "setattr", "delattr", "id", "hash")}
_ALLOWED.update(min=min, max=max, sum=sum, any=any, all=all, sorted=sorted, list=list,
                dict=dict, set=set, tuple=tuple, enumerate=enumerate, zip=zip,
                reversed=reversed, map=map, filter=filter)

_INPLACE = {"+=": operator.iadd, "-=": operator.isub, "*=": operator.imul,
            "/=": operator.itruediv, "//=": operator.ifloordiv, "%=": operator.imod}


def _inplacevar(op: str, x: Any, y: Any) -> Any:
    if op not in _INPLACE:
        raise SyntaxError(f"operator {op} is not allowed in scripts")
    return _INPLACE[op](x, y)


GUARDS = {
    "__builtins__": _ALLOWED,
    "_getattr_": safer_getattr,
    "_getitem_": operator.getitem,
    "_getiter_": iter,
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_write_": full_write_guard,
    "_inplacevar_": _inplacevar,
}


class ScriptRefused(SyntaxError):
    """The confined environment refuses this source."""


@lru_cache(maxsize=2048)
def compile_confined(source: str, mode: str) -> CodeType:
    compile_fn = compile_restricted_eval if mode == "eval" else compile_restricted_exec
    result = compile_fn(source)
    if result.errors or result.code is None:
        raise ScriptRefused("; ".join(result.errors))
    return result.code


# Python builtins a script might reach for that the confined environment does not offer
# (open, getattr, eval, globals, ...): named at deploy time rather than failing at run time.
_WITHHELD = frozenset(name for name in dir(builtins) if not name.startswith("_")) - set(_ALLOWED)


def check(source: str, mode: str = "eval") -> str | None:
    """Return the refusal message for `source`, or None when it is allowed."""
    try:
        compile_confined(source, mode)
    except ScriptRefused as exc:
        return str(exc)
    withheld = sorted({node.id for node in ast.walk(ast.parse(source, mode=mode))
                       if isinstance(node, ast.Name) and node.id in _WITHHELD})
    if withheld:
        return f"{', '.join(withheld)} is not available in diagram scripts"
    return None


class ConfinedEnvironment(TaskDataEnvironment):
    """Task data is the only namespace a script sees besides the guards."""

    def evaluate(self, expression: str, context: dict[str, Any], external_context: dict[str, Any] | None = None) -> Any:
        namespace = {**GUARDS, **self.globals, **(external_context or {}), **context}
        return eval(compile_confined(expression, "eval"), namespace)

    def execute(self, script: str, context: dict[str, Any], external_context: dict[str, Any] | None = None) -> bool:
        self.check_for_overwrite(context, external_context or {})
        hidden = {**GUARDS, **self.globals, **(external_context or {})}
        namespace = {**hidden, **context}
        exec(compile_confined(script, "exec"), namespace)
        for name in list(context):
            if name not in namespace:
                del context[name]
        for name, value in namespace.items():
            if name not in hidden and not callable(value):
                context[name] = value
        return True


def script_engine() -> PythonScriptEngine:
    return PythonScriptEngine(environment=ConfinedEnvironment())
