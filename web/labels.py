"""Display names of the API vocabulary (stage codes stay English in data and API)."""
from flask_babel import lazy_gettext as _l

STAGES = {
    "application": _l("Application"), "initial_review": _l("Initial review"),
    "recommendation": _l("Recommendation"), "approval": _l("Creation approval"),
    "creation": _l("Creation"), "self_assessment": _l("Self-assessment"),
    "evaluation_prereview": _l("Evaluation pre-review"), "evaluation": _l("Evaluation"),
    "public_notice": _l("Public notice"), "certification": _l("Certification"),
    "supervision": _l("Supervision"), "rejected": _l("Rejected"), "withdrawn": _l("Withdrawn"),
    "not_recommended": _l("Not recommended"), "declined": _l("Declined"), "lapsed": _l("Lapsed"),
    "failed": _l("Failed"), "revoked": _l("Revoked"),
}


ROLES = {
    "admin": _l("Administrator"), "samr": _l("State Administration for Market Regulation"), "province": _l("Provincial market regulator"),
    "applicant": _l("Applicant (leading-group office)"), "expert": _l("Expert"), "member_unit": _l("Member unit"),
}


def role_label(code):
    return ROLES.get(code, code)


def stage_label(code):
    return STAGES.get(code, code)


# Values of enum fields in the forms ("field:value" first, then the bare value).
VALUES = {
    "pass": _l("Pass"), "return": _l("Return for amendment"), "reject": _l("Reject"),
    "resubmit": _l("Resubmit"), "withdraw": _l("Withdraw"),
    "recommend": _l("Recommend"), "not_recommend": _l("Do not recommend"),
    "approve": _l("Approve"), "decline": _l("Decline"), "grant": _l("Grant the exception"),
    "reapply": _l("Apply for evaluation again"), "consent": _l("Consent to an early self-assessment"),
    "refuse": _l("Refuse"), "cap": _l("Cap at the maximum period"), "forward": _l("Forward to SAMR"), "fail": _l("Fail"),
    "upheld": _l("Upheld"), "dismissed": _l("Dismissed"), "none": _l("No action"),
    "interview": _l("Interview"), "warning": _l("Warning"), "revocation": _l("Revocation"),
    "revoke": _l("Revoke the qualification"), "not_revoke": _l("Do not revoke"),
    "normal": _l("Normal"), "major_incident": _l("Major incident"), "fraud": _l("Fraud"),
    "finding:decline": _l("Decline in performance"), "report": _l("File a report"),
    "self_assess": _l("Apply for self-assessment"), "progress": _l("Progress report"),
    "highlight": _l("Highlight report"), "check": _l("Check"), "incident": _l("Incident"),
    "material_review": _l("Material review"), "data_comparison": _l("Data comparison"),
    "site_check": _l("Site check"), "expert_review": _l("Expert review"),
    # data the engine derives (shown beside forms and on the case page)
    "expert_score_count": _l("Number of expert scores"), "expert_score_average": _l("Average expert score"),
    "evaluation_attempts": _l("Evaluation attempts"), "evaluation_result": _l("Evaluation result"),
    "application_outcome": _l("Application outcome"), "notice_outcome": _l("Notice outcome"),
    "self_score_total": _l("Self-assessment total"), "score_total": _l("Expert score total"),
    "evaluation_score": _l("Evaluation score"), "province_score_total": _l("Pre-review total"), "objection": _l("Objection"),
}
STATUSES = {"active": _l("In progress"), "waiting": _l("Waiting"), "closed": _l("Closed"),
            "certified": _l("Certified"), "revoked": _l("Revoked")}
DUE_STATES = {"overdue": _l("Overdue"), "soon": _l("Due soon"), "later": _l("Due later"),
              "none": _l("No due date")}
ACTIONS = {
    "case_started": _l("Case started"), "task_completed": _l("Task completed"),
    "task_claimed": _l("Task claimed"), "task_unclaimed": _l("Task released"),
    "task_cancelled": _l("Task cancelled"), "timer_fired": _l("Timer fired"),
    "objection_received": _l("Objection received"), "case_migrated": _l("Case migrated"),
    "task_returned": _l("Sent back"), "task_recalled": _l("Recalled"), "task_assigned": _l("Task assigned"),
    "task_transferred": _l("Transferred"), "task_delegated": _l("Delegated"),
    "task_delegation_returned": _l("Filled in by the delegate"), "task_urged": _l("Urged"), "case_copied": _l("Copied"),
    "document_issued": _l("Document issued"), "document_pattern_changed": _l("Number pattern changed"),
    "comment_added": _l("Comment added"),
    "experience_report_submitted": _l("Experience report submitted"),
    "experience_report_curated": _l("Experience published in the library"),
    "support_measure_recorded": _l("Support measure recorded"),
}
# Official documents (models/decisions.py:DocumentKind)
KINDS = {
    "acceptance": _l("Acceptance notice"), "amendment": _l("Notice to amend (all at once)"),
    "rejection": _l("Initial review result"), "recommendation": _l("Recommendation letter"),
    "approval": _l("Creation approval"), "notice": _l("Public notice"),
    "evaluation_failed": _l("Evaluation result (not passed)"),
    "certification": _l("Certification decision"), "interview": _l("Interview notice"),
    "warning": _l("Warning decision"), "revocation": _l("Revocation decision"),
    "revocation_notice": _l("Notice of intended revocation"),
}


# Support measures and pilots (models/experience.py:SupportKind, Art 21)
SUPPORT_KINDS = {
    "informatisation": _l("Informatisation"), "monitoring": _l("Monitoring resources"),
    "enforcement": _l("Enforcement cooperation"), "training": _l("Training"),
    "commendation": _l("Recommendation and commendation"), "pilot": _l("Pilot (first to try)"),
}


def support_label(code):
    return SUPPORT_KINDS.get(code, code)


def value_label(field, value):
    label = VALUES.get(f"{field}:{value}") or VALUES.get(value)
    return label if label is not None else value


def status_label(code):
    return STATUSES.get(code, code)


def due_label(code):
    return DUE_STATES.get(code, code)


def action_label(code):
    return ACTIONS.get(code, code)


def kind_label(code):
    return KINDS.get(code, code)


# A round's milestones (engine/casework/round_statistics.py) and the economic zones.
MILESTONES = {
    "applied": _l("Applied"), "reviewed": _l("Passed initial review"), "recommended": _l("Recommended"),
    "approved": _l("Approved for creation"), "assessed": _l("Self-assessment submitted"),
    "prereviewed": _l("Passed pre-review"), "evaluated": _l("Passed evaluation"),
    "certified": _l("Certified"),
}
ZONES = {"east": _l("East"), "central": _l("Central"), "west": _l("West"), "northeast": _l("Northeast")}


def milestone_label(code):
    return MILESTONES.get(code, code)


def zone_label(code):
    return ZONES.get(code, code) if code else ""


# Audit events (engine/audit.py: subject_past_tense_verb) that ACTIONS above does not name.
ACTIONS.update({
    "calendar_changed": _l("Working-day calendar changed"), "case_migration_refused": _l("Case migration refused"),
    "case_resumed": _l("Case resumed"), "case_suspended": _l("Case suspended"),
    "definition_deployed": _l("Process definition deployed"), "incident_opened": _l("Incident opened"),
    "incident_retried": _l("Incident retried"), "incidents_dismissed": _l("Incidents dismissed"),
    "plan_created": _l("Creation plan created"), "plan_evidence_added": _l("Evidence added"),
    "plan_imported": _l("Creation plan imported"), "plan_period_opened": _l("Reporting period opened"),
    "plan_report_submitted": _l("Progress report submitted"), "plan_task_added": _l("Plan task added"),
    "plan_task_updated": _l("Plan task updated"), "plan_unit_reminded": _l("Member unit reminded"),
    "recommendation_list_submitted": _l("Recommendation list submitted"), "round_changed": _l("Round changed"),
    "round_attachment_added": _l("Notice attachment added"), "round_attachment_removed": _l("Notice attachment removed"),
    "round_deadline_reminded": _l("Round deadline reminder sent"), "round_opened": _l("Round opened"),
    "scores_recorded": _l("Scores recorded"), "setting_changed": _l("Setting changed"),
    "supervision_check_due": _l("Supervision check due"), "user_locked": _l("Account locked"),
    "user_logged_out": _l("Logged out"), "user_login_failed": _l("Sign-in failed"),
    "user_login_refused": _l("Sign-in refused"), "user_password_changed": _l("Password changed"),
    "user_unlocked": _l("Account unlocked"), "application_list_decided": _l("Application list decided"),
    "evaluation_list_decided": _l("Evaluation list decided"),
})
# Who acted when it was no person (engine/audit.py:Actor)
SYSTEM_ACTORS = {"scheduler": _l("Scheduler"), "public": _l("The public"), "system": _l("System"),
                 "engine": _l("Process engine")}
# Steps of the diagrams (bpmn/*.bpmn ids; the zh-CN texts are the diagrams' own names)
STEPS = {
    "application": _l("Fill in the creation application"), "initial_review": _l("Initial review of the application"),
    "amendment": _l("Return for amendment"), "amendment_deadline_passed": _l("Amendment deadline passed"),
    "record_withdrawn": _l("Record: withdrawn"), "record_rejected": _l("Record: not passed at initial review"),
    "recommendation": _l("Recommendation on merit"), "record_not_recommended": _l("Record: not recommended"),
    "check_period": _l("Compare the creation period with the maximum"),
    "period_exception": _l("Review of a creation period exception"), "cap_period": _l("Period capped at the maximum"),
    "creation_approval": _l("Approval of the creation"), "record_approved": _l("Record: creation approved"),
    "record_declined": _l("Record: creation declined"), "submit_application": _l("Fill in the creation application form"),
    "amend_application": _l("Amend the application"), "amendment_deadline": _l("Amendment deadline passed"),
    "evaluation_application": _l("Fill in the evaluation application"),
    "evaluation_prereview": _l("Evaluation pre-review"), "expert_assignment": _l("Organise the expert evaluation"),
    "reset_scores": _l("Clear the previous round's scores"), "expert_scoring": _l("Expert scoring"),
    "summarise_scores": _l("Summarise the expert scores"), "evaluation_decision": _l("Evaluation conclusion"),
    "record_result": _l("Record the evaluation result"), "init_case": _l("Initialise the case data"),
    "call_application": _l("Application, initial review, recommendation and approval"),
    "call_creation": _l("Creation period"), "creation_period_ends": _l("Creation period ended"),
    "self_assessment": _l("Self-assessment at the end of the creation period"),
    "reapplication_decision": _l("Apply for evaluation again or not"),
    "early_consent": _l("Consent to an early self-assessment"),
    "count_attempt": _l("Evaluation attempts +1"), "call_evaluation": _l("Evaluation application, pre-review and evaluation"),
    "call_notice": _l("Public notice"), "record_upheld": _l("Objection upheld: treated as failed evaluation"),
    "certification": _l("Certification as a demonstration zone"), "call_supervision": _l("Supervision"),
    "notice_publication": _l("Publish the public notice"), "init_notice": _l("Public notice begins"),
    "notice_timer": _l("Public notice period ended"), "objection_received": _l("Objection received"),
    "notice_closed": _l("Public notice closed"), "objection_verification": _l("Verification of the objection"),
    "init_creation": _l("Initialise the reporting records"),
    "creation_report": _l("Report progress or highlights, or apply for self-assessment"),
    "file_report": _l("File the report"), "early_self_assessment": _l("Early self-assessment"),
    "supervision_check": _l("Supervision check record"), "supervision_decision": _l("Supervision decision"),
    "province_supervision": _l("Provincial supervision record"),
    "supervision_decision_province": _l("Supervision decision (provincial report)"),
    "record_revocation": _l("Record: qualification revoked"),
    "rectification_report": _l("Rectification report"),
    "rectification_report_province": _l("Rectification report (provincial report)"),
    "revocation_statement": _l("Statement of the zone's case"), "statement_period_ends": _l("Period to state the case ended"),
    "revocation_decision": _l("Revocation decision"),
}


def actor_label(actor, names=None):
    """A person or office by display name (`names`: username → display name), a system by word."""
    if actor in SYSTEM_ACTORS:
        return SYSTEM_ACTORS[actor]
    return (names or {}).get(actor) or actor


def step_label(name):
    return STEPS.get(name, name or "")


def system_name(key):
    """An indicator system's official name, which for the 2024 version says it is a draft
    (《…（征求意见稿）》); the key when no such system is loaded."""
    from engine.errors import NotFound
    from engine.scoring import catalog
    if not key:
        return ""
    try:
        return catalog.get(key).name
    except NotFound:
        return key
