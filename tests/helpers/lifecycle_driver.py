"""Small in-memory driver for the lifecycle diagrams in bpmn/.

Plain SpiffWorkflow 3.2: no database, no Flask; of the engine package only the parts that need
neither — its confined script environment (engine.runtime.scripting) and its scoring modules
(engine.scoring.indicators, engine.scoring.rules, engine.scoring.sheets) — so that scripts run and score forms
are expanded and computed exactly as the engine does. It mirrors what the engine does closely
enough to test the diagrams:
- parses every bpmn/*.bpmn with SpiffBpmnParser + the spiff validator;
- runs scripts and conditions in the engine's RestrictedPython environment;
- validates each submitted form against bpmn/forms/<form>.json (JSON Schema 2020-12), with
  `x-indicator-scores` fields expanded for the case's indicator system, and adds the computed
  results (`qualified`, `score_total`, …) to the task data like the engine;
- moves a fake clock (the timer module reads `datetime.now` itself) and fires timers with
  `wf.refresh_timers()`;
- delivers the `objection` message with `wf.catch(BpmnEvent(...))`;
- derives the case stage from the `stage` properties like the conventions describe.
"""
import copy
import json
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import jsonschema
from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions import timer as timer_module
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.specs.defaults import UserTask
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState

from engine.runtime import pruning
from engine.scoring import sheets
from engine.scoring.indicators import load_all

ROOT = Path(__file__).resolve().parents[2]
BPMN_DIR = ROOT / 'bpmn'
FORMS_DIR = BPMN_DIR / 'forms'
MAIN = 'zone_lifecycle'
ROLES = {'applicant', 'province', 'samr', 'expert', 'member_unit'}
CST = timezone(timedelta(hours=8))

# Settings the engine puts into the case data at start (docs/bpmn-conventions.md).
ENGINE_DATA = {
    'case_id': 1,
    'region_id': 101,
    'round_id': 1,
    'notice_period': 'P15D',
    'max_creation_period': 'P3Y',
}


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------
def bpmn_files():
    return sorted(BPMN_DIR.glob('*.bpmn'))


def lifecycle_files():
    """The lifecycle diagrams (walking_skeleton.bpmn belongs to the engine's walking skeleton)."""
    return [p for p in bpmn_files() if p.name != 'walking_skeleton.bpmn']


def make_parser(files=None):
    parser = SpiffBpmnParser(validator=VALIDATOR)
    parser.add_bpmn_files([str(p) for p in (files or lifecycle_files())])
    return parser


def load_specs(process_id=MAIN):
    parser = make_parser()
    return parser.get_spec(process_id), parser.get_subprocess_specs(process_id)


DEFAULT_SYSTEM = '2024-draft'
_SYSTEMS = {}


def indicator_system(key=DEFAULT_SYSTEM):
    if not _SYSTEMS:
        _SYSTEMS.update(load_all(BPMN_DIR / 'indicators'))
    return _SYSTEMS[key]


def load_form(name, system=None):
    """The form as bpmn/ has it; with a system key, its score fields expanded for it."""
    with open(FORMS_DIR / f'{name}.json', encoding='utf-8') as fh:
        schema = json.load(fh)
    return sheets.expand(schema, indicator_system(system)) if system else schema


def validate_form(name, data, system=DEFAULT_SYSTEM):
    """Validate like the engine: JSON Schema 2020-12 with formats, and no undeclared fields."""
    schema = load_form(name, system)
    unknown = set(data) - set(schema.get('properties', {}))
    assert not unknown, f'fields not declared in form {name}: {sorted(unknown)}'
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    validator.validate(data)


def properties(task_spec):
    return (getattr(task_spec, 'extensions', None) or {}).get('properties', {})


# ---------------------------------------------------------------------------------------------
# Confined scripts: the engine's own environment (RestrictedPython; needs no database)
# ---------------------------------------------------------------------------------------------
from engine.runtime.scripting import script_engine  # noqa: E402


# ---------------------------------------------------------------------------------------------
# Clock: the timer module calls datetime.now(timezone.utc) itself
# ---------------------------------------------------------------------------------------------
class Clock:
    def __init__(self, start):
        self.now = start

    def advance(self, **kwargs):
        self.now = self.now + timedelta(**kwargs)


@contextmanager
def patched_clock(clock):
    real = timer_module.datetime

    class FakeDateTime(real):
        @classmethod
        def now(cls, tz=None):
            value = clock.now.astimezone(UTC)
            return value.astimezone(tz) if tz else value.replace(tzinfo=None)

    timer_module.datetime = FakeDateTime
    try:
        yield clock
    finally:
        timer_module.datetime = real


# ---------------------------------------------------------------------------------------------
# The case
# ---------------------------------------------------------------------------------------------
class Case:
    """One lifecycle instance driven in memory."""

    def __init__(self, clock, data=None, process_id=MAIN, system=DEFAULT_SYSTEM):
        spec, subs = load_specs(process_id)
        self.clock = clock
        self.system = system  # the indicator system the engine gives at creation approval
        self.wf = BpmnWorkflow(spec, subs, script_engine=script_engine())
        start = self.wf.get_tasks(state=TaskState.READY)[0]
        start.data.update(copy.deepcopy(ENGINE_DATA))
        start.data.update(data or {})
        self.history = []
        self.step()

    # -- moving the workflow ------------------------------------------------------------------
    def step(self):
        self.wf.do_engine_steps()
        self.wf.refresh_timers()
        self.wf.do_engine_steps()
        pruning.prune(self.wf)  # as the engine does before it saves a case
        # the conventions: every ready user task and waiting event names the case stage
        for name, stage in self.stages():
            assert stage, f'{name} is ready or waiting without a stage property'

    def ready(self, name=None, lane=None):
        tasks = self.wf.get_tasks(state=TaskState.READY, manual=True)
        return [t for t in tasks
                if (name is None or t.task_spec.bpmn_id == name or t.task_spec.name == name)
                and (lane is None or t.task_spec.lane == lane)]

    def ready_names(self):
        return sorted(t.task_spec.bpmn_id for t in self.ready())

    def task(self, name, assignee=None):
        tasks = self.ready(name)
        if assignee is not None:
            prop = properties(tasks[0].task_spec).get('assignee') if tasks else None
            tasks = [t for t in tasks if prop and t.data.get(prop) == assignee]
        assert tasks, f'{name} is not ready; ready: {self.ready_names()}'
        assert len(tasks) == 1, f'{len(tasks)} ready tasks named {name}'
        return tasks[0]

    def complete(self, name, form_data, assignee=None):
        """Validate form_data against the task's form and complete the task."""
        return self.complete_task(self.task(name, assignee), form_data)

    def complete_task(self, task, form_data):
        form = properties(task.task_spec)['form']
        validate_form(form, form_data, self.system)
        data = copy.deepcopy(form_data)
        if form == 'creation_approval' and data.get('decision') == 'approve':
            data['indicator_system'] = self.system
        if form == 'supervision_decision':  # the dates engine.casework.sanctions computes
            if data.get('decision') in ('interview', 'warning'):
                data['rectification_due'] = (self.clock.now + timedelta(days=30)).isoformat()
            if data.get('decision') == 'revocation':  # ~10 working days, without the calendar
                data['statement_period_end'] = (self.clock.now + timedelta(days=14)).isoformat()
                data['revocation_raised_by'] = task.task_spec.bpmn_id
        schema = load_form(form, self.system)
        if sheets.source_of(schema):  # computed results, as engine.scoring.records adds them
            data.update(sheets.derive(schema, indicator_system(self.system), data, task.data).task_data)
        task.set_data(**data)
        task.run()
        self.history.append((task.task_spec.bpmn_id, form_data))
        self.step()
        return task

    def advance(self, **kwargs):
        """Move the clock forward and fire what is due, as the scheduler would."""
        self.clock.advance(**kwargs)
        self.step()

    def advance_to(self, when):
        self.clock.now = when
        self.step()

    def send_objection(self, payload):
        event = BpmnEvent(MessageEventDefinition('objection'), payload)
        self.wf.catch(event)
        self.step()

    # -- reading the state --------------------------------------------------------------------
    def waiting_events(self):
        return [t for t in self.wf.get_tasks(state=TaskState.WAITING)
                if hasattr(t.task_spec, 'event_definition')]

    def timers(self):
        return [t for t in self.waiting_events()
                if isinstance(t.task_spec.event_definition, TimerEventDefinition)]

    def next_timer_at(self):
        values = []
        for t in self.timers():
            value = t._get_internal_data('event_value')
            if value is not None:
                values.append(TimerEventDefinition.get_datetime(value))
        return min(values) if values else None

    def stages(self):
        """Stage of every ready user task and waiting event, oldest first."""
        tasks = self.ready() + self.waiting_events()
        tasks.sort(key=lambda t: t.last_state_change)
        return [(t.task_spec.bpmn_id, properties(t.task_spec).get('stage')) for t in tasks]

    @property
    def stage(self):
        if self.wf.is_completed():
            return self.final_stage()
        for _, stage in self.stages():
            if stage:
                return stage
        return None

    def final_stage(self):
        ends = [t for t in self.wf.tasks.values()
                if t.state == TaskState.COMPLETED and isinstance(t.task_spec, EndEvent)]
        ends = [t for t in ends if properties(t.task_spec).get('stage')]
        assert len(ends) == 1, [t.task_spec.bpmn_id for t in ends]
        return properties(ends[0].task_spec)['stage']

    @property
    def completed(self):
        return self.wf.is_completed()

    @property
    def data(self):
        if self.wf.is_completed():
            return self.wf.data
        return self.wf.last_task.data if self.wf.last_task else {}

    def task_count(self):
        return len(self.wf.get_tasks()) + sum(len(sp.get_tasks()) for sp in self.wf.subprocesses.values())


def all_user_task_specs(process_id=MAIN):
    spec, subs = load_specs(process_id)
    for pspec in [spec] + list(subs.values()):
        for ts in pspec.task_specs.values():
            if isinstance(ts, UserTask):
                yield pspec.name, ts


def roundtrip(case):
    """Serialize and reload the workflow like the engine does between requests (SPIFF_CONFIG)."""
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
    from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    text = serializer.serialize_json(case.wf)
    case.wf = serializer.deserialize_json(text)
    case.wf.script_engine = script_engine()
    return len(text)


# ---------------------------------------------------------------------------------------------
# Valid form submissions (each test overrides what it needs)
# ---------------------------------------------------------------------------------------------
def application_form(**over):
    data = {
        'contact_person': '王敏', 'contact_phone': '0359-2021234',
        'condition_platform_economy': '已出台平台经济发展规划和支持政策，电商交易额年均增长12%。',
        'condition_platform_economy_evidence': ['att-101'],
        'condition_regulation': '建立网络市场监管联席会议机制，12315投诉按时办结率99.5%。',
        'condition_regulation_evidence': ['att-102'],
        'condition_innovation': '探索直播电商信用分级监管。',
        'condition_innovation_evidence': ['att-103'],
        'plan_summary': '三年创建方案：5项重点任务，21项具体措施。',
        'creation_plan': ['att-100'],
        'creation_period': 'P2Y',
    }
    data.update(over)
    return data


def indicator_scores(group_scores, system=DEFAULT_SYSTEM):
    """Per-indicator scores ({"1": 3, ...}) giving each group the wanted score, filling the
    indicators of a group in order; groups not named get full marks."""
    s = indicator_system(system)
    scores = {}
    for g in s.groups:
        left = Decimal(str(group_scores.get(g['number'], g['max'])))
        for ind in s.indicators_of(g['number']):
            take = min(left, Decimal(str(ind['max'])))
            scores[str(ind['number'])] = sheets.num(take)
            left -= take
        assert left == 0, f'{left} left over in group {g["number"]}'
    return scores


def spread_total(total, system=DEFAULT_SYSTEM):
    """Group scores in proportion to the group maxima (halves), adding up to `total`."""
    s = indicator_system(system)
    groups = {g['number']: (Decimal(str(g['max'])) * Decimal(str(total)) / 100 * 2).to_integral_value() / 2
              for g in s.groups}
    last = s.groups[-1]['number']
    groups[last] += Decimal(str(total)) - sum(groups.values())
    return groups


QUALIFIED = {'2024-draft': {1: 18, 2: 27, 3: 26, 4: 17}, '2022-trial': {1: 18, 2: 22, 3: 18, 4: 17, 5: 13}}
NOT_QUALIFIED = {'2024-draft': {1: 15, 2: 22, 3: 24, 4: 14}, '2022-trial': {1: 15, 2: 18, 3: 15, 4: 15, 5: 12}}


def self_assessment_form(qualified=True, system=DEFAULT_SYSTEM, groups=None, **over):
    """Scores per indicator with evidence for each scored one (88 qualifies, 75 does not)."""
    groups = groups or (QUALIFIED if qualified else NOT_QUALIFIED)[system]
    scores = indicator_scores(groups, system)
    data = {'self_scores': scores,
            'indicator_evidence': {k: [f'att-3{k.zfill(2)}'] for k, v in scores.items() if v > 0},
            'self_assessment_report': ['att-300']}
    data.update(over)
    return data


def evaluation_application_form(**over):
    data = {'application_summary': '创建方案任务全部完成。',
            'contact_person': '王敏', 'contact_phone': '0359-2021234'}
    data.update(over)
    return data


def expert_scoring_form(total=88, system=DEFAULT_SYSTEM, **over):
    """An expert's scores per indicator adding up to `total`, spread over the groups."""
    data = {'indicator_scores': indicator_scores(spread_total(total, system), system),
            'expert_opinion': '材料翔实，成效明显。'}
    data.update(over)
    return data


def objection(n):
    return {'id': n, 'name': f'公众{n}', 'contact': f'1380000000{n}', 'content': f'异议内容{n}',
            'received_at': '2028-02-10T10:00:00+08:00'}


SUPERVISION_RECORD = {'record_kind': 'check', 'finding': 'normal', 'occurred_on': '2029-05-01',
                      'description': '年度督促检查，工作正常。'}


# ---------------------------------------------------------------------------------------------
# Walking a case to a given point
# ---------------------------------------------------------------------------------------------
def to_creation(case, period='P2Y'):
    case.complete('application', application_form(creation_period=period))
    case.complete('initial_review', {'decision': 'pass'})
    case.complete('recommendation', {'decision': 'recommend', 'rank': 1, 'reasons': '材料完整，基础较好。'})
    if case.ready('period_exception'):
        case.complete('period_exception', {'decision': 'grant', 'reasons': '特大城市，任务量大。'})
    case.complete('creation_approval', {'decision': 'approve', 'reasons': '同意创建。'})
    return case


def evaluate(case, decision='pass', experts=('expert1', 'expert2')):
    """From a ready evaluation application to the evaluation decision."""
    case.complete('evaluation_application', evaluation_application_form())
    case.complete('evaluation_prereview', {'decision': 'forward', 'prereview_opinion': '初审合格。',
                                           'methods': ['material_review', 'data_comparison', 'site_check']})
    case.complete('expert_assignment', {'experts': list(experts)})
    for name in experts:
        case.complete('expert_scoring', expert_scoring_form(88 if decision == 'pass' else 70), assignee=name)
    case.complete('evaluation_decision', {'decision': decision, 'evaluation_score': 88 if decision == 'pass' else 70,
                                          'reasons': '评估意见。'})
    return case


def reapply(case):
    """Art 17: after a first failed evaluation the applicant applies again (rather than declining)."""
    case.complete('reapplication_decision', {'decision': 'reapply', 'reasons': '整改后再次申请评估。'})
    return case


def to_evaluation(case):
    """From start to a ready evaluation application, through the end of the creation period."""
    to_creation(case)
    case.advance(days=2 * 366)
    case.complete('self_assessment', self_assessment_form())
    return case


def publish(case):
    case.complete('notice_publication', {'notice_title': '示范区建议名单公示', 'notice_content': '公示内容。'})
    return case


def to_notice(case):
    to_evaluation(case)
    evaluate(case, 'pass')
    return publish(case)


RECTIFICATION_REPORT = {'problems': '网络交易投诉处理不及时。', 'measures': '建立投诉快速处置机制。',
                        'results': '投诉按期办结率提升至98%。'}


def revoke(case, decision_task='supervision_decision', reasons='骗取示范区认定。', state=True):
    """Art 22: a revocation notice, the zone states its case (or lets the period pass),
    then SAMR revokes once the period has ended."""
    case.complete(decision_task, {'decision': 'revocation', 'reasons': reasons})
    if state:
        case.complete('revocation_statement', {'statement': '已整改，请求不予取消。'})
    case.advance(days=15)
    case.complete('revocation_decision', {'decision': 'revoke', 'reasons': reasons})
    return case


def to_supervision(case):
    to_notice(case)
    case.advance(days=16)
    case.complete('certification', {'certified_on': '2028-03-01'})
    return case
