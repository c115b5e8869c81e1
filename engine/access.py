"""Who may see and act on what: roles held in organisations, scoped by region.

A user acts on a task only if they hold its lane's role for the case's region:
SAMR for all cases, a provincial bureau for cases in its province, an applicant
for its own region, an expert for the tasks assigned to them.
"""
from sqlalchemy import ColumnElement, false, or_

from models import Case, CaseCopy, HumanTask, User

NATIONAL_ROLES = ("samr", "admin")


def task_filter(user: User) -> ColumnElement[bool]:
    """SQL condition selecting the human tasks `user` may see and act on."""
    clauses = []
    for m in user.roles:
        if m.role == "samr":
            clauses.append(HumanTask.role == "samr")
        elif m.role == "province":
            clauses.append((HumanTask.role == "province") & (HumanTask.province_id == m.org_id))
        elif m.role == "applicant":
            clauses.append((HumanTask.role == "applicant") & (HumanTask.region_id == m.org_id))
        elif m.role == "member_unit" and m.org.parent_id is not None:
            clauses.append((HumanTask.role == "member_unit") & (HumanTask.region_id == m.org.parent_id))
        elif m.role == "expert":
            clauses.append((HumanTask.role == "expert") & or_(HumanTask.assignee_id == user.id,
                                                              HumanTask.assignee_id.is_(None)))
    return or_(*clauses) if clauses else false()


def may_act(user: User, task: HumanTask) -> bool:
    for m in user.roles:
        if m.role != task.role:
            continue
        if m.role == "samr":
            return True
        if m.role == "province" and task.province_id == m.org_id:
            return True
        if m.role == "applicant" and task.region_id == m.org_id:
            return True
        if m.role == "member_unit" and task.region_id == m.org.parent_id:
            return True
        if m.role == "expert" and task.assignee_id in (None, user.id):
            return True
    return False


def case_filter(user: User) -> ColumnElement[bool]:
    """SQL condition selecting the cases `user` may see: by role and region, and the cases
    copied to them (抄送, engine/casework/copies.py)."""
    clauses = [Case.id.in_(CaseCopy.query.with_entities(CaseCopy.case_id).filter(CaseCopy.user_id == user.id))]
    for m in user.roles:
        if m.role in NATIONAL_ROLES:
            return Case.id.isnot(None)
        if m.role == "province":
            clauses.append(Case.province_id == m.org_id)
        elif m.role == "applicant":
            clauses.append(Case.region_id == m.org_id)
        elif m.role == "member_unit" and m.org.parent_id is not None:
            clauses.append(Case.region_id == m.org.parent_id)
        elif m.role == "expert":
            clauses.append(Case.id.in_(HumanTask.query.with_entities(HumanTask.case_id)
                                       .filter(HumanTask.role == "expert",
                                               HumanTask.assignee_id == user.id)))
    return or_(*clauses) if clauses else false()


def may_see_case(user: User, case: Case) -> bool:
    return Case.query.filter(Case.id == case.id, case_filter(user)).first() is not None


# -- creation plans: the leading-group office manages, member units see their own work ----
PLAN_STAGES = ("application", "initial_review", "recommendation", "approval", "creation")


def unit_ids(user: User) -> list[int]:
    """The member units (orgs of level "unit") the user reports for."""
    return [m.org_id for m in user.roles if m.role == "member_unit"]


def may_manage_plan(user: User, case: Case) -> bool:
    """The applicant of the case's region (its leading-group office), or an administrator."""
    return any((m.role == "applicant" and m.org_id == case.region_id) or m.role == "admin"
               for m in user.roles)


def may_view_plan(user: User, case: Case) -> bool:
    """The office, its province, SAMR; a member unit only sees its own work (plan_work)."""
    return may_manage_plan(user, case) or any(
        m.role == "samr" or (m.role == "province" and m.org_id == case.province_id) for m in user.roles)


def county_offices(user: User) -> list[int]:
    """The counties (county-level cities) whose office the user is: they take part in their
    prefecture's case (Art 5, Art 10) and see their own part of it only."""
    return [m.org_id for m in user.roles if m.role == "applicant" and m.org.level == "county"]


def may_manage_part(user: User, case: Case, region_id: int) -> bool:
    """The case's own plan: its office; a county's sub-plan: the prefecture's office or the county's."""
    return may_manage_plan(user, case) or (region_id != case.region_id and region_id in county_offices(user))


def may_view_part(user: User, case: Case, region_id: int) -> bool:
    return may_view_plan(user, case) or (region_id != case.region_id and region_id in county_offices(user))


def may_report_for(user: User, org_id: int) -> bool:
    return org_id in unit_ids(user)
