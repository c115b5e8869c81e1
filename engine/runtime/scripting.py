"""Confined scripts and conditions for diagrams (RestrictedPython), on a budget.

SpiffWorkflow's default environment is plain eval/exec with full builtins, so a
gateway condition could run `__import__('os')`. Here every expression is compiled
by RestrictedPython, which rejects imports and any name or attribute starting with
an underscore, and runs with a short whitelist of builtins. The compiler policy
below also makes the code countable: `_step_()` at the top of every loop body,
function and lambda, every iteration through `_getiter_`, and `*`, `**`, `<<`, `+`
and `%` through size guards; engine.runtime.budget holds the limits.
"""
import ast
import builtins
import operator
import re
from collections.abc import Callable, Iterable, Sized
from functools import lru_cache, partial
from types import CodeType
from typing import Any

from RestrictedPython import (
    RestrictingNodeTransformer,
    compile_restricted_eval,
    compile_restricted_exec,
    safe_builtins,
)
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safer_getattr,
)
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.task import Task

from engine.config import settings
from engine.runtime.budget import Budget, current, enter, leave

_ALLOWED = {name: safe_builtins[name] for name in safe_builtins
            if name not in ("__build_class__", "setattr", "delattr", "id", "hash")}
_ALLOWED.update(min=min, max=max, sum=sum, any=any, all=all, sorted=sorted, list=list,
                dict=dict, set=set, tuple=tuple, enumerate=enumerate, zip=zip,
                reversed=reversed, map=map, filter=filter)
MAX_FORMAT_WIDTH = 10_000  # an f-string field wider than this is refused when compiled

GUARDS = {
    "_getitem_": operator.getitem,
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_unpack_sequence_": guarded_unpack_sequence,
    "_apply_": lambda f, *args, **kwargs: f(*args, **kwargs),
}
_GUARDED_OPS = {ast.Mult: "_mul_", ast.Pow: "_pow_", ast.LShift: "_lshift_", ast.Add: "_add_", ast.Mod: "_mod_"}


class ScriptRefused(SyntaxError):
    """The confined environment refuses this source."""


def _call(name: str, *args: ast.expr, node: ast.AST) -> ast.Call:
    call = ast.Call(func=ast.Name(name, ast.Load()), args=list(args), keywords=[])
    return ast.fix_missing_locations(ast.copy_location(call, node))


def _number(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _harmless(node: ast.BinOp) -> bool:
    """`n + 1`, `x * 0.5`, `7 % n`: with a number written beside it, the operator cannot build
    a long sequence or a huge integer (a text or list there is a TypeError), so no guard."""
    if isinstance(node.op, ast.Add):
        return _number(node.left) or _number(node.right)
    if isinstance(node.op, ast.Mult):
        return any(isinstance(side, ast.Constant) and type(side.value) is float for side in (node.left, node.right))
    if isinstance(node.op, ast.Mod):
        return _number(node.left)
    return False


class _CountingPolicy(RestrictingNodeTransformer):
    """RestrictedPython's checks, plus the calls that let a Budget count and size the code."""

    def _count_first(self, node: Any) -> Any:
        node.body.insert(0, ast.fix_missing_locations(ast.copy_location(
            ast.Expr(_call("_step_", node=node)), node)))
        return node

    def visit_While(self, node: ast.While) -> Any:
        return self._count_first(super().visit_While(node))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> Any:
        return self._count_first(super().visit_FunctionDef(node))

    def visit_Lambda(self, node: ast.Lambda) -> Any:
        lam: ast.Lambda = super().visit_Lambda(node)  # type: ignore[assignment]  # body becomes `_step_() and body`
        lam.body = ast.copy_location(ast.BoolOp(ast.And(), [_call("_step_", node=lam), lam.body]), lam.body)
        return lam

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        node = super().visit_BinOp(node)  # type: ignore[assignment]  # a BinOp still: only its operands change
        guard = _GUARDED_OPS.get(type(node.op))
        if guard is None or _harmless(node):
            return node
        return _call(guard, node.left, node.right, node=node)

    def _iterate_starred(self, node: Any) -> Any:  # [*a, *a]: built in C, so counted item by item
        if not isinstance(node.ctx, ast.Load):
            return node  # `first, *rest = a` unpacks through _unpack_sequence_ already
        for element in node.elts:
            if isinstance(element, ast.Starred):
                element.value = _call("_getiter_", element.value, node=element)
        return node

    def visit_List(self, node: ast.List) -> Any:
        return self._iterate_starred(super().visit_List(node))

    def visit_Tuple(self, node: ast.Tuple) -> Any:
        return self._iterate_starred(super().visit_Tuple(node))

    def visit_Set(self, node: ast.Set) -> Any:
        return self._iterate_starred(super().visit_Set(node))

    def visit_Import(self, node: ast.Import) -> None:
        self.error(node, "import is not available in diagram scripts")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.error(node, "import is not available in diagram scripts")

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.error(node, "class statements are not available in diagram scripts")

    def visit_FormattedValue(self, node: ast.FormattedValue) -> Any:
        spec = node.format_spec
        if isinstance(spec, ast.JoinedStr):
            if any(not isinstance(part, ast.Constant) for part in spec.values):
                self.error(node, "an f-string format spec must be written out, not computed")
            elif any(int(n) > MAX_FORMAT_WIDTH for n in re.findall(r"[0-9]+", "".join(
                    str(part.value) for part in spec.values if isinstance(part, ast.Constant)))):
                self.error(node, f"an f-string field may be at most {MAX_FORMAT_WIDTH} wide")
        return super().visit_FormattedValue(node)


@lru_cache(maxsize=2048)
def compile_confined(source: str, mode: str) -> CodeType:
    compile_fn = compile_restricted_eval if mode == "eval" else compile_restricted_exec
    result = compile_fn(source, policy=_CountingPolicy)
    if result.errors or result.code is None:
        raise ScriptRefused("; ".join(result.errors))
    return result.code


# ---------------------------------------------------------------- the guards of one budget
_TEXTS = (str, bytes)


def _padded(method: str) -> Callable[..., Any]:
    def guard(budget: Budget, text: Any, width: Any, *args: Any) -> Any:  # "x".ljust(10**9) is a gigabyte of spaces
        budget.items(max(width, len(text)) if isinstance(width, int) else 0, "a text")
        return getattr(text, method)(width, *args)
    return guard


def _expandtabs(budget: Budget, text: Any, tabsize: int = 8) -> Any:
    budget.items(len(text) + text.count("\t" if isinstance(text, str) else b"\t") * max(tabsize, 0), "a text")
    return text.expandtabs(tabsize)


def _replace(budget: Budget, text: Any, old: Any, new: Any, count: int = -1) -> Any:
    if isinstance(old, _TEXTS) and isinstance(new, _TEXTS) and len(new) > len(old):
        found = text.count(old) if old else len(text) + 1
        found = found if count < 0 else min(found, count)
        budget.items(len(text) + found * (len(new) - len(old)), "a text")
    return text.replace(old, new, count)


def _join(budget: Budget, text: Any, parts: Iterable[Any]) -> Any:
    parts = list(budget.iterate(parts))
    budget.items(sum(len(p) for p in parts if isinstance(p, _TEXTS)) + len(text) * max(len(parts) - 1, 0), "a text")
    return text.join(parts)


def _translate(budget: Budget, text: Any, table: Any) -> Any:
    longest = max((len(v) for v in table.values() if isinstance(v, _TEXTS)), default=1) \
        if isinstance(table, dict) else 1
    budget.items(len(text) * longest, "a text")
    return text.translate(table)


# The methods of texts whose result can be far longer than the text: sized before they run.
_TEXT_METHODS: dict[str, Callable[..., Any]] = {**{name: _padded(name) for name in ("ljust", "rjust", "center", "zfill")},
                 "expandtabs": _expandtabs, "replace": _replace, "join": _join, "translate": _translate}


class _ListWriter:
    """What `_write_(a_list)` returns: slice assignment `a[n:] = a` doubles in one go."""
    __slots__ = ("budget", "target")

    def __init__(self, budget: Budget, target: list[Any]) -> None:
        self.budget, self.target = budget, target

    def __setitem__(self, key: Any, value: Any) -> None:
        if isinstance(key, slice) and hasattr(value, "__len__"):
            self.budget.items(len(self.target) + len(value))
        self.target[key] = value

    def __delitem__(self, key: Any) -> None:
        del self.target[key]


def _guards(budget: Budget) -> dict[str, Any]:
    """The names a confined script sees that are bound to `budget` (built once per budget)."""
    def extend(target: list[Any], items: Iterable[Any]) -> None:
        if isinstance(items, Sized):
            budget.items(len(target) + len(items))
        else:
            items = budget.iterate(items)
        target.extend(items)

    def getattr_(obj: Any, name: str, default: Any = None) -> Any:
        if type(obj) in _TEXTS and name in _TEXT_METHODS:
            return partial(_TEXT_METHODS[name], budget, obj)
        if type(obj) is list and name == "extend":
            return partial(extend, obj)
        return safer_getattr(obj, name, default)

    def write(obj: Any) -> Any:
        if type(obj) is list:
            return _ListWriter(budget, obj)
        return obj if type(obj) is dict else full_write_guard(obj)

    def iadd(a: Any, b: Any) -> Any:  # on a list in place, as Python does (other names may share the list)
        if type(a) is list:
            extend(a, b)
            return a
        return budget.add(a, b)

    def imul(a: Any, b: Any) -> Any:
        if type(a) is list and isinstance(b, int):
            budget.items(len(a) * max(b, 0))
            a *= b
            return a
        return budget.mul(a, b)

    in_place = {"+=": iadd, "*=": imul,
                "%=": budget.mod, "**=": budget.pow, "<<=": budget.lshift,
                "-=": operator.isub, "/=": operator.itruediv, "//=": operator.ifloordiv,
                ">>=": operator.irshift, "&=": operator.iand, "|=": operator.ior, "^=": operator.ixor}

    def inplacevar(op: str, x: Any, y: Any) -> Any:
        if op not in in_place:
            raise SyntaxError(f"operator {op} is not allowed in scripts")
        return in_place[op](x, y)

    def charged(fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(iterable: Any, *args: Any, **kwargs: Any) -> Any:  # sum, sorted, min, ... walk their input in C
            budget.charge(len(iterable) if hasattr(iterable, "__len__") else 1)
            return fn(iterable, *args, **kwargs)
        return call

    allowed = dict(_ALLOWED, range=budget.range, round=budget.round, pow=budget.pow,
                   **{name: charged(_ALLOWED[name]) for name in ("sum", "sorted", "min", "max", "any", "all")})
    return {"__builtins__": allowed, "_getattr_": getattr_, "_write_": write, "_inplacevar_": inplacevar,
            "_step_": budget.step, "_getiter_": budget.iterate, "_mul_": budget.mul, "_add_": budget.add,
            "_pow_": budget.pow, "_lshift_": budget.lshift, "_mod_": budget.mod}


def _namespace(budget: Budget) -> dict[str, Any]:
    guards = getattr(budget, "guards", None)
    if guards is None:
        guards = budget.guards = {**GUARDS, **_guards(budget)}
    return guards


class ConfinedEnvironment(TaskDataEnvironment):
    """Task data is the only namespace a script sees besides the guards; all of it runs
    on the engine step's budget (a budget of its own outside one)."""

    def evaluate(self, expression: str, context: dict[str, Any],
                 external_context: dict[str, Any] | None = None) -> Any:
        budget, began = enter()
        try:
            budget.step()
            namespace = {**_namespace(budget), **self.globals, **(external_context or {}), **context}
            value = eval(compile_confined(expression, "eval"), namespace)
            budget.settle()
            return value
        finally:
            if began:
                leave()

    def execute(self, script: str, context: dict[str, Any],
                external_context: dict[str, Any] | None = None) -> bool:
        budget, began = enter()
        try:
            self.check_for_overwrite(context, external_context or {})
            budget.step()
            hidden = {**_namespace(budget), **self.globals, **(external_context or {})}
            namespace = {**hidden, **context}
            exec(compile_confined(script, "exec"), namespace)
            budget.settle()
            for name in list(context):
                if name not in namespace:
                    del context[name]
            for name, value in namespace.items():
                if name not in hidden and not callable(value):
                    context[name] = value
            budget.weigh(context)
            return True
        finally:
            if began:
                leave()


class ConfinedScriptEngine(PythonScriptEngine):
    """The script engine of every case: confined environment, bounded multi-instance."""

    def evaluate(self, task: Task, expression: str, external_context: dict[str, Any] | None = None) -> Any:
        value = super().evaluate(task, expression, external_context)
        if expression is not None and expression == getattr(task.task_spec, "cardinality", None):
            if not isinstance(value, int) or not 0 <= value <= settings.max_instances:
                raise WorkflowTaskException(
                    f"cardinality {expression} is {value!r}: expected a whole number from 0 to "
                    f"{settings.max_instances}", task=task)
            budget = current()
            if budget is not None:
                budget.charge(value)  # each instance is work the step does
        return value


def script_engine() -> PythonScriptEngine:
    return ConfinedScriptEngine(environment=ConfinedEnvironment())


# Python builtins a script might reach for that the confined environment does not offer
# (open, getattr, eval, globals, ...): named at deploy time rather than failing at run time.
WITHHELD = frozenset(name for name in dir(builtins) if not name.startswith("_")) - set(_ALLOWED)
WITHHELD_ATTRIBUTES = frozenset({"format", "format_map"})  # RestrictedPython refuses them on texts
