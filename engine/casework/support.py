"""Support measures and pilots (支持举措、先行先试, Art 21): SAMR records, per zone, its support
in informatisation, monitoring resources, enforcement cooperation, training and
commendation, and the pilots it lets the zone run first; the zone sees its register.
"""
from datetime import date
from typing import Any

from engine import clock, text
from engine.audit import record
from engine.casework import cases, notifications
from engine.errors import Forbidden, InvalidInput, Text
from engine.tx import lock_case, transactional
from models import User, db
from models.experience import SUPPORT_KINDS, SupportMeasure

LIMITS = {"title": 200, "content": 5000}
RECORDED_KIND = "support_measure_recorded"


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    if values.get("kind") not in SUPPORT_KINDS:
        errors["kind"] = [Text("one of {kinds}", kinds=", ".join(SUPPORT_KINDS))]
    for name, limit in LIMITS.items():
        value = values.get(name)
        value = value.strip() if isinstance(value, str) else ""
        if not value or len(value) > limit:
            errors[name] = [Text("1 to {n} characters", n=limit)]
        clean[name] = value
    started, year = values.get("started_on"), clock.now().astimezone(clock.CHINA).year
    if not isinstance(started, date):
        errors["started_on"] = [Text("a date (yyyy-mm-dd)")]
    elif not 2000 <= started.year <= year + 10:
        errors["started_on"] = [Text("between 2000 and {last}", last=year + 10)]
    if errors:
        raise InvalidInput("{fields_value} must be given within their limits", errors,
                           fields_value=", ".join(sorted(errors)))
    text.check({k: clean[k] for k in LIMITS})
    return {**clean, "kind": values["kind"], "started_on": started}


@transactional
def add(actor: User, case_id: int, values: dict[str, Any]) -> SupportMeasure:
    if not (actor.has_role("samr") or actor.has_role("admin")):
        raise Forbidden("support measures are recorded by SAMR")
    case = cases.get(actor, case_id)
    lock_case(case.id)
    measure = SupportMeasure(case_id=case.id, recorded_by=actor.username, recorded_at=clock.now(),
                             **_checked(values))
    db.session.add(measure)
    db.session.flush()
    detail = {"measure_id": measure.id, "kind": measure.kind, "title": measure.title}
    notifications.send(RECORDED_KIND, f"支持举措：{measure.title}", case_id=case.id, role="applicant",
                       org_id=case.region_id, detail=detail)
    record(actor, "support_measure_recorded", case, None, detail)
    return measure


def of_case(actor: User, case_id: int) -> list[SupportMeasure]:
    case = cases.get(actor, case_id)
    return (SupportMeasure.query.filter_by(case_id=case.id)
            .order_by(SupportMeasure.started_on, SupportMeasure.id).all())
