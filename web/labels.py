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
    "cap": _l("Cap at the maximum period"), "forward": _l("Forward to SAMR"), "fail": _l("Fail"),
    "upheld": _l("Upheld"), "dismissed": _l("Dismissed"), "none": _l("No action"),
    "interview": _l("Interview"), "warning": _l("Warning"), "revocation": _l("Revocation"),
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
    "document_issued": _l("Document issued"), "document_pattern_changed": _l("Number pattern changed"),
}
# Official documents (models/decisions.py:DocumentKind)
KINDS = {
    "acceptance": _l("Acceptance notice"), "amendment": _l("Notice to amend (all at once)"),
    "rejection": _l("Initial review result"), "recommendation": _l("Recommendation letter"),
    "approval": _l("Creation approval"), "notice": _l("Public notice"),
    "certification": _l("Certification decision"), "interview": _l("Interview notice"),
    "warning": _l("Warning decision"), "revocation": _l("Revocation decision"),
}


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
