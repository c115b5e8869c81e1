"""What the public sees (Art 15, 16, 22): the running notices with SAMR's title and text and
every region on each, and the certified and revoked zones with their decisions' numbers.

Both read the official documents (engine/casework/decisions.py). Cases decided before
documents existed fall back to what their completion recorded in the audit trail.
"""
from typing import Any

from engine import clock
from engine.casework import decisions, objections
from models import AuditEvent, Case
from models.decisions import DocumentKind, OfficialDocument


def _region(case_id: int, region: str, province: str | None) -> dict[str, Any]:
    return {"case_id": case_id, "region_name": region, "province_name": province}


def _notice(doc: OfficialDocument | None) -> dict[str, Any]:
    if doc is None:
        return {"title": None, "text": None, "document_id": None, "document_number": None,
                "published_at": None, "regions": []}
    content = doc.content or {}
    return {"title": doc.title, "text": content.get("text"), "document_id": doc.id, "document_number": doc.number,
            "published_at": doc.issued_at,
            "regions": [_region(p["case_id"], p["region"], p.get("province")) for p in content.get("cases", [])]}


def notices() -> list[dict[str, Any]]:
    """One item per case in public notice, soonest ending first (as before), each with its
    notice: title, text, number, and every region that notice lists."""
    cases = objections.notices()
    docs = decisions.latest([c.id for c in cases], DocumentKind.NOTICE)
    items = []
    for case in cases:
        notice = _notice(docs.get(case.id))
        if not notice["regions"]:
            notice["regions"] = [_region(case.id, case.region.name, _province(case))]
        items.append({**_region(case.id, case.region.name, _province(case)), "ends_at": case.next_timer_at,
                      **notice})
    return items


def notice_groups(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The notices as the public page shows them: one per document, its cases under it."""
    groups: dict[Any, dict[str, Any]] = {}
    for item in items:
        key = item["document_id"] or f"case:{item['case_id']}"
        group = groups.setdefault(key, {**item, "running": []})
        group["running"].append(item)
    return list(groups.values())


def _province(case: Case) -> str | None:
    province = case.region.province
    return province.name if province else None


def _certifications(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The data of each case's last certification completion (numbers typed before documents)."""
    found: dict[int, dict[str, Any]] = {}
    if ids:
        for e in (AuditEvent.query.filter(AuditEvent.case_id.in_(ids), AuditEvent.action == "task_completed",
                                          AuditEvent.task_name == "certification").order_by(AuditEvent.at)):
            found[e.case_id] = (e.detail or {}).get("data") or {}
    return found


def _ref(doc: OfficialDocument | None) -> dict[str, Any]:
    return {"document_id": doc.id, "number": doc.number, "title": doc.title,
            "issued_at": doc.issued_at} if doc is not None else {}


def zones() -> list[dict[str, Any]]:
    """Certified zones (in supervision) and revoked ones, with the certification's number,
    date and announcement, and for a revoked zone the revocation's number and date."""
    rows = Case.query.filter(Case.stage.in_(("supervision", "revoked"))).order_by(Case.id).all()
    ids = [c.id for c in rows]
    typed = _certifications(ids)
    certified = decisions.latest(ids, DocumentKind.CERTIFICATION)
    revoked = decisions.latest(ids, DocumentKind.REVOCATION)
    result = []
    for case in rows:
        data, cert, rev = typed.get(case.id, {}), certified.get(case.id), revoked.get(case.id)
        content = cert.content if cert is not None else {}
        result.append({
            "case_id": case.id, "region_name": case.region.name, "province_name": _province(case),
            "status": "certified" if case.stage == "supervision" else "revoked",
            "document_number": cert.number if cert is not None else data.get("document_number"),
            "certified_on": data.get("certified_on") or content.get("certified_on")
            or (cert.issued_at.astimezone(clock.CHINA).date().isoformat() if cert else None),
            "announcement": content.get("announcement") or data.get("announcement"),
            "certification": _ref(cert) or None,
            "revoked_at": case.updated_at if case.stage == "revoked" else None,
            "revocation_document_number": rev.number if rev is not None else None,
            "revocation": _ref(rev) or None})
    return result
