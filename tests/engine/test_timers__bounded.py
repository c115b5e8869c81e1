"""One bounded parser for every time that reaches the engine: form values, literal timers,
timer expressions. Beyond a millennium a duration is refused before SpiffWorkflow's
month-by-month arithmetic starts; timers built by the parser, and timers of specs saved
before, use it; forms bound creation_period by the configured maximum plus the cap."""
from datetime import UTC, datetime

import pytest
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

from engine import clock
from engine.definitions import forms, registry
from engine.errors import DefinitionInvalid, InvalidInput
from engine.runtime import serializer, timers
from engine.runtime.scripting import script_engine

ENDLESS = "P99999999999999Y"
START = datetime(2026, 1, 31, tzinfo=UTC)


@pytest.mark.parametrize("text", ["P15D", "P3Y", "P30M", "P2W", "PT36H", "P1.5D", "p2y", "P1000Y", "P12000M"])
def test_ordinary_durations_parse(text):
    assert clock.parse_duration(text, START).days >= 0


@pytest.mark.parametrize("text,why", [
    (ENDLESS, "longer than 1000 years"), ("P1000Y1D", "longer than 1000 years"),
    ("PT99999999999999S", "longer than 1000 years"), ("P", "not an ISO 8601 duration"),
    ("15D", "not an ISO 8601 duration"), ("P1.5Y", "not an ISO 8601 duration"),
    ("P1.5DT1H", "not an ISO 8601 duration"), ("P１Y", "not an ISO 8601 duration"),
    ("P" + "9" * 100 + "D", "too long"), (15, "a text is expected"),
])
def test_what_the_parser_refuses(text, why):
    with pytest.raises(clock.TimeRefused, match=why):
        clock.parse_duration(text, START)


def test_moments_and_repeating_intervals_are_bounded_too():
    assert clock.parse_moment("2030-01-31T23:59:59+08:00") == datetime(2030, 1, 31, 15, 59, 59, tzinfo=UTC)
    for far in ("9999-12-31T23:59:59+08:00", "0001-01-01T00:00:00+14:00", "not a date"):
        with pytest.raises(clock.TimeRefused):
            clock.parse_moment(far)
    cycles, _, interval = clock.parse_recurrence("R2/P90D")
    assert (cycles, interval.days) == (2, 90)
    for bad in ("R/PT1S", f"R3/{ENDLESS}", "R2/P1D/P2D"):
        with pytest.raises(clock.TimeRefused):
            clock.parse_recurrence(bad)


TIMER_DIAGRAM = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="waits" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:timerEventDefinition id="t"><bpmn:timeDuration>period</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>"""


def _waiting(period):
    parser = timers.Parser()
    parser.add_bpmn_str(TIMER_DIAGRAM.encode())
    workflow = BpmnWorkflow(parser.get_spec("waits"), script_engine=script_engine())
    workflow.get_tasks()[0].data["period"] = period
    workflow.do_engine_steps()
    return workflow


def test_a_timer_expression_too_long_fails_the_step_instead_of_walking_the_months():
    assert isinstance(_waiting("P15D").spec.task_specs["wait"].event_definition,
                      timers.DurationTimerEventDefinition)
    with pytest.raises(WorkflowTaskException, match="longer than 1000 years") as caught:
        _waiting(ENDLESS)
    assert caught.value.task_spec.bpmn_id == "wait"


def test_specs_saved_with_the_library_class_names_load_as_bounded_timers():
    parser = timers.Parser()
    parser.add_bpmn_str(TIMER_DIAGRAM.encode())
    saved = serializer.dump_specs(parser.get_spec("waits"), {})
    assert '"typename": "DurationTimerEventDefinition"' in saved  # the name is the library's
    spec, _ = serializer.load_specs(saved)
    assert type(spec.task_specs["wait"].event_definition) is timers.DurationTimerEventDefinition


def test_a_saved_due_time_beyond_the_bound_fails_when_the_timer_is_looked_at():
    workflow = _waiting("P15D")
    [waiting] = [t for t in workflow.get_tasks() if t.task_spec.bpmn_id == "wait"]
    waiting._set_internal_data(event_value="9999-12-31T00:00:00+00:00")  # as a poisoned case holds it
    with pytest.raises(WorkflowTaskException, match="more than 1000 years away"):
        workflow.refresh_timers()


# ---------------------------------------------------------------- forms
def test_creation_period_is_bounded_by_the_maximum_plus_the_exception_cap(app):
    _, all_forms = registry.read_directory(app.config["BPMN_DIR"])
    schema = all_forms["creation_application"]
    with app.app_context():
        for ok in ("P2Y", "P4Y", "P5Y", "P60M"):
            _only_other_errors(schema, ok)
        for too_long, words in (("P5Y1D", "longer than P3Y + P2Y"), ("P61M", "longer than P3Y + P2Y"),
                                (ENDLESS, "longer than 1000 years")):
            with pytest.raises(InvalidInput) as caught:
                forms.validate(schema, {"creation_period": too_long})
            assert any(words in m for m in caught.value.fields["creation_period"]), caught.value.fields


def _only_other_errors(schema, period):
    with pytest.raises(InvalidInput) as caught:  # the other required fields are missing
        forms.validate(schema, {"creation_period": period})
    assert "creation_period" not in caught.value.fields, caught.value.fields


def test_dates_in_forms_are_bounded(app):
    schema = {"type": "object", "properties": {"day": {"type": "string", "format": "date"}}}
    with app.app_context():
        assert forms.validate(schema, {"day": "2030-01-31"})
        with pytest.raises(InvalidInput) as caught:
            forms.validate(schema, {"day": "9999-12-31"})
    assert "more than 1000 years away" in caught.value.fields["day"][0]


# ---------------------------------------------------------------- lint at deploy
def _refused_timer(app, name, old, timer):
    files, all_forms = registry.read_directory(app.config["BPMN_DIR"])
    diagram = files[name].decode()
    assert diagram.count(old) == 1
    with pytest.raises(DefinitionInvalid) as caught:
        registry.parse_bundle({name: diagram.replace(old, timer).encode()}, all_forms)
    return caught.value


@pytest.mark.parametrize("timer,words", [
    (f'"{ENDLESS}"', "longer than 1000 years"),
    ('"P" + "9" * 14 + "Y"', "longer than 1000 years"),  # a constant expression is a literal too
    ("P15D", 'write "P15D"'),                              # a name, not a text: NameError when due
])
def test_lint_refuses_a_duration_timer_that_cannot_work(app, timer, words):
    error = _refused_timer(app, "zone_public_notice.bpmn", "<bpmn:timeDuration>notice_period<",
                           f"<bpmn:timeDuration>{timer}<")
    assert words in error.message and error.element == "notice_timer", error.message


def test_lint_refuses_a_date_timer_that_cannot_parse(app):
    error = _refused_timer(app, "walking_skeleton.bpmn", 'amend_deadline + "T23:59:59+08:00"', '"9999-12-31"')
    assert "more than 1000 years away" in error.message and error.element == "amendment_deadline", error.message
