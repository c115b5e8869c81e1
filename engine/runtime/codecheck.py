"""What diagram code can only do wrong at run time, found at deploy time.

A condition or script that names a builtin the confined environment withholds, a
`while True:` without a way out, or a constant like `'a' * 10**10` fails every
time a token reaches it, maybe months after the deploy. `refusal` finds these in
the parsed source; `constant` gives the value of an expression made of literals
(a timer written as `"P" + "3Y"` is checked like the literal "P3Y").

Constant parts are evaluated once here, confined and on a budget of their own, so
what would go over the budget at run time goes over it now.
"""
import ast
from contextlib import suppress
from typing import Any

from engine.runtime import budget as budgets
from engine.runtime import scripting

# Builtins whose result depends only on their arguments: a call of one on literals is a literal.
PURE = frozenset({"range", "len", "str", "int", "float", "pow", "round", "abs", "min", "max", "sum",
                  "sorted", "list", "tuple", "set", "dict", "chr", "ord", "hex", "oct", "repr",
                  "bool", "divmod", "any", "all"})
_NOT_CONSTANT = object()


def _is_constant(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.BinOp):
        return _is_constant(node.left) and _is_constant(node.right)
    if isinstance(node, ast.UnaryOp):
        return _is_constant(node.operand)
    if isinstance(node, (ast.BoolOp, ast.JoinedStr)):
        return all(_is_constant(v) for v in node.values)
    if isinstance(node, ast.FormattedValue):
        return _is_constant(node.value) and (node.format_spec is None or _is_constant(node.format_spec))
    if isinstance(node, ast.Compare):
        return _is_constant(node.left) and all(_is_constant(c) for c in node.comparators)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_is_constant(e.value if isinstance(e, ast.Starred) else e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is None or _is_constant(k) for k in node.keys) and all(map(_is_constant, node.values))
    if isinstance(node, ast.Subscript):
        return _is_constant(node.value) and _is_constant(node.slice)
    if isinstance(node, ast.Slice):
        return all(part is None or _is_constant(part) for part in (node.lower, node.upper, node.step))
    if isinstance(node, ast.Call):
        func = node.func
        callee = (isinstance(func, ast.Name) and func.id in PURE) or (
            isinstance(func, ast.Attribute) and _is_constant(func.value))
        return callee and all(_is_constant(a.value if isinstance(a, ast.Starred) else a) for a in node.args) \
            and all(_is_constant(k.value) for k in node.keywords)
    return False


def _is_literal(node: ast.AST) -> bool:
    """A literal as written (its size is the diagram's): nothing to compute."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_is_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _is_literal(k) for k in node.keys) and all(map(_is_literal, node.values))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return isinstance(node.operand, ast.Constant)
    return False


def _evaluate(node: ast.AST) -> Any:
    """The value of a constant expression, computed confined on a fresh budget."""
    source = ast.unparse(node)
    with budgets.isolated():
        return scripting.ConfinedEnvironment().evaluate(source, {})


def constant(source: str) -> Any:
    """The value of an expression made only of literals, else _NOT_CONSTANT (or raises)."""
    tree = ast.parse(source.strip(), mode="eval")
    return _evaluate(tree.body) if _is_constant(tree.body) else _NOT_CONSTANT


def is_constant_value(value: object) -> bool:
    return value is not _NOT_CONSTANT


def _constant_refusal(node: ast.AST) -> str | None:
    try:
        _evaluate(node)
    except budgets.BudgetExceeded as exc:
        return f"{ast.unparse(node)[:80]} is over the budget of diagram code: {exc}"
    except Exception as exc:  # any error a literal raises, it raises every time
        return f"{ast.unparse(node)[:80]} always fails: {type(exc).__name__}: {exc}"
    return None


def _leaves_loop(body: list[ast.stmt]) -> bool:
    """Whether a `while True:` body has a way out (break, return, or yield to a consumer)."""
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Break, ast.Return, ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(node, (ast.While, ast.For)):  # its breaks end only that loop
            if any(isinstance(n, (ast.Return, ast.Yield, ast.YieldFrom)) for n in ast.walk(node)):
                return True
            continue
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):  # its returns end only that function
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False


def _endless(node: ast.AST) -> bool:
    """A `while` whose test is a true constant and whose body has no way out."""
    if not isinstance(node, ast.While) or not _is_constant(node.test):
        return False
    with suppress(Exception):
        return bool(_evaluate(node.test)) and not _leaves_loop(node.body)
    return False


def refusal(tree: ast.AST) -> str | None:
    """The first reason `tree` (a parsed script or expression) must not be deployed, or None."""
    withheld = sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in scripting.WITHHELD})
    if withheld:
        return f"{', '.join(withheld)} is not available in diagram scripts"
    attributes = sorted({n.attr for n in ast.walk(tree)
                         if isinstance(n, ast.Attribute) and n.attr in scripting.WITHHELD_ATTRIBUTES})
    if attributes:
        return f".{', .'.join(attributes)}() is not available in diagram scripts (use an f-string)"
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.While) and _endless(node):
            return f"line {node.lineno}: `while {ast.unparse(node.test)}:` has no break and never ends"
        if isinstance(node, ast.expr) and _is_constant(node) and not _is_literal(node):
            found = _constant_refusal(node)
            if found:
                return found
            continue
        stack.extend(ast.iter_child_nodes(node))
    return None


def check(source: str, mode: str = "eval") -> str | None:
    """Return the refusal message for `source`, or None when it is allowed."""
    try:
        scripting.compile_confined(source, mode)
    except scripting.ScriptRefused as exc:
        return str(exc)
    return refusal(ast.parse(source, mode=mode))
