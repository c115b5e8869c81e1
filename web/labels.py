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


def stage_label(code):
    return STAGES.get(code, code)
