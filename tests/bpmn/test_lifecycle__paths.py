"""Every branch of the lifecycle, driven in memory with plain SpiffWorkflow.

Each submitted form is validated against its JSON Schema (Case.complete); timers fire by moving a
fake clock and refreshing the timers; objections arrive as the BPMN message `objection`."""
from datetime import UTC, datetime, timedelta, timezone

import jsonschema
import pytest

from tests.helpers.lifecycle_driver import (
    CST,
    RECTIFICATION_REPORT,
    SUPERVISION_RECORD,
    Case,
    application_form,
    evaluate,
    evaluation_application_form,
    expert_scoring_form,
    objection,
    publish,
    reapply,
    revoke,
    self_assessment_form,
    to_creation,
    to_evaluation,
    to_notice,
    to_supervision,
    validate_form,
)


@pytest.fixture
def case(clock):
    return Case(clock)


def stage_of(case, name):
    return dict(case.stages())[name]


def assert_closed(case, stage):
    assert case.completed, case.ready_names()
    assert case.stage == stage
    assert case.ready() == [] and case.waiting_events() == []


# ---------------------------------------------------------------------------------------------
# Art 5-8: application, initial review, amendment
# ---------------------------------------------------------------------------------------------
def test_application_then_initial_review_by_the_province(case):
    assert case.ready_names() == ['application'] and case.stage == 'application'
    assert case.task('application').task_spec.lane == 'applicant'
    case.complete('application', application_form())
    review = case.task('initial_review')
    assert review.task_spec.lane == 'province' and case.stage == 'initial_review'
    assert review.data['creation_period'] == 'P2Y'
    assert review.data['notice_period'] == 'P15D'  # engine data is visible everywhere


def test_application_form_records_the_three_conditions_with_evidence():
    data = application_form()
    del data['condition_innovation_evidence']
    with pytest.raises(jsonschema.ValidationError):
        validate_form('creation_application', data)


def test_initial_review_reject_ends_rejected(case):
    case.complete('application', application_form())
    case.complete('initial_review', {'decision': 'reject', 'reasons': '申报主体不符合第五条。'})
    assert_closed(case, 'rejected')
    assert case.data['application_outcome'] == 'rejected'


def test_return_then_resubmit_goes_back_to_the_same_review(case):
    case.complete('application', application_form())
    case.complete('initial_review', {'decision': 'return', 'reasons': '缺少佐证材料。',
                                     'amend_deadline': '2026-02-10'})
    amendment = case.task('amendment')
    assert amendment.task_spec.lane == 'applicant'
    assert stage_of(case, 'amendment') == 'initial_review'
    assert stage_of(case, 'amendment_deadline_passed') == 'initial_review'
    # the deadline is the end of the given day in Beijing time
    assert case.next_timer_at() == datetime(2026, 2, 10, 15, 59, 59, tzinfo=UTC)
    case.complete('amendment', {'decision': 'resubmit', 'amendment_notes': '已补充佐证材料。',
                                'condition_innovation_evidence': ['att-103', 'att-104'],
                                'creation_period': 'P30M'})
    review = case.task('initial_review')
    assert case.timers() == []
    assert review.data['creation_period'] == 'P30M'
    assert review.data['condition_innovation_evidence'] == ['att-103', 'att-104']
    # a second return works the same way
    case.complete('initial_review', {'decision': 'return', 'reasons': '仍缺材料。', 'amend_deadline': '2026-03-10'})
    case.complete('amendment', {'decision': 'resubmit', 'amendment_notes': '已补充。'})
    case.complete('initial_review', {'decision': 'pass'})
    assert case.ready_names() == ['recommendation'] and case.stage == 'recommendation'


def test_applicant_withdraws_during_amendment(case):
    case.complete('application', application_form())
    case.complete('initial_review', {'decision': 'return', 'reasons': '缺材料。', 'amend_deadline': '2026-02-10'})
    case.complete('amendment', {'decision': 'withdraw'})
    assert_closed(case, 'withdrawn')
    assert case.data['withdrawn_reason'] == 'applicant'


def test_missed_amendment_deadline_ends_withdrawn(case, clock):
    case.complete('application', application_form())
    case.complete('initial_review', {'decision': 'return', 'reasons': '缺材料。', 'amend_deadline': '2026-02-10'})
    case.advance_to(datetime(2026, 2, 10, 23, 59, 0, tzinfo=CST))
    assert case.ready_names() == ['amendment']
    case.advance(minutes=2)
    assert_closed(case, 'withdrawn')
    assert case.data['withdrawn_reason'] == 'deadline_missed'


def test_return_needs_reasons_and_a_deadline():
    with pytest.raises(jsonschema.ValidationError):
        validate_form('initial_review', {'decision': 'return', 'reasons': '缺材料。'})
    with pytest.raises(jsonschema.ValidationError):
        validate_form('initial_review', {'decision': 'reject'})


# ---------------------------------------------------------------------------------------------
# Art 8-9: recommendation, creation approval, the 3-year rule
# ---------------------------------------------------------------------------------------------
def test_not_recommended_ends_the_case(case):
    case.complete('application', application_form())
    case.complete('initial_review', {'decision': 'pass'})
    task = case.task('recommendation')
    assert task.task_spec.lane == 'province'
    case.complete('recommendation', {'decision': 'not_recommend', 'reasons': '本批次名额有限，排序靠后。'})
    assert_closed(case, 'not_recommended')


def test_recommendation_needs_a_rank_of_at_least_one():
    with pytest.raises(jsonschema.ValidationError):
        validate_form('recommendation', {'decision': 'recommend', 'reasons': '好'})
    with pytest.raises(jsonschema.ValidationError):
        validate_form('recommendation', {'decision': 'recommend', 'rank': 0, 'reasons': '好'})
    validate_form('recommendation', {'decision': 'recommend', 'rank': 3, 'reasons': '好'})


def test_samr_declines_creation(case):
    case.complete('application', application_form())
    case.complete('initial_review', {'decision': 'pass'})
    case.complete('recommendation', {'decision': 'recommend', 'rank': 2, 'reasons': '基础较好。'})
    task = case.task('creation_approval')
    assert task.task_spec.lane == 'samr' and case.stage == 'approval'
    case.complete('creation_approval', {'decision': 'decline', 'reasons': '创建基础不足。'})
    assert_closed(case, 'declined')


def test_approval_starts_the_creation_period_timer(case, clock):
    to_creation(case, 'P2Y')
    assert case.ready_names() == ['creation_report']
    assert case.stage == 'creation'
    assert stage_of(case, 'creation_period_ends') == 'creation'
    assert case.next_timer_at() == datetime(2028, 1, 5, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize('period,exceeds', [
    ('P2Y', False), ('P3Y', False), ('P36M', False), ('P1095D', False), ('P2Y12M', False),
    ('P1097D', True), ('P3Y1M', True), ('P37M', True), ('P4Y', True),
])
def test_period_is_compared_with_max_creation_period(case, period, exceeds):
    case.complete('application', application_form(creation_period=period))
    case.complete('initial_review', {'decision': 'pass'})
    case.complete('recommendation', {'decision': 'recommend', 'rank': 1, 'reasons': '好'})
    assert case.ready_names() == (['period_exception'] if exceeds else ['creation_approval'])


def test_longer_period_with_samr_exception_granted(case, clock):
    case.complete('application', application_form(creation_period='P4Y'))
    case.complete('initial_review', {'decision': 'pass'})
    case.complete('recommendation', {'decision': 'recommend', 'rank': 1, 'reasons': '好'})
    task = case.task('period_exception')
    assert task.task_spec.lane == 'samr' and case.stage == 'approval'
    case.complete('period_exception', {'decision': 'grant', 'reasons': '跨区域协同创建，任务量大。'})
    case.complete('creation_approval', {'decision': 'approve'})
    assert case.next_timer_at() == datetime(2030, 1, 5, 1, 0, tzinfo=UTC)


def test_longer_period_without_exception_is_capped(case, clock):
    case.complete('application', application_form(creation_period='P42M'))
    case.complete('initial_review', {'decision': 'pass'})
    case.complete('recommendation', {'decision': 'recommend', 'rank': 1, 'reasons': '好'})
    case.complete('period_exception', {'decision': 'cap', 'reasons': '一般不超过3年。'})
    assert case.task('creation_approval').data['creation_period'] == 'P3Y'
    case.complete('creation_approval', {'decision': 'approve'})
    assert case.next_timer_at() == datetime(2029, 1, 5, 1, 0, tzinfo=UTC)


def test_max_creation_period_comes_from_case_data(clock):
    case = Case(clock, {'max_creation_period': 'P2Y'})
    case.complete('application', application_form(creation_period='P30M'))
    case.complete('initial_review', {'decision': 'pass'})
    case.complete('recommendation', {'decision': 'recommend', 'rank': 1, 'reasons': '好'})
    assert case.ready_names() == ['period_exception']


# ---------------------------------------------------------------------------------------------
# Art 10, 12, 19: creation period, reports, self-assessment
# ---------------------------------------------------------------------------------------------
def report(case, kind, title):
    case.complete('creation_report', {'action': 'report', 'report_kind': kind, 'report_title': title,
                                      'report_content': title + '的详细内容。', 'attachments': ['att-7']})


def test_reports_can_be_filed_any_time_without_moving_the_period_end(case, clock):
    to_creation(case)
    due = case.next_timer_at()
    for days, kind in ((30, 'progress'), (200, 'highlight'), (300, 'progress')):
        case.advance(days=days)
        report(case, kind, f'{kind} {days}')
        assert case.ready_names() == ['creation_report'] and case.stage == 'creation'
        assert case.next_timer_at() == due
    assert [r['kind'] for r in case.task('creation_report').data['creation_reports']] == \
        ['progress', 'highlight', 'progress']
    with pytest.raises(jsonschema.ValidationError):
        validate_form('creation_report', {'action': 'report', 'report_kind': 'progress'})


def test_period_end_interrupts_creation_and_asks_for_self_assessment(case, clock):
    to_creation(case)
    case.advance(days=2 * 365)
    assert case.ready_names() == ['creation_report']
    case.advance(days=2)
    assert case.ready_names() == ['self_assessment'] and case.stage == 'self_assessment'
    assert case.task('self_assessment').task_spec.lane == 'applicant'
    assert case.timers() == []


def test_self_assessment_not_qualified_at_period_end_lapses(case, clock):
    to_creation(case)
    case.advance(days=800)
    case.complete('self_assessment', self_assessment_form(qualified=False))
    assert_closed(case, 'lapsed')


def test_qualified_self_assessment_at_period_end_opens_the_evaluation_application(case, clock):
    to_creation(case)
    case.advance(days=800)
    case.complete('self_assessment', self_assessment_form())
    assert case.ready_names() == ['evaluation_application'] and case.stage == 'self_assessment'
    assert case.data['evaluation_attempts'] == 1


def test_early_self_assessment_not_qualified_keeps_the_case_in_creation(case, clock):
    to_creation(case)
    due = case.next_timer_at()
    case.advance(days=400)
    case.complete('creation_report', {'action': 'self_assess'})
    assert case.ready_names() == ['early_consent'] and case.stage == 'creation'  # Art 12: SAMR consents first
    assert case.task('early_consent').task_spec.lane == 'samr'
    case.complete('early_consent', {'decision': 'consent'})
    assert case.ready_names() == ['early_self_assessment']
    assert stage_of(case, 'early_self_assessment') == 'self_assessment'
    case.complete('early_self_assessment', self_assessment_form(qualified=False))
    assert case.ready_names() == ['creation_report'] and case.stage == 'creation'
    assert case.next_timer_at() == due
    report(case, 'highlight', '整改后亮点')
    assert case.ready_names() == ['creation_report']


def test_early_qualified_self_assessment_ends_the_period_and_goes_to_evaluation(case, clock):
    to_creation(case)
    case.advance(days=500)
    case.complete('creation_report', {'action': 'self_assess'})
    case.complete('early_consent', {'decision': 'consent'})
    case.complete('early_self_assessment', self_assessment_form())
    assert case.ready_names() == ['evaluation_application']
    assert case.timers() == []
    case.advance(days=400)  # the old period end passes: nothing fires
    assert case.ready_names() == ['evaluation_application']


def test_samr_refusing_an_early_self_assessment_keeps_the_case_in_creation(case, clock):
    to_creation(case)
    due = case.next_timer_at()
    case.advance(days=200)
    case.complete('creation_report', {'action': 'self_assess'})
    case.complete('early_consent', {'decision': 'refuse', 'reasons': '创建任务尚未过半，请继续推进。'})
    assert case.ready_names() == ['creation_report'] and case.stage == 'creation'
    assert case.next_timer_at() == due


def test_period_ending_during_an_early_self_assessment_lets_the_final_one_decide(case, clock):
    to_creation(case)
    case.advance(days=700)
    case.complete('creation_report', {'action': 'self_assess'})
    case.advance(days=40)
    assert case.ready_names() == ['self_assessment']


# ---------------------------------------------------------------------------------------------
# Art 13-14, 17: evaluation pre-review, experts, decision, re-application
# ---------------------------------------------------------------------------------------------
def test_prereview_return_goes_back_to_the_applicant(case, clock):
    to_evaluation(case)
    case.complete('evaluation_application', evaluation_application_form())
    task = case.task('evaluation_prereview')
    assert task.task_spec.lane == 'province' and case.stage == 'evaluation_prereview'
    case.complete('evaluation_prereview', {'decision': 'return', 'prereview_opinion': '数据比对不一致。',
                                           'reasons': '交易额数据与统计局数据不符。'})
    assert case.ready_names() == ['evaluation_application'] and case.stage == 'self_assessment'
    case.complete('evaluation_application', evaluation_application_form(application_summary='已更正数据。'))
    case.complete('evaluation_prereview', {'decision': 'forward', 'prereview_opinion': '初审合格。'})
    assert case.ready_names() == ['expert_assignment'] and case.stage == 'evaluation'


def test_prereview_rejection_is_a_failed_evaluation(case, clock):
    to_evaluation(case)
    case.complete('evaluation_application', evaluation_application_form())
    case.complete('evaluation_prereview', {'decision': 'reject', 'prereview_opinion': '初审不合格。',
                                           'reasons': '规范监管类指标明显未达到评估指标体系要求。'})
    assert case.ready_names() == ['reapplication_decision'] and case.stage == 'self_assessment'
    data = case.task('reapplication_decision').data
    assert (data['evaluation_result'], data['failure_cause']) == ('fail', 'prereview_rejected')
    assert data['evaluation_attempts'] == 1


def test_each_expert_scores_in_their_own_task_then_samr_decides(case, clock):
    to_evaluation(case)
    case.complete('evaluation_application', evaluation_application_form())
    case.complete('evaluation_prereview', {'decision': 'forward', 'prereview_opinion': '初审合格。'})
    with pytest.raises(jsonschema.ValidationError):
        validate_form('expert_assignment', {'experts': ['expert1']})
    case.complete('expert_assignment', {'experts': ['expert1', 'expert2', 'expert3']})
    tasks = case.ready('expert_scoring')
    assert len(tasks) == 3
    assert sorted(t.data['expert'] for t in tasks) == ['expert1', 'expert2', 'expert3']
    assert {t.task_spec.lane for t in tasks} == {'expert'}
    assert {stage_of(case, 'expert_scoring')} == {'evaluation'}
    too_high = expert_scoring_form(88)
    too_high['indicator_scores']['3'] = 6  # indicator 3 of the 2024 draft is worth 5
    with pytest.raises(jsonschema.ValidationError):
        validate_form('expert_scoring', too_high)
    for name, total in (('expert2', 90), ('expert3', 86), ('expert1', 85)):
        case.complete('expert_scoring', expert_scoring_form(total, expert_opinion=f'{name} 意见'), assignee=name)
    decision = case.task('evaluation_decision')
    assert decision.task_spec.lane == 'samr'
    scores = decision.data['expert_scores']
    # Spiff 3.2 appends to the output collection in completion order: each item names its expert
    assert [s['expert'] for s in scores] == ['expert2', 'expert3', 'expert1']
    assert {s['expert']: s['score_total'] for s in scores} == {'expert1': 85, 'expert2': 90, 'expert3': 86}
    assert decision.data['expert_score_average'] == 87.0
    case.complete('evaluation_decision', {'decision': 'pass', 'reasons': '评估合格。'})
    # the consolidated score is the experts' mean per indicator (rounded to hundredths)
    assert abs(case.task('notice_publication').data['evaluation_score'] - 87) < 0.05
    assert case.ready_names() == ['notice_publication'] and case.stage == 'evaluation'


def test_first_failure_allows_one_reapplication_in_the_next_round(case, clock):
    to_evaluation(case)
    evaluate(case, 'fail')
    assert case.ready_names() == ['reapplication_decision'] and case.stage == 'self_assessment'
    assert case.data['evaluation_attempts'] == 1
    reapply(case)
    assert case.ready_names() == ['self_assessment']
    case.advance(days=300)  # the next evaluation round
    case.complete('self_assessment', self_assessment_form())
    evaluate(case, 'pass', experts=('expert2', 'expert3'))
    assert case.task('notice_publication').data['expert_scores'][0]['expert'] == 'expert2'
    assert case.data['evaluation_attempts'] == 2


def test_after_a_first_failure_the_applicant_may_decline_to_reapply(case, clock):
    to_evaluation(case)
    evaluate(case, 'fail')
    case.complete('reapplication_decision', {'decision': 'decline', 'reasons': '条件尚不成熟，暂不再次申请。'})
    assert_closed(case, 'failed')


def test_second_failure_ends_failed(case, clock):
    to_evaluation(case)
    evaluate(case, 'fail')
    reapply(case)
    case.complete('self_assessment', self_assessment_form())
    evaluate(case, 'fail')
    assert_closed(case, 'failed')


def test_reapplication_without_a_qualifying_self_assessment_ends_failed(case, clock):
    to_evaluation(case)
    evaluate(case, 'fail')
    reapply(case)
    case.complete('self_assessment', self_assessment_form(qualified=False))
    assert_closed(case, 'failed')


# ---------------------------------------------------------------------------------------------
# Art 15-16: public notice, objections, certification
# ---------------------------------------------------------------------------------------------
def test_notice_runs_from_publication_for_notice_period_then_certification(case, clock):
    to_evaluation(case)
    evaluate(case, 'pass')
    case.advance(days=3)  # SAMR publishes later than the decision
    assert case.timers() == []
    published = clock.now
    publish(case)
    assert case.stage == 'public_notice' and case.ready_names() == []
    assert stage_of(case, 'notice_timer') == 'public_notice'
    assert stage_of(case, 'objection_received') == 'public_notice'
    assert case.next_timer_at() == published + timedelta(days=15)
    case.advance(days=14, hours=23)
    assert case.stage == 'public_notice'
    case.advance(hours=2)
    assert case.ready_names() == ['certification'] and case.stage == 'certification'
    assert case.task('certification').task_spec.lane == 'samr'
    assert case.data.get('notice_outcome') == 'no_upheld_objection'


def test_notice_period_comes_from_case_data(clock):
    case = Case(clock, {'notice_period': 'P10D'})
    to_notice(case)
    case.advance(days=10, minutes=1)
    assert case.ready_names() == ['certification']


def test_each_objection_becomes_a_samr_verification_task(case, clock):
    to_notice(case)
    case.advance(days=2)
    case.send_objection(objection(1))
    case.advance(days=3)
    case.send_objection(objection(2))
    case.send_objection(objection(3))
    tasks = case.ready('objection_verification')
    assert sorted(t.data['objection']['id'] for t in tasks) == [1, 2, 3]
    assert {t.task_spec.lane for t in tasks} == {'samr'}
    assert case.stage == 'public_notice'
    for task in tasks:
        case.complete_task(task, {'decision': 'dismissed', 'verification_findings': '经核实与事实不符。',
                                  'reasons': '异议不成立。'})
    assert case.ready_names() == [] and case.stage == 'public_notice'
    case.advance(days=11)
    assert case.ready_names() == ['certification']


def test_certification_waits_for_verifications_still_open_at_notice_end(case, clock):
    to_notice(case)
    case.advance(days=14)
    case.send_objection(objection(1))
    case.advance(days=2)
    assert case.ready_names() == ['objection_verification'] and case.stage == 'public_notice'
    assert case.timers() == []
    case.complete('objection_verification', {'decision': 'dismissed', 'verification_findings': '不属实。',
                                             'reasons': '异议不成立。'})
    assert case.ready_names() == ['certification']


def test_objections_outside_the_notice_are_not_caught(case, clock):
    to_evaluation(case)
    evaluate(case, 'pass')
    case.send_objection(objection(1))  # not yet published
    assert case.ready_names() == ['notice_publication']
    publish(case)
    case.advance(days=16)
    case.send_objection(objection(2))  # notice over
    assert case.ready_names() == ['certification']


def test_upheld_objection_stops_certification_and_counts_as_a_failed_evaluation(case, clock):
    to_notice(case)
    case.send_objection(objection(1))
    case.send_objection(objection(2))
    first = next(t for t in case.ready('objection_verification') if t.data['objection']['id'] == 1)
    case.complete_task(first, {'decision': 'upheld', 'verification_findings': '经核实，申报数据造假。',
                               'reasons': '异议成立。'})
    # the notice is over at once: no timer, no listener, the other verification is cancelled
    assert case.ready_names() == ['reapplication_decision'] and case.stage == 'self_assessment'
    assert case.timers() == [] and case.waiting_events() == []
    data = case.task('reapplication_decision').data
    assert data['failure_cause'] == 'objection_upheld'
    assert data['upheld_objection']['id'] == 1
    case.send_objection(objection(3))
    assert case.ready_names() == ['reapplication_decision']


def test_upheld_objection_on_the_second_attempt_ends_failed(case, clock):
    to_evaluation(case)
    evaluate(case, 'fail')
    reapply(case)
    case.complete('self_assessment', self_assessment_form())
    evaluate(case, 'pass')
    publish(case)
    case.send_objection(objection(1))
    case.complete('objection_verification', {'decision': 'upheld', 'verification_findings': '属实。',
                                             'reasons': '异议成立。'})
    assert_closed(case, 'failed')


# ---------------------------------------------------------------------------------------------
# Art 16, 22: certification and supervision for life
# ---------------------------------------------------------------------------------------------
def test_certified_zone_enters_supervision(case, clock):
    to_supervision(case)
    assert case.stage == 'supervision'
    tasks = {t.task_spec.bpmn_id: t.task_spec.lane for t in case.ready()}
    assert tasks == {'supervision_check': 'samr', 'province_supervision': 'province'}
    assert case.timers() == []


@pytest.mark.parametrize('finding,decision', [
    ('normal', 'none'), ('decline', 'interview'), ('major_incident', 'warning'),
])
def test_samr_checks_loop_until_revocation(case, clock, finding, decision):
    to_supervision(case)
    for _year in range(3):
        case.complete('supervision_check', {**SUPERVISION_RECORD, 'finding': finding})
        assert case.ready_names() == ['province_supervision', 'supervision_decision']
        form = {'decision': decision}
        if decision != 'none':
            form['reasons'] = '依据第二十二条。'
        case.complete('supervision_decision', form)
        if decision != 'none':  # the zone reports its rectification before the next check
            assert case.ready_names() == ['province_supervision', 'rectification_report']
            case.complete('rectification_report', RECTIFICATION_REPORT)
        assert case.ready_names() == ['province_supervision', 'supervision_check']
        assert case.stage == 'supervision'
    case.complete('supervision_check', {**SUPERVISION_RECORD, 'record_kind': 'incident', 'finding': 'fraud'})
    case.complete('supervision_decision', {'decision': 'revocation', 'reasons': '骗取示范区认定。'})
    # first the notice and the period to state the case; the province's supervision goes on meanwhile
    assert case.ready_names() == ['province_supervision', 'revocation_statement']
    case.advance(days=15)  # the period ends without a statement: SAMR decides
    assert case.ready_names() == ['province_supervision', 'revocation_decision']
    case.complete('revocation_decision', {'decision': 'revoke', 'reasons': '骗取示范区认定。'})
    assert_closed(case, 'revoked')
    assert case.data['supervision_outcome'] == 'revoked'


def test_province_records_go_to_samr_which_may_revoke(case, clock):
    to_supervision(case)
    case.complete('province_supervision', {**SUPERVISION_RECORD, 'record_kind': 'incident',
                                           'finding': 'major_incident'})
    task = case.task('supervision_decision_province')
    assert task.task_spec.lane == 'samr'
    assert task.data['finding'] == 'major_incident'
    # SAMR's own checks go on meanwhile
    case.complete('supervision_check', SUPERVISION_RECORD)
    case.complete('supervision_decision', {'decision': 'none'})
    revoke(case, 'supervision_decision_province', '重大事件，影响恶劣。')
    assert_closed(case, 'revoked')


def test_a_revocation_not_decided_leaves_supervision_going(case, clock):
    to_supervision(case)
    case.complete('supervision_check', {**SUPERVISION_RECORD, 'finding': 'decline'})
    case.complete('supervision_decision', {'decision': 'revocation', 'reasons': '工作明显下滑。'})
    case.complete('revocation_statement', {'statement': '已整改到位。'})
    case.advance(days=15)
    case.complete('revocation_decision', {'decision': 'not_revoke', 'reasons': '整改到位，不予取消。'})
    assert case.ready_names() == ['province_supervision', 'supervision_check']  # back to SAMR's checks
    assert case.stage == 'supervision'
    case.complete('province_supervision', {**SUPERVISION_RECORD, 'finding': 'decline'})
    case.complete('supervision_decision_province', {'decision': 'revocation', 'reasons': '工作明显下滑。'})
    case.advance(days=15)
    case.complete('revocation_decision', {'decision': 'not_revoke', 'reasons': '不予取消。'})
    assert case.ready_names() == ['province_supervision', 'supervision_check']  # back to the province's


def test_supervision_does_not_grow_with_time_or_records(case, clock):
    to_supervision(case)
    idle = case.task_count()
    for _ in range(30):  # 30 years without any record: nothing grows
        case.advance(days=365)
    assert case.task_count() == idle
    for year in range(30):  # then 30 years with a SAMR check and a provincial record each
        case.complete('supervision_check', SUPERVISION_RECORD)
        case.complete('supervision_decision', {'decision': 'none'})
        case.complete('province_supervision', SUPERVISION_RECORD)
        case.complete('supervision_decision_province', {'decision': 'warning', 'reasons': '约谈后仍未整改。'})
        case.complete('rectification_report_province', RECTIFICATION_REPORT)
        assert case.task_count() <= idle, f"year {year + 1}"  # finished iterations are pruned
    # the checks are loop iterations inside the one zone_supervision instance, not new calls,
    # and the called processes that have ended (application … notice) are gone
    assert [sp.spec.name for sp in case.wf.subprocesses.values()] == ['zone_supervision']
    assert case.ready('province_supervision')[0].data['decision'] == 'warning'  # the last record's data stays


def test_full_lifecycle_stage_sequence(case, clock):
    seen = [case.stage]

    def note():
        if case.stage != seen[-1]:
            seen.append(case.stage)

    case.complete('application', application_form()); note()
    case.complete('initial_review', {'decision': 'pass'}); note()
    case.complete('recommendation', {'decision': 'recommend', 'rank': 1, 'reasons': '好'}); note()
    case.complete('creation_approval', {'decision': 'approve'}); note()
    case.advance(days=800); note()
    case.complete('self_assessment', self_assessment_form()); note()
    case.complete('evaluation_application', evaluation_application_form()); note()
    case.complete('evaluation_prereview', {'decision': 'forward', 'prereview_opinion': '合格'}); note()
    case.complete('expert_assignment', {'experts': ['expert1', 'expert2']}); note()
    for name in ('expert1', 'expert2'):
        case.complete('expert_scoring', expert_scoring_form(89), assignee=name)
    case.complete('evaluation_decision', {'decision': 'pass', 'evaluation_score': 89, 'reasons': '合格'}); note()
    publish(case); note()
    case.advance(days=16); note()
    case.complete('certification', {'certified_on': '2028-04-01'}); note()
    case.complete('supervision_check', {**SUPERVISION_RECORD, 'finding': 'fraud'})
    revoke(case, reasons='骗取认定'); note()
    assert seen == ['application', 'initial_review', 'recommendation', 'approval', 'creation',
                    'self_assessment', 'evaluation_prereview', 'evaluation', 'public_notice',
                    'certification', 'supervision', 'revoked']
