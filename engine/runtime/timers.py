"""BPMN timers that read their time through the one bounded parser (engine.clock).

SpiffWorkflow's timer event definitions evaluate their expression and hand the result
straight to its month-by-month arithmetic: `P99999999999999Y` from a form or an
expression ran for hours inside the step that armed the timer. These subclasses
evaluate the same way but parse with `clock.parse_duration` / `parse_moment` /
`parse_recurrence`, so a value beyond `clock.MAX_YEARS` fails the step
(WorkflowTaskException → StepFailed → an incident) before any arithmetic starts.

They keep the library's class names: specs and cases serialised before (and after)
load as the bounded classes, and a spec's JSON, hence its definition hash, is
unchanged. `Parser` makes the parser build them; `serializer_config` maps them for
the serialiser.
"""
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.bpmn.specs.event_definitions import timer as spiff
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.task import Task

from engine import clock


def _evaluated(definition: spiff.TimerEventDefinition, my_task: Task,
               parse: Callable[[Any], Any]) -> tuple[Any, Any]:
    """The timer expression's value, parsed by `parse`; a refused value fails the step."""
    value = my_task.workflow.script_engine.evaluate(my_task, definition.expression)
    try:
        return value, parse(value)
    except ValueError as exc:
        raise WorkflowTaskException(f"timer {definition.name}: {exc}", task=my_task, exception=exc) from exc


def _stored(definition: spiff.TimerEventDefinition, my_task: Task, value: Any,
            parse: Callable[[Any], Any]) -> Any:
    """A value saved in the case (maybe before this check existed), parsed again."""
    try:
        return parse(value)
    except ValueError as exc:
        raise WorkflowTaskException(f"timer {definition.name}: {exc}", task=my_task, exception=exc) from exc


def _fired(my_task: Task, due: datetime) -> bool:
    if due < clock.now():
        my_task._set_internal_data(event_fired=True)
    return my_task._get_internal_data("event_fired", False)


class TimeDateEventDefinition(spiff.TimeDateEventDefinition):
    """timeDate: the expression names a moment."""

    def has_fired(self, my_task: Task) -> bool:
        value = my_task._get_internal_data("event_value")
        if value is None:
            value, due = _evaluated(self, my_task, clock.parse_moment)
            my_task._set_internal_data(event_value=value)
        else:
            due = _stored(self, my_task, value, clock.parse_moment)
        return _fired(my_task, due)


class DurationTimerEventDefinition(spiff.DurationTimerEventDefinition):
    """timeDuration: the expression names a duration from the moment the token arrives."""

    def has_fired(self, my_task: Task) -> bool:
        value = my_task._get_internal_data("event_value")
        if value is None:
            start = clock.now()
            delta: timedelta
            _, delta = _evaluated(self, my_task, lambda text: clock.parse_duration(text, start))
            value = (start + delta).isoformat()
            my_task._set_internal_data(event_value=value)
        return _fired(my_task, _stored(self, my_task, value, clock.parse_moment))


class CycleTimerEventDefinition(spiff.CycleTimerEventDefinition):
    """timeCycle: the expression names a repeating interval (at least clock.MIN_INTERVAL)."""

    def cycle_complete(self, my_task: Task) -> bool:
        if my_task._get_internal_data("event_value") is None:
            _, (cycles, start, interval) = _evaluated(self, my_task, clock.parse_recurrence)
            my_task._set_internal_data(event_value={
                "cycles": cycles, "next": start.isoformat(), "duration": interval.total_seconds()})
        else:
            _stored(self, my_task, my_task._get_internal_data("event_value")["next"], clock.parse_moment)
        return super().cycle_complete(my_task)


BOUNDED = {spiff.TimeDateEventDefinition: TimeDateEventDefinition,
           spiff.DurationTimerEventDefinition: DurationTimerEventDefinition,
           spiff.CycleTimerEventDefinition: CycleTimerEventDefinition}


class _BoundedTimers:
    """Parser mixin: a timerEventDefinition becomes one of the bounded classes."""

    def parse_timer_event(self, event: etree._Element) -> spiff.TimerEventDefinition:
        parsed = super().parse_timer_event(event)  # type: ignore[misc]  # the parser class it is mixed into
        return BOUNDED[type(parsed)](parsed.name, parsed.expression, description=parsed.description)


def _with_bounded_timers(parser_class: type) -> type:
    return type(parser_class.__name__, (_BoundedTimers, parser_class), {})


class Parser(SpiffBpmnParser):
    """SpiffBpmnParser whose timer events are bounded (the events that can catch a timer)."""

    OVERRIDE_PARSER_CLASSES = {
        **SpiffBpmnParser.OVERRIDE_PARSER_CLASSES,
        **{full_tag(tag): (_with_bounded_timers(SpiffBpmnParser.OVERRIDE_PARSER_CLASSES[full_tag(tag)][0]),
                           SpiffBpmnParser.OVERRIDE_PARSER_CLASSES[full_tag(tag)][1])
           for tag in ("startEvent", "boundaryEvent", "intermediateCatchEvent")},
    }


def serializer_config(config: dict[Any, Any]) -> dict[Any, Any]:
    """A copy of a serialiser config with the library's timer classes replaced by ours."""
    config = dict(config)
    for library, bounded in BOUNDED.items():
        config[bounded] = config.pop(library)
    return config
