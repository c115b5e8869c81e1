"""Experience reports (经验总结, Art 19) and the experience library (Art 20).

A creation object or a certified zone (a case from creation on, until it is closed) files
reports of its highlights, major progress and replicable practice; each reaches SAMR's
inbox as a notification, in the filing's transaction. SAMR curates a report into the
experience library (a title and a summary for the public); the library is public
(engine reads; web/pages/public.py shows it without a login).
"""
from typing import Any

from sqlalchemy.orm import Query

from engine import clock, text
from engine.audit import record
from engine.casework import cases, notifications
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound, Text
from engine.tx import lock_case, transactional
from models import Case, User, db
from models.experience import ExperienceReport, ExperienceStatus

# A creation object (after SAMR's approval) or a certified zone files them (Art 19).
FILING_STAGES = ("creation", "self_assessment", "evaluation_prereview", "evaluation", "public_notice",
                 "certification", "supervision")
LIMITS = {"title": 200, "highlights": 5000, "progress": 5000, "practice": 5000, "library_title": 200, "summary": 2000}
SUBMITTED_KIND, CURATED_KIND = "experience_report_submitted", "experience_report_curated"


def _texts(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    """Each named field stripped, non-empty, within its limit and the text policy, or a 400 naming it."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    for name in names:
        value = values.get(name)
        value = value.strip() if isinstance(value, str) else ""
        if not value:
            errors[name] = [Text("must not be empty")]
        elif len(value) > LIMITS[name]:
            errors[name] = [Text("at most {n} characters", n=LIMITS[name])]
        clean[name] = value
    if errors:
        raise InvalidInput("{fields_value} must be given within their limits", errors,
                           fields_value=", ".join(sorted(errors)))
    text.check(dict(clean.items()))
    return clean


def _may_file(actor: User, case: Case) -> bool:
    return any(m.role == "applicant" and m.org_id == case.region_id for m in actor.roles)


@transactional
def submit(actor: User, case_id: int, values: dict[str, Any]) -> ExperienceReport:
    case = cases.get(actor, case_id)
    if not _may_file(actor, case):
        raise Forbidden("experience reports are filed by the zone's leading-group office")
    lock_case(case.id)
    if case.status == "closed" or case.stage not in FILING_STAGES:
        raise Conflict("case {case} is at {stage}: experience reports are filed from creation on, "
                       "by creation objects and certified zones", case=case.id, stage=case.stage)
    clean = _texts(values, ("title", "highlights", "progress", "practice"))
    report = ExperienceReport(case_id=case.id, submitted_by=actor.username, submitted_at=clock.now(),
                              status=ExperienceStatus.SUBMITTED, **clean)
    db.session.add(report)
    db.session.flush()
    detail = {"report_id": report.id, "title": report.title}
    notifications.send(SUBMITTED_KIND, f"经验总结：{report.title}（{case.region.name}）", case_id=case.id,
                       role="samr", detail=detail)
    record(actor, "experience_report_submitted", case, None, detail)
    return report


def of_case(actor: User, case_id: int) -> list[ExperienceReport]:
    case = cases.get(actor, case_id)
    return (ExperienceReport.query.filter_by(case_id=case.id)
            .order_by(ExperienceReport.submitted_at, ExperienceReport.id).all())


def _samr(actor: User) -> None:
    if not (actor.has_role("samr") or actor.has_role("admin")):
        raise Forbidden("the experience library is SAMR's")


def inbox(actor: User, status: str | None = None) -> Query[ExperienceReport]:
    """Every report, newest first (SAMR's view), optionally of one status."""
    _samr(actor)
    q = ExperienceReport.query
    if status:
        q = q.filter(ExperienceReport.status == status)
    return q.order_by(ExperienceReport.submitted_at.desc(), ExperienceReport.id.desc())


@transactional
def curate(actor: User, report_id: int, values: dict[str, Any]) -> ExperienceReport:
    """Into the library: SAMR's title (the report's by default) and summary for the public."""
    _samr(actor)
    report = db.session.get(ExperienceReport, report_id)
    if report is None:
        raise NotFound("experience report {report_id} does not exist", report_id=report_id)
    lock_case(report.case_id)
    db.session.refresh(report)
    if report.status == ExperienceStatus.PUBLISHED:
        raise Conflict("experience report {report_id} is already in the library", report_id=report_id)
    clean = _texts({"library_title": values.get("library_title") or report.title, "summary": values.get("summary")},
                   ("library_title", "summary"))
    report.library_title, report.summary = clean["library_title"], clean["summary"]
    report.status, report.curated_by, report.curated_at = ExperienceStatus.PUBLISHED, actor.username, clock.now()
    detail = {"report_id": report.id, "title": report.library_title}
    notifications.send(CURATED_KIND, f"经验已入选经验库：{report.library_title}", case_id=report.case_id,
                       role="applicant", org_id=report.case.region_id, detail=detail)
    record(actor, "experience_report_curated", report.case_id, None, detail)
    return report


def library() -> list[dict[str, Any]]:
    """The public experience library (Art 20): what SAMR published, newest first."""
    rows = (ExperienceReport.query.filter_by(status=ExperienceStatus.PUBLISHED)
            .order_by(ExperienceReport.curated_at.desc(), ExperienceReport.id.desc()).all())
    return [{"id": r.id, "title": r.library_title, "summary": r.summary, "highlights": r.highlights,
             "practice": r.practice, "region_name": r.case.region.name,
             "province_name": r.case.region.province.name if r.case.region.province else None,
             "published_at": r.curated_at} for r in rows]
