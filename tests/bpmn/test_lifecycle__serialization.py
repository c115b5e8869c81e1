"""The lifecycle survives what the engine does between requests: serialise with SPIFF_CONFIG,
reload, re-attach the script engine; and its scripts run under the engine's own confinement."""
from tests.helpers.lifecycle_driver import (
    SUPERVISION_RECORD,
    Case,
    application_form,
    evaluate,
    expert_scoring_form,
    objection,
    publish,
    reapply,
    roundtrip,
    self_assessment_form,
    to_notice,
    to_supervision,
)


def test_reload_at_every_waiting_point_keeps_timers_and_listeners(clock):
    case = Case(clock)
    case.complete('application', application_form())
    case.complete('initial_review', {'decision': 'return', 'reasons': '缺材料。', 'amend_deadline': '2026-02-10'})
    due = case.next_timer_at()
    roundtrip(case)
    assert case.next_timer_at() == due and case.stage == 'initial_review'
    case.complete('amendment', {'decision': 'resubmit', 'amendment_notes': '已补正。'})
    case.complete('initial_review', {'decision': 'pass'})
    case.complete('recommendation', {'decision': 'recommend', 'rank': 1, 'reasons': '好'})
    case.complete('creation_approval', {'decision': 'approve'})
    due = case.next_timer_at()
    roundtrip(case)
    assert case.next_timer_at() == due and case.stage == 'creation'
    case.advance(days=800)
    case.complete('self_assessment', self_assessment_form())
    case.complete('evaluation_application', {'application_summary': '完成。', 'contact_person': '王敏',
                                             'contact_phone': '0359-2021234'})
    case.complete('evaluation_prereview', {'decision': 'forward', 'prereview_opinion': '合格。'})
    case.complete('expert_assignment', {'experts': ['expert1', 'expert2']})
    case.complete('expert_scoring', expert_scoring_form(89), assignee='expert1')
    roundtrip(case)  # one expert done, one pending
    case.complete('expert_scoring', expert_scoring_form(87), assignee='expert2')
    assert case.task('evaluation_decision').data['expert_score_average'] == 88.0
    case.complete('evaluation_decision', {'decision': 'pass', 'evaluation_score': 88, 'reasons': '合格。'})
    publish(case)
    case.send_objection(objection(1))
    roundtrip(case)  # notice timer, listener and an open verification
    case.send_objection(objection(2))
    assert len(case.ready('objection_verification')) == 2
    for task in case.ready('objection_verification'):
        case.complete_task(task, {'decision': 'dismissed', 'verification_findings': '不属实。', 'reasons': '不成立。'})
    roundtrip(case)
    case.advance(days=16)
    case.complete('certification', {'certified_on': '2028-04-01'})
    size = roundtrip(case)
    case.complete('province_supervision', SUPERVISION_RECORD)
    case.complete('supervision_decision_province', {'decision': 'none'})
    assert roundtrip(case) <= size  # the finished record left the saved state (engine/runtime/pruning.py)
    case.complete('supervision_check', {**SUPERVISION_RECORD, 'finding': 'fraud'})
    case.complete('supervision_decision', {'decision': 'revocation', 'reasons': '骗取认定。'})
    roundtrip(case)  # the period to state the case: its timer and the statement task
    case.complete('revocation_statement', {'statement': '不属实。'})
    case.advance(days=15)
    roundtrip(case)
    case.complete('revocation_decision', {'decision': 'revoke', 'reasons': '骗取认定。'})
    assert case.completed and case.stage == 'revoked'


def test_upheld_objection_after_reload(clock):
    case = Case(clock)
    to_notice(case)
    case.send_objection(objection(1))
    roundtrip(case)
    case.complete('objection_verification', {'decision': 'upheld', 'verification_findings': '属实。',
                                             'reasons': '成立。'})
    assert case.ready_names() == ['reapplication_decision']


def test_capped_period_failure_reapplication_and_upheld_objection_end_failed(clock):
    """A long path through every script of the diagrams, all under the engine's confinement."""
    case = Case(clock)
    case.complete('application', application_form(creation_period='P4Y'))
    case.complete('initial_review', {'decision': 'pass'})
    case.complete('recommendation', {'decision': 'recommend', 'rank': 1, 'reasons': '好'})
    case.complete('period_exception', {'decision': 'cap', 'reasons': '一般不超过3年。'})
    case.complete('creation_approval', {'decision': 'approve'})
    case.complete('creation_report', {'action': 'report', 'report_kind': 'highlight', 'report_title': '亮点',
                                      'report_content': '内容'})
    case.advance(days=3 * 366)
    case.complete('self_assessment', self_assessment_form())
    evaluate(case, 'fail')
    reapply(case)
    case.complete('self_assessment', self_assessment_form())
    evaluate(case, 'pass')
    publish(case)
    case.send_objection(objection(1))
    case.complete('objection_verification', {'decision': 'upheld', 'verification_findings': '属实。',
                                             'reasons': '成立。'})
    assert case.completed and case.stage == 'failed'


def test_supervision_reaches_revocation_after_reload(clock):
    case = Case(clock)
    to_supervision(case)
    roundtrip(case)
    case.complete('supervision_check', {**SUPERVISION_RECORD, 'finding': 'decline'})
    case.complete('supervision_decision', {'decision': 'revocation', 'reasons': '工作明显下滑。'})
    roundtrip(case)
    case.advance(days=15)  # nothing stated: the timer ends the period
    roundtrip(case)
    case.complete('revocation_decision', {'decision': 'revoke', 'reasons': '工作明显下滑。'})
    assert case.stage == 'revoked'
