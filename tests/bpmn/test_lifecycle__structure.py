"""Static checks of the lifecycle diagrams and their forms: parsing, lanes, properties,
diagram interchange, form vocabulary (API.md) and script confinement."""
import ast
import itertools
import json
import re

import jsonschema
import pytest
from lxml import etree
from RestrictedPython import compile_restricted_eval, compile_restricted_exec
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.specs.defaults import UserTask

from tests.helpers.lifecycle_driver import (
    BPMN_DIR,
    FORMS_DIR,
    MAIN,
    ROLES,
    bpmn_files,
    indicator_system,
    lifecycle_files,
    load_form,
    load_specs,
    properties,
)

NS = {'bpmn': 'http://www.omg.org/spec/BPMN/20100524/MODEL',
      'bpmndi': 'http://www.omg.org/spec/BPMN/20100524/DI',
      'dc': 'http://www.omg.org/spec/DD/20100524/DC',
      'di': 'http://www.omg.org/spec/DD/20100524/DI',
      'spiffworkflow': 'http://spiffworkflow.org/bpmn/schema/1.0/core'}

# API.md: the stage vocabulary and the decision values per task.
ACTIVE_STAGES = {'application', 'initial_review', 'recommendation', 'approval', 'creation',
                 'self_assessment', 'evaluation_prereview', 'evaluation', 'public_notice',
                 'certification', 'supervision'}
END_STAGES = {'rejected', 'withdrawn', 'not_recommended', 'declined', 'lapsed', 'failed', 'revoked'}
DECISIONS = {
    'initial_review': ['pass', 'return', 'reject'],
    'application_amendment': ['resubmit', 'withdraw'],
    'recommendation': ['recommend', 'not_recommend'],
    'creation_approval': ['approve', 'decline'],
    'evaluation_prereview': ['forward', 'return', 'reject'],
    'evaluation_decision': ['pass', 'fail'],
    'objection_verification': ['upheld', 'dismissed'],
    'supervision_decision': ['none', 'interview', 'warning', 'revocation'],
    # not in API.md (a task the measures imply): documented in docs/lifecycle.md
    'period_exception': ['grant', 'cap'],
    'reapplication_decision': ['reapply', 'decline'],  # Art 17: after a first failed evaluation
    'early_consent': ['consent', 'refuse'],  # Art 12: SAMR's consent to an early self-assessment
    'revocation_decision': ['revoke', 'not_revoke'],  # Art 22: after the period to state the case
}
FINDINGS = {'supervision_record': ['normal', 'major_incident', 'fraud', 'decline']}
PROCESSES = {'zone_lifecycle', 'zone_application', 'zone_creation', 'zone_evaluation',
             'zone_public_notice', 'zone_supervision'}
CJK = re.compile('[\u4e00-\u9fff]')


@pytest.fixture(scope='module')
def specs():
    spec, subs = load_specs()
    return {MAIN: spec, **subs}


def lifecycle_forms():
    names = set()
    spec, subs = load_specs()
    for pspec in [spec] + list(subs.values()):
        for ts in pspec.task_specs.values():
            if isinstance(ts, UserTask):
                names.add(properties(ts)['form'])
    return sorted(names)


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------
def test_every_bpmn_file_parses_together_with_the_spiff_validator():
    parser = SpiffBpmnParser(validator=VALIDATOR)
    parser.add_bpmn_files([str(p) for p in bpmn_files()])
    ids = set(parser.get_process_ids())
    assert ids >= PROCESSES
    for pid in ids:
        parser.get_spec(pid)
        parser.get_subprocess_specs(pid)


def test_dmn_tables_in_bpmn_load_in_the_same_parser():
    dmn = sorted(BPMN_DIR.glob('**/*.dmn'))
    if not dmn:
        pytest.skip('no DMN tables yet')
    parser = SpiffBpmnParser(validator=VALIDATOR)
    parser.add_bpmn_files([str(p) for p in bpmn_files()])
    parser.add_dmn_files([str(p) for p in dmn])
    parser.get_spec(MAIN)


def test_main_process_calls_all_lifecycle_processes(specs):
    assert set(specs) == PROCESSES


# ---------------------------------------------------------------------------------------------
# Lanes, forms, stages
# ---------------------------------------------------------------------------------------------
def user_tasks(specs):
    for pid, pspec in specs.items():
        for ts in pspec.task_specs.values():
            if isinstance(ts, UserTask):
                yield pid, ts


def test_every_user_task_has_a_role_lane_an_existing_form_and_a_stage(specs):
    seen = 0
    for pid, ts in user_tasks(specs):
        seen += 1
        props = properties(ts)
        assert ts.lane in ROLES, (pid, ts.bpmn_id, ts.lane)
        assert (FORMS_DIR / f"{props.get('form')}.json").exists(), (pid, ts.bpmn_id, props)
        assert props.get('stage') in ACTIVE_STAGES, (pid, ts.bpmn_id, props)
    assert seen >= 18


def test_lanes_of_each_process_are_roles():
    for path in lifecycle_files():
        tree = etree.parse(str(path))
        names = tree.xpath('//bpmn:lane/@name', namespaces=NS)
        assert names and set(names) <= ROLES, (path.name, names)


def test_every_waiting_event_has_a_stage(specs):
    for pid, pspec in specs.items():
        for ts in pspec.task_specs.values():
            if isinstance(ts, CatchingEvent) and not isinstance(ts, StartEvent):
                assert properties(ts).get('stage') in ACTIVE_STAGES, (pid, ts.bpmn_id)


def test_end_events_of_the_main_process_carry_the_final_stages(specs):
    ends = {ts.bpmn_id: properties(ts).get('stage')
            for ts in specs[MAIN].task_specs.values() if isinstance(ts, EndEvent)}
    assert set(ends.values()) == END_STAGES, ends
    for pid, pspec in specs.items():
        if pid == MAIN:
            continue
        for ts in pspec.task_specs.values():
            if isinstance(ts, EndEvent):
                assert 'stage' not in properties(ts), (pid, ts.bpmn_id)


def test_expert_scoring_is_a_parallel_multi_instance_over_experts(specs):
    mi = specs['zone_evaluation'].task_specs['expert_scoring']
    assert isinstance(mi, MultiInstanceTask)
    assert mi.data_input.bpmn_id == 'experts'
    assert mi.input_item.bpmn_id == 'expert'
    assert mi.data_output.bpmn_id == 'expert_scores'
    child = specs['zone_evaluation'].task_specs[mi.task_spec]
    assert properties(child)['assignee'] == 'expert'
    assert child.lane == 'expert'


def test_timers_and_messages(specs):
    timers, messages = {}, {}
    for _pid, pspec in specs.items():
        for ts in pspec.task_specs.values():
            ed = getattr(ts, 'event_definition', None)
            if isinstance(ed, TimerEventDefinition):
                timers[ts.bpmn_id] = (type(ed).__name__, ed.expression)
            elif isinstance(ed, MessageEventDefinition):
                messages[ts.bpmn_id] = (ed.name, getattr(ed, 'message_var', None))
    assert timers == {
        'amendment_deadline_passed': ('TimeDateEventDefinition', 'amend_deadline + "T23:59:59+08:00"'),
        'creation_period_ends': ('DurationTimerEventDefinition', 'creation_period'),
        'notice_timer': ('DurationTimerEventDefinition', 'notice_period'),
        'statement_period_ends': ('TimeDateEventDefinition', 'statement_period_end'),
    }
    assert messages == {'objection_received': ('objection', 'objection')}


# ---------------------------------------------------------------------------------------------
# Scripts and conditions: confined Python
# ---------------------------------------------------------------------------------------------
def scripts_and_conditions():
    for path in lifecycle_files():
        tree = etree.parse(str(path))
        for node in tree.xpath('//bpmn:script', namespaces=NS):
            yield path.name, 'exec', node.text
        for node in tree.xpath('//spiffworkflow:preScript|//spiffworkflow:postScript', namespaces=NS):
            yield path.name, 'exec', node.text
        for node in tree.xpath('//bpmn:conditionExpression', namespaces=NS):
            yield path.name, 'eval', node.text
        for node in tree.xpath('//bpmn:timeDate|//bpmn:timeDuration|//bpmn:timeCycle', namespaces=NS):
            yield path.name, 'eval', node.text


@pytest.mark.parametrize('where,mode,source', list(scripts_and_conditions()))
def test_scripts_compile_under_restricted_python_without_private_names(where, mode, source):
    compiled = (compile_restricted_eval if mode == 'eval' else compile_restricted_exec)(source.strip())
    assert not compiled.errors, (where, source, compiled.errors)
    tree = ast.parse(source.strip(), mode=mode)
    for node in ast.walk(tree):
        assert not isinstance(node, (ast.Import, ast.ImportFrom, ast.AugAssign)), (where, source)
        if isinstance(node, ast.Name):
            assert not node.id.startswith('_'), (where, source)
        if isinstance(node, ast.Attribute):
            assert not node.attr.startswith('_'), (where, source)


# ---------------------------------------------------------------------------------------------
# Diagram interchange: every element drawn, lanes as horizontal bands
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize('path', lifecycle_files(), ids=lambda p: p.name)
def test_diagram_interchange_is_complete(path):
    tree = etree.parse(str(path))
    shapes = {s.get('bpmnElement'): s for s in tree.xpath('//bpmndi:BPMNShape', namespaces=NS)}
    edges = {e.get('bpmnElement'): e for e in tree.xpath('//bpmndi:BPMNEdge', namespaces=NS)}
    process = tree.xpath('//bpmn:process', namespaces=NS)[0]
    # a data object is not drawn (only references to it would be): the multi-instance's collections
    nodes = [n for n in process if etree.QName(n).localname not in
             ('laneSet', 'sequenceFlow', 'documentation', 'extensionElements', 'dataObject')]
    for node in nodes:
        assert node.get('id') in shapes, (path.name, node.get('id'))
        bounds = shapes[node.get('id')].find('dc:Bounds', NS)
        assert float(bounds.get('width')) > 0 and float(bounds.get('height')) > 0
    for flow in process.findall('bpmn:sequenceFlow', NS):
        edge = edges.get(flow.get('id'))
        assert edge is not None, (path.name, flow.get('id'))
        assert len(edge.findall('di:waypoint', NS)) >= 2
    plane = tree.xpath('//bpmndi:BPMNPlane', namespaces=NS)[0]
    assert plane.get('bpmnElement') == tree.xpath('//bpmn:collaboration/@id', namespaces=NS)[0]
    # lanes: horizontal bands stacked inside the pool, each node inside its lane's band
    lanes = tree.xpath('//bpmn:lane', namespaces=NS)
    bands = {}
    for lane in lanes:
        shape = shapes[lane.get('id')]
        assert shape.get('isHorizontal') == 'true'
        b = shape.find('dc:Bounds', NS)
        bands[lane.get('id')] = (float(b.get('y')), float(b.get('y')) + float(b.get('height')))
        for ref in lane.findall('bpmn:flowNodeRef', NS):
            nb = shapes[ref.text].find('dc:Bounds', NS)
            cy = float(nb.get('y')) + float(nb.get('height')) / 2
            assert bands[lane.get('id')][0] <= cy <= bands[lane.get('id')][1], (path.name, ref.text)
    ordered = sorted(bands.values())
    for (_top1, bottom1), (top2, _) in itertools.pairwise(ordered):
        assert bottom1 == top2


@pytest.mark.parametrize('path', lifecycle_files(), ids=lambda p: p.name)
def test_layout_reads_left_to_right(path):
    """The start event is the leftmost node and no two nodes overlap."""
    tree = etree.parse(str(path))
    boxes = {}
    for s in tree.xpath('//bpmndi:BPMNShape', namespaces=NS):
        el = s.get('bpmnElement')
        if el.startswith(('Lane_', 'Participant_')):
            continue
        b = s.find('dc:Bounds', NS)
        boxes[el] = tuple(float(b.get(k)) for k in ('x', 'y', 'width', 'height'))
    start = tree.xpath('//bpmn:process/bpmn:startEvent/@id', namespaces=NS)[0]
    assert boxes[start][0] == min(b[0] for b in boxes.values())
    attached = set(tree.xpath('//bpmn:boundaryEvent/@id', namespaces=NS))
    items = [(k, v) for k, v in boxes.items() if k not in attached]
    for i, (a, (ax, ay, aw, ah)) in enumerate(items):
        for b, (bx, by, bw, bh) in items[i + 1:]:
            overlap = ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah
            assert not overlap, (path.name, a, b)


# ---------------------------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize('name', lifecycle_forms())
def test_forms_are_draft_2020_12_with_chinese_titles(name):
    schema = load_form(name)
    assert schema['$schema'] == 'https://json-schema.org/draft/2020-12/schema'
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema['type'] == 'object'
    assert CJK.search(schema['title']) and CJK.search(schema['description'])
    for field, prop in schema['properties'].items():
        assert CJK.search(prop.get('title', '')), (name, field)
        if field.startswith('score') or field.endswith('score_total') or field.endswith('_score'):
            assert 'maximum' in prop, (name, field)
    for field in schema['required']:
        assert field in schema['properties'], (name, field)


@pytest.mark.parametrize('name', sorted(DECISIONS))
def test_decision_forms_use_the_api_vocabulary(name):
    schema = load_form(name)
    assert 'decision' in schema['required']
    assert schema['properties']['decision']['enum'] == DECISIONS[name]
    assert schema['properties']['decision'].get('description')


def test_supervision_record_has_the_api_findings():
    schema = load_form('supervision_record')
    assert 'finding' in schema['required']
    assert schema['properties']['finding']['enum'] == FINDINGS['supervision_record']


def test_every_decision_form_in_the_diagrams_is_covered():
    decision_forms = [n for n in lifecycle_forms() if 'decision' in load_form(n)['properties']]
    assert set(decision_forms) == set(DECISIONS)


@pytest.mark.parametrize('name,decision', [
    ('initial_review', 'return'), ('initial_review', 'reject'),
    ('evaluation_prereview', 'return'), ('evaluation_prereview', 'reject'),
    ('supervision_decision', 'warning'), ('supervision_decision', 'revocation'),
])
def test_negative_decisions_need_reasons(name, decision):
    schema = load_form(name)
    data = {'decision': decision}
    if name == 'evaluation_prereview':
        data['prereview_opinion'] = '材料不全'
    if name == 'initial_review' and decision == 'return':
        data['amend_deadline'] = '2026-03-01'
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    data['reasons'] = '理由'
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_expert_assignment_needs_two_distinct_experts():
    schema = load_form('expert_assignment')
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({'experts': ['expert1']})
    assert not validator.is_valid({'experts': ['expert1', 'expert1']})
    assert validator.is_valid({'experts': ['expert1', 'expert2']})


@pytest.mark.parametrize('system', ['2024-draft', '2022-trial'])
@pytest.mark.parametrize('name,field', [('self_assessment', 'self_scores'), ('expert_scoring', 'indicator_scores'),
                                        ('evaluation_decision', 'consolidated_scores')])
def test_score_fields_expand_to_one_bounded_field_per_indicator(name, field, system):
    """The engine expands `x-indicator-scores` for the case's system: one field per indicator
    with the indicator's maximum; the maxima add up to the group maxima and to 100."""
    plain = load_form(name)
    assert plain['properties'][field]['x-indicator-scores'] in ('scores', 'consolidated')
    assert plain['x-scoring'] in ('self', 'expert', 'samr')
    schema = load_form(name, system)
    jsonschema.Draft202012Validator.check_schema(schema)
    props = schema['properties'][field]['properties']
    s = indicator_system(system)
    assert len(props) == len(s.indicators) == {'2024-draft': 25, '2022-trial': 41}[system]
    by_group = {}
    for ind in s.indicators:
        assert props[str(ind['number'])]['maximum'] == ind['max']
        by_group[ind['group']] = by_group.get(ind['group'], 0) + props[str(ind['number'])]['maximum']
    assert by_group == {g['number']: g['max'] for g in s.groups} and sum(by_group.values()) == 100


def test_creation_period_is_an_iso_duration():
    validator = jsonschema.Draft202012Validator(load_form('creation_application')['properties']['creation_period'])
    for ok in ('P2Y', 'P30M', 'P1Y6M', 'P1000D', 'P3Y6M'):
        assert validator.is_valid(ok), ok
    for bad in ('2Y', 'P', 'P2Y1H', 'three years', 'PT5H'):
        assert not validator.is_valid(bad), bad


def test_the_engine_deploy_check_accepts_the_whole_bpmn_directory():
    """engine.definitions.registry parses and lints bpmn/ exactly as `deploy_directory` would."""
    definitions = pytest.importorskip('engine.definitions.registry')
    files, forms = definitions.read_directory(BPMN_DIR)
    bundle = definitions.parse_bundle(files, forms)
    assert set(bundle) >= PROCESSES
    assert set(bundle[MAIN][1]) == PROCESSES - {MAIN}
