"""Experience reports (经验总结, Art 19), SAMR's experience library (Art 20) and each zone's
register of support measures and pilots (支持举措、先行先试, Art 21)."""
from functools import wraps

from flask import g

from engine.casework import cases, experience, support
from engine.errors import Forbidden
from web.api import Blueprint, protected
from web.api.schemas.experience import (
    ExperienceCurationSchema,
    ExperienceInputSchema,
    ExperienceListSchema,
    ExperienceQuerySchema,
    ExperienceSchema,
    SupportInputSchema,
    SupportListSchema,
    SupportSchema,
)

blp = protected(Blueprint("api_experience", __name__, url_prefix="/api/v1",
                          description="Experience reports, the experience library and support measures"))


def _report(r):
    return {**{c: getattr(r, c) for c in ("id", "case_id", "title", "highlights", "progress", "practice",
                                          "submitted_by", "submitted_at", "status", "library_title",
                                          "summary", "curated_by", "curated_at")},
            "region_name": r.case.region.name}


def _samr_only(view):
    """403 before the body is read unless the caller is SAMR (or an administrator)."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not (g.user.has_role("samr") or g.user.has_role("admin")):
            raise Forbidden("the experience library and the support register are SAMR's")
        return view(*args, **kwargs)
    return wrapper


def _zone_office(view):
    """403/404 before the body is read unless the caller is the case region's office."""
    @wraps(view)
    def wrapper(*args, case_id, **kwargs):
        case = cases.get(g.user, case_id)
        if not any(m.role == "applicant" and m.org_id == case.region_id for m in g.user.roles):
            raise Forbidden("experience reports are filed by the zone's leading-group office")
        return view(*args, case_id=case_id, **kwargs)
    return wrapper


def _sees_case(view):
    @wraps(view)
    def wrapper(*args, case_id, **kwargs):
        cases.get(g.user, case_id)
        return view(*args, case_id=case_id, **kwargs)
    return wrapper


@blp.route("/cases/<int:case_id>/experience-reports", methods=["POST"])
@_zone_office
@blp.arguments(ExperienceInputSchema)
@blp.response(201, ExperienceSchema)
def submit_experience(args, case_id):
    """经验总结 of a creation object or certified zone (Art 19): highlights, progress, replicable
    practice; it reaches SAMR's inbox; audited `experience_report_submitted`."""
    return _report(experience.submit(g.user, case_id, args))


@blp.route("/cases/<int:case_id>/experience-reports")
@blp.response(200, ExperienceListSchema)
def list_case_experience(case_id):
    """The case's experience reports, oldest first."""
    items = [_report(r) for r in experience.of_case(g.user, case_id)]
    return {"items": items, "total": len(items)}


@blp.route("/experience-reports")
@_samr_only
@blp.arguments(ExperienceQuerySchema, location="query")
@blp.response(200, ExperienceListSchema)
def list_experience(args):
    """SAMR's inbox of experience reports, newest first (`?status=submitted|published`)."""
    items = [_report(r) for r in experience.inbox(g.user, args.get("status")).limit(500)]
    return {"items": items, "total": len(items)}


@blp.route("/experience-reports/<int:report_id>/curate", methods=["POST"])
@_samr_only
@blp.arguments(ExperienceCurationSchema)
@blp.response(200, ExperienceSchema)
def curate_experience(args, report_id):
    """Into the experience library (Art 20), shown on the public showcase; audited
    `experience_report_curated`, the zone is told."""
    return _report(experience.curate(g.user, report_id, args))


@blp.route("/cases/<int:case_id>/support-measures", methods=["POST"])
@_samr_only
@_sees_case
@blp.arguments(SupportInputSchema)
@blp.response(201, SupportSchema)
def add_support(args, case_id):
    """A support measure or pilot (先行先试, Art 21) for the zone; audited `support_measure_recorded`,
    the zone is told."""
    return support.add(g.user, case_id, args)


@blp.route("/cases/<int:case_id>/support-measures")
@blp.response(200, SupportListSchema)
def list_support(case_id):
    """The zone's register of support measures and pilots, by start date."""
    items = support.of_case(g.user, case_id)
    return {"items": items, "total": len(items)}
