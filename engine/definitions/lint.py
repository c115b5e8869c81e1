"""Checks a parsed process before it may be deployed.

Messages name the element so a modeller can find it: every user task sits in a
lane that is a known role and names an existing form; every script, condition
and timer expression passes the confined script environment.
"""
import re
from collections.abc import Iterator
from typing import Any

from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.bpmn_task_spec import BpmnTaskSpec
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.spiff.specs.defaults import UserTask

from engine import clock
from engine.errors import DefinitionInvalid
from engine.runtime import scripting
from models.orgs import ROLES

LANE_ROLES = tuple(r for r in ROLES if r != "admin")


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
    event = getattr(task_spec, "event_definition", None)
    if isinstance(event, TimerEventDefinition):
        yield "timer", event.expression, "eval"


def _check_timer(task_spec: BpmnTaskSpec, expression: str) -> None:
    """A literal timer must parse now, with the bounded parser the timer itself uses
    (engine.clock), not when a token arrives years later."""
    event = task_spec.event_definition
    if re.fullmatch(r"\s*[PR][0-9A-Z/]*[0-9][0-9A-Z/]*\s*", expression) and expression.strip()[-1:].isalpha():
        raise DefinitionInvalid(f'timer expression {expression} is a name, not a text: write "{expression.strip()}"',
                                element=task_spec.bpmn_id)
    literal = expression.strip()
    if not (literal[:1] in "'\"" and literal[-1:] == literal[:1]):
        return  # the bounded timer classes check it when the token arrives
    parse = (clock.parse_moment if isinstance(event, TimeDateEventDefinition) else
             clock.parse_recurrence if isinstance(event, CycleTimerEventDefinition) else clock.duration_parts)
    try:
        parse(literal[1:-1])
    except ValueError as exc:
        raise DefinitionInvalid(f"timer expression {expression} does not parse: {exc}",
                                element=task_spec.bpmn_id) from exc


def lint(spec: BpmnProcessSpec, subprocess_specs: dict[str, BpmnProcessSpec], forms: dict[str, Any]) -> None:
    for process in (spec, *subprocess_specs.values()):
        for task_spec in process.task_specs.values():
            element = getattr(task_spec, "bpmn_id", None) or task_spec.name
            for what, source, mode in _expressions(task_spec):
                refusal = scripting.check(source, mode)
                if refusal:
                    raise DefinitionInvalid(f"{what} refused: {refusal}", element=element)
                if what == "timer":
                    _check_timer(task_spec, source)
            if isinstance(task_spec, UserTask):
                _check_user_task(task_spec, element, forms)


def _check_user_task(task_spec: UserTask, element: str, forms: dict[str, Any]) -> None:
    if task_spec.lane not in LANE_ROLES:
        raise DefinitionInvalid(
            f"user task is in lane '{task_spec.lane}', which is not a role "
            f"({', '.join(LANE_ROLES)})", element=element)
    form = task_spec.extensions.get("properties", {}).get("form")
    if not form:
        raise DefinitionInvalid("user task names no form (property 'form')", element=element)
    if form not in forms:
        raise DefinitionInvalid(f"user task names form '{form}', which does not exist", element=element)
