"""Checks a parsed process before it may be deployed.

Messages name the element so a modeller can find it: every user task sits in a
lane that is a known role and names an existing form; every script, condition,
timer expression, multi-instance cardinality and DMN cell passes the confined
script environment and its deploy-time checks (engine.runtime.codecheck); a timer
written as a constant parses with the bounded time parser (engine.clock).
"""
import re
from collections.abc import Iterator
from typing import Any

from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.bpmn_task_spec import BpmnTaskSpec
from SpiffWorkflow.bpmn.specs.event_definitions.conditional import ConditionalEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.spiff.specs.defaults import UserTask

from engine import clock
from engine.errors import DefinitionInvalid
from engine.runtime import codecheck, resets
from models.comments import OPINION_FIELD
from models.orgs import ROLES

LANE_ROLES = tuple(r for r in ROLES if r != "admin")
# SpiffWorkflow's DMNEngine turns `?` outside quotes into the input's value.
_DMN_QUESTION = re.compile(r'(\?)(?=(?:[^\'"]|[\'"][^\'"]*[\'"])*$)')


def _expressions(task_spec: BpmnTaskSpec) -> Iterator[tuple[str, str, str]]:
    """(what, source, mode) of every piece of code an element carries."""
    script = getattr(task_spec, "script", None)
    if script:
        yield "script", script, "exec"
    for attr in ("prescript", "postscript"):
        if getattr(task_spec, attr, None):
            yield attr, getattr(task_spec, attr), "exec"
    for condition, _ in getattr(task_spec, "cond_task_specs", ()):
        if condition is not None:
            yield "condition", condition.args[0], "eval"
    for attr, what in (("cardinality", "cardinality"), ("condition", "completion condition")):
        if isinstance(getattr(task_spec, attr, None), str):
            yield what, getattr(task_spec, attr), "eval"
    event = getattr(task_spec, "event_definition", None)
    if isinstance(event, TimerEventDefinition):
        yield "timer", event.expression, "eval"
    elif isinstance(event, ConditionalEventDefinition):
        yield "condition", event.expression, "eval"
    engine = getattr(task_spec, "dmnEngine", None)
    if engine is not None:
        yield from decision_expressions(engine.decision_table)


def decision_expressions(table: Any) -> Iterator[tuple[str, str, str]]:
    """The expressions SpiffWorkflow's DMNEngine evaluates for a table, built as it builds them."""
    for rule in table.rules:
        for entry in rule.inputEntries:
            given = entry.input.expression
            for cell in entry.lhs:
                if cell is None or given is None:
                    continue
                match = _DMN_QUESTION.sub("dmninputexpr", cell)
                if "dmninputexpr" in match:
                    yield f"DMN input of rule {rule.row_number}", given, "eval"
                    yield f"DMN rule {rule.row_number}", match, "eval"
                else:
                    yield f"DMN rule {rule.row_number}", _dmn_comparison(given, cell), "eval"
        for entry in rule.outputEntries:
            if entry.text:
                yield f"DMN output of rule {rule.row_number}", entry.text, "eval"


def _dmn_comparison(given: str, cell: str) -> str:
    try:
        compile(cell, "<dmn>", "eval")
        return f"({given}) == ({cell})"
    except SyntaxError:
        return given + cell  # `< 5`: the cell brings its own operator


def _check_timer(task_spec: BpmnTaskSpec, expression: str) -> None:
    """A timer written as a constant must parse now, not when a token arrives years later."""
    event = task_spec.event_definition
    if re.fullmatch(r"\s*[PR][0-9A-Z/]*[0-9][0-9A-Z/]*\s*", expression) and expression.strip()[-1:].isalpha():
        raise DefinitionInvalid('timer expression {expression} is a name, not a text: write "{strip}"',
                                element=task_spec.bpmn_id, expression=expression, strip=expression.strip())
    try:
        value = codecheck.constant(expression)
    except Exception:  # codecheck.check has already named what fails
        return
    if not codecheck.is_constant_value(value):
        return  # the bounded timer classes check it when the token arrives
    parse = (clock.parse_moment if isinstance(event, TimeDateEventDefinition) else
             clock.parse_recurrence if isinstance(event, CycleTimerEventDefinition) else clock.duration_parts)
    try:
        parse(value)
    except ValueError as exc:
        raise DefinitionInvalid("timer expression {expression} does not parse: {exc}",
                                element=task_spec.bpmn_id, expression=expression, exc=exc) from exc


def check_code(what: str, source: str, mode: str, element: str) -> None:
    refusal = codecheck.check(source, mode)
    if refusal:
        raise DefinitionInvalid("{what} refused: {refusal}", element=element, what=what, refusal=refusal)


def lint(spec: BpmnProcessSpec, subprocess_specs: dict[str, BpmnProcessSpec], forms: dict[str, Any]) -> None:
    for process in (spec, *subprocess_specs.values()):
        for task_spec in process.task_specs.values():
            element = getattr(task_spec, "bpmn_id", None) or task_spec.name
            for what, source, mode in _expressions(task_spec):
                check_code(what, source, mode, element)
                if what == "timer":
                    _check_timer(task_spec, source)
            if isinstance(task_spec, UserTask):
                _check_user_task(task_spec, element, forms)
                _check_return_targets(process, task_spec, element)


def lint_decisions(dmn_parsers: dict[str, Any]) -> None:
    """Every decision table of a bundle, also those no process calls yet (engine.scoring uses them)."""
    for decision_id, parser in dmn_parsers.items():
        if parser.decision is None:
            parser.parse()
        for table in parser.decision.decisionTables:
            for what, source, mode in decision_expressions(table):
                check_code(what, source, mode, table.id or decision_id)


def _check_user_task(task_spec: UserTask, element: str, forms: dict[str, Any]) -> None:
    if task_spec.lane not in LANE_ROLES:
        raise DefinitionInvalid(
            "user task is in lane '{lane}', which is not a role "
            "({lane_roles})", element=element, lane=task_spec.lane, lane_roles=', '.join(LANE_ROLES))
    form = task_spec.extensions.get("properties", {}).get("form")
    if not form:
        raise DefinitionInvalid("user task names no form (property 'form')", element=element)
    if form not in forms:
        raise DefinitionInvalid("user task names form '{form}', which does not exist", element=element, form=form)
    if OPINION_FIELD in ((forms[form] or {}).get("properties") or {}):
        raise DefinitionInvalid("form '{form}' has a field '{opinion_field}': the name is kept for the "
                                "step's opinion (办理意见), which every task takes beside its form", element=element, form=form, opinion_field=OPINION_FIELD)


def _upstream(task_spec: BpmnTaskSpec) -> set[str]:
    """The element ids a token passes before reaching `task_spec`, in its own process."""
    seen: set[str] = set()
    stack = list(task_spec.inputs)
    while stack:
        spec = stack.pop()
        if spec.name in seen:
            continue
        seen.add(spec.name)
        stack.extend(spec.inputs)
    return seen


def _check_return_targets(process: BpmnProcessSpec, task_spec: UserTask, element: str) -> None:
    """`return_to` names earlier user tasks of the same process: a send-back cannot cross
    into or out of a called process, and cannot go forward."""
    names = resets.declared(task_spec)
    if not names:
        return
    upstream = _upstream(task_spec)
    for name in names:
        target = process.task_specs.get(name)
        if not isinstance(target, UserTask):
            raise DefinitionInvalid(
                "return_to names '{name}', which is not a user task of process {process} "
                "(a send-back stays within one process)", element=element, name=name, process=process.name)
        if name not in upstream:
            raise DefinitionInvalid("return_to names '{name}', which does not come before this task",
                                    element=element, name=name)
