"""Counties in their prefecture's case (Art 5, Art 10): a county or county-level city does
not apply on its own; the prefecture's office includes it in its case, and the county then
has its own part: its member units and its sub-plan (a Plan of the case with the county as
region). The county's office sees and runs that part only, never the rest of the case.
"""
from typing import Any

from engine import access, clock
from engine.audit import record
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound
from engine.tx import lock_case, transactional
from models import Case, Org, User, db
from models.plans import CaseCounty, Plan
from models.process import CaseStatus


def _county(code: str) -> Org | None:
    return Org.query.filter_by(code=code, level="county").first() if isinstance(code, str) else None


def part(actor: User, case: Case, county: str | None, manage: bool = False) -> Org:
    """The region whose plan the caller means: the case's own (no county), or a county taking
    part in the case. Refuses a caller who may not view (or manage) that part."""
    if not county:
        region = case.region
    else:
        region = _county(county)
        if region is None:
            raise NotFound("no county {county}", county=county)
    allowed = access.may_manage_part if manage else access.may_view_part
    if not allowed(actor, case, region.id):
        raise Forbidden("this plan is for its region's office, the prefecture's office, its province and SAMR")
    if county and not CaseCounty.query.filter_by(case_id=case.id, org_id=region.id).first():
        raise NotFound("{county} does not take part in case {case}", county=region.name, case=case.id)
    return region


@transactional
def include(actor: User, case_id: int, code: str) -> CaseCounty:
    """The prefecture's office includes one of its counties in its case."""
    case = lock_case(case_id)
    if not access.may_manage_plan(actor, case):
        raise Forbidden("only the region's leading-group office includes its counties")
    org = _county(code)
    if org is None or org.parent_id != case.region_id:
        raise InvalidInput("{code} is not a county of {region}", fields={"county": ["not a county of the case's region"]},
                           code=code, region=case.region.name)
    if case.status == CaseStatus.CLOSED:
        raise Conflict("case {case} is closed", case=case.id)
    if CaseCounty.query.filter_by(case_id=case.id, org_id=org.id).first():
        raise Conflict("{county} already takes part in case {case}", county=org.name, case=case.id)
    row = CaseCounty(case_id=case.id, org_id=org.id, joined_at=clock.now(), joined_by=actor.username)
    db.session.add(row)
    db.session.flush()
    record(actor, "county_included", case, detail={"county": org.code, "name": org.name})
    return row


def listing(actor: User, case: Case) -> list[dict[str, Any]]:
    if not access.may_view_plan(actor, case):
        raise Forbidden("the counties of a case are for its office, its province and SAMR")
    return [view(row) for row in CaseCounty.query.filter_by(case_id=case.id).order_by(CaseCounty.id)]


def participations(actor: User) -> list[dict[str, Any]]:
    """The prefecture cases the caller's counties take part in, with their sub-plans."""
    counties = access.county_offices(actor)
    rows = (CaseCounty.query.filter(CaseCounty.org_id.in_(counties)).order_by(CaseCounty.id).all()
            if counties else [])
    return [view(row) for row in rows]


def view(row: CaseCounty) -> dict[str, Any]:
    case = db.session.get(Case, row.case_id)
    plan = Plan.query.filter_by(case_id=row.case_id, region_id=row.org_id).first()
    return {"case_id": row.case_id, "region": case.region.name, "stage": case.stage,
            "county": row.org.code, "name": row.org.name, "joined_at": row.joined_at.isoformat(),
            "plan": {"id": plan.id, "title": plan.title, "tasks": len(plan.tasks)} if plan else None}


def case_to_join(county: Org, round_id: int | None) -> Case | None:
    """The prefecture's open case a county would take part in (this round's first)."""
    q = Case.query.filter(Case.region_id == county.parent_id, Case.status != CaseStatus.CLOSED)
    return (q.filter(Case.round_id == round_id).first() if round_id is not None else None) or \
        q.order_by(Case.id.desc()).first()
