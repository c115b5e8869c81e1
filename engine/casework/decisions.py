"""Official documents of decisions: which task completion issues which letter, and issuing
it with its number (文号) in the decision's own transaction.

`after_step` is called by engine.casework.tasks.complete_locked (and by an incident's retry)
inside the completing transaction. It only *queues* the decision on the session; the
documents are written just before that transaction commits (a `before_commit` listener):
- completions of one kind by one issuer in one transaction are one decision and become
  one document listing every case: a province's recommendation list, SAMR's approval of a
  round, one public notice for an evaluation round. A case decided alone is a list of one;
- the number is taken last (engine/casework/numbering.py), after every case lock of the
  transaction, so the counter's row lock never waits for a case lock (no deadlock) and a
  transaction that rolls back leaves neither a document nor a used number.
Letters to one applicant (acceptance, amendment, rejection, supervision decisions) stay one
per case even when several are decided together.

What a letter shows is stored in `content` when it is issued; the web layer renders the
PDF from it. Issued documents are never changed: a decision made again (a case sent back
and decided anew) gets a new document and a new number.
"""
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event

from engine import clock
from engine.audit import Actor, record
from engine.casework import numbering
from engine.errors import NotFound
from models import Case, HumanTask, Org, db
from models.decisions import PUBLIC_KINDS, DocumentCase, DocumentKind, OfficialDocument

K = DocumentKind
# form → the decision field's value → the document it issues (None: every value)
KINDS: dict[str, dict[str | None, DocumentKind]] = {
    "initial_review": {"pass": K.ACCEPTANCE, "return": K.AMENDMENT, "reject": K.REJECTION},
    "recommendation": {"recommend": K.RECOMMENDATION},
    "creation_approval": {None: K.APPROVAL},
    "evaluation_prereview": {"reject": K.EVALUATION_FAILED},  # the province's pre-review (Art 13)
    "evaluation_decision": {"fail": K.EVALUATION_FAILED},
    "notice_publication": {None: K.NOTICE},
    "certification": {None: K.CERTIFICATION},
    # Art 22: a revocation is first a notice with the period to state the case, then SAMR's decision
    "supervision_decision": {"interview": K.INTERVIEW, "warning": K.WARNING, "revocation": K.REVOCATION_NOTICE},
    "revocation_decision": {"revoke": K.REVOCATION},
}
TO_APPLICANT = (K.ACCEPTANCE, K.AMENDMENT, K.REJECTION, K.EVALUATION_FAILED, K.INTERVIEW, K.WARNING, K.REVOCATION_NOTICE, K.REVOCATION)
ZONE = "网络市场监管与服务示范区"
TITLES = {
    K.ACCEPTANCE: "关于受理{r}" + ZONE + "创建申请的通知",
    K.AMENDMENT: "关于{r}" + ZONE + "创建申请材料补正的通知",
    K.REJECTION: "关于{r}" + ZONE + "创建申请初审结果的通知",
    K.RECOMMENDATION: "关于推荐{r}创建" + ZONE + "的函",
    K.APPROVAL: "关于同意{r}创建" + ZONE + "的批复",
    K.EVALUATION_FAILED: "关于{r}" + ZONE + "评估结果的通知",
    K.NOTICE: ZONE + "建议名单公示",
    K.CERTIFICATION: "关于认定{r}为" + ZONE + "的决定",
    K.INTERVIEW: "关于约谈{r}" + ZONE + "有关负责人的通知",
    K.WARNING: "关于对{r}" + ZONE + "予以警示的决定",
    K.REVOCATION: "关于取消{r}" + ZONE + "资格的决定",
    K.REVOCATION_NOTICE: "关于拟取消{r}" + ZONE + "资格的告知书",
}
PREREVIEW_FAILED_TITLE = "关于{r}" + ZONE + "评估初审结果的通知"
DECLINED_TITLE = "关于{r}创建" + ZONE + "申请的复函"
ALL_PROVINCES = "各有关省、自治区、直辖市市场监督管理局"
PENDING = "dzbpm.pending_decisions"


@dataclass
class _Pending:
    kind: DocumentKind
    issuer: Org
    actor: str
    task_name: str
    common: dict[str, Any]
    parts: list[tuple[Case, dict[str, Any]]] = field(default_factory=list)


def kind_of(task: HumanTask, data: dict[str, Any]) -> DocumentKind | None:
    by_decision = KINDS.get(task.form or "")
    if by_decision is None:
        return None
    return by_decision.get(data.get("decision")) or by_decision.get(None)


def _national() -> Org:
    samr = Org.query.filter_by(level="national").order_by(Org.id).first()
    if samr is None:
        raise NotFound("no national organisation (SAMR) to issue the decision")
    return samr


def _issuer(task: HumanTask, case: Case) -> Org:
    """A province's task is its bureau's letter; every other decision is SAMR's."""
    if task.role == "province":
        return db.session.get(Org, case.province_id) or _national()
    return _national()


def _lines(text: str | None) -> list[str]:
    return [line.strip(" \t-•·") for line in (text or "").splitlines() if line.strip(" \t-•·")]


def _common(kind: DocumentKind, data: dict[str, Any]) -> dict[str, Any]:
    """What the whole document says, from the form (the rest is per case)."""
    if kind == K.AMENDMENT:  # 一次性告知: every deficiency at once, listed
        listed = [d for d in data.get("deficiencies") or [] if isinstance(d, str) and d.strip()]
        return {"deficiencies": listed or _lines(data.get("reasons")), "amend_deadline": data.get("amend_deadline")}
    if kind == K.NOTICE:
        return {"title": data.get("notice_title"), "text": data.get("notice_content"), "url": data.get("notice_url")}
    if kind == K.CERTIFICATION:
        return {"announcement": data.get("announcement"), "certified_on": data.get("certified_on")}
    if kind in (K.INTERVIEW, K.WARNING):
        return {"rectification_due": data.get("rectification_due")}
    if kind == K.REVOCATION_NOTICE:
        return {"statement_period_end": data.get("statement_period_end"),
                "statement_working_days": data.get("statement_working_days")}
    return {}


def after_step(actor: Actor, case: Case, task: HumanTask, data: dict[str, Any],
               attempts: int | None = None) -> None:
    """Queue the document this completion issues, if any (issued before the commit).
    `attempts`: the case's evaluation attempts so far (the diagram's `evaluation_attempts`)."""
    kind = kind_of(task, data)
    if kind is None:
        return
    issuer = _issuer(task, case)
    common = _common(kind, data)
    if kind == K.EVALUATION_FAILED and task.name == "evaluation_prereview":
        common["prereview"] = True  # the province's letter, not SAMR's
    key = (kind, issuer.id, case.id if kind in TO_APPLICANT else None, repr(sorted(common.items())))
    pending: dict[tuple[Any, ...], _Pending] = db.session.info.setdefault(PENDING, {})
    entry = pending.setdefault(key, _Pending(kind, issuer, getattr(actor, "username", actor), task.name, common))
    part = {k: data[k] for k in ("decision", "rank", "reasons") if data.get(k) is not None}
    if kind == K.EVALUATION_FAILED:  # Art 17: the first failure may apply again, the second may not
        part["attempt"] = attempts if isinstance(attempts, int) and attempts > 0 else 1
    entry.parts.append((case, part))


@event.listens_for(db.session, "before_commit")
def _issue_pending(session: Any) -> None:
    for entry in session.info.pop(PENDING, {}).values():
        issue(entry.actor, entry.kind, entry.issuer, entry.parts, entry.common, entry.task_name)


@event.listens_for(db.session, "after_soft_rollback")
def _forget_pending(session: Any, _previous: Any) -> None:
    session.info.pop(PENDING, None)


def _short(names: list[str]) -> str:
    return "、".join(names) if len(names) <= 3 else f"{names[0]}等{len(names)}地"


def _title(kind: DocumentKind, parts: list[dict[str, Any]], common: dict[str, Any]) -> str:
    if kind == K.NOTICE and common.get("title"):
        return str(common["title"])[:300]
    names = [p["region"] for p in parts]
    if kind == K.EVALUATION_FAILED and common.get("prereview"):
        return PREREVIEW_FAILED_TITLE.format(r=_short(names))[:300]
    if kind == K.APPROVAL:
        approved = [p["region"] for p in parts if p.get("decision") == "approve"]
        return (TITLES[kind] if approved else DECLINED_TITLE).format(r=_short(approved or names))[:300]
    return TITLES[kind].format(r=_short(names))[:300]


def _addressee(kind: DocumentKind, parts: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """Whom the letter is addressed to (主送) and copied to (抄送)."""
    governments = [f"{p['region']}人民政府" for p in parts]
    provinces = list(dict.fromkeys(p["province"] for p in parts if p["province"]))
    if kind in (K.ACCEPTANCE, K.AMENDMENT, K.REJECTION):
        return "、".join(governments), []
    if kind in (K.EVALUATION_FAILED, K.INTERVIEW, K.WARNING, K.REVOCATION_NOTICE, K.REVOCATION):
        return "、".join(governments), provinces
    if kind == K.RECOMMENDATION:
        return _national().name, []
    if kind == K.NOTICE:
        return "社会各界", []
    return (provinces[0] if len(provinces) == 1 else ALL_PROVINCES), governments


def _describe(case: Case, part: dict[str, Any]) -> dict[str, Any]:
    province = case.region.province
    return {"case_id": case.id, "region": case.region.name, "province": province.name if province else None,
            **part}


def issue(actor: Actor, kind: DocumentKind, issuer: Org, cases: list[tuple[Case, dict[str, Any]]],
          common: dict[str, Any], task_name: str | None = None) -> OfficialDocument:
    """Write one document for `cases` ([(case, its part: decision, rank, reasons)]) with the
    issuer's next number, in the caller's transaction; audited on every case."""
    now = clock.now()
    parts = [_describe(c, p) for c, p in cases]
    if kind == K.RECOMMENDATION:
        parts.sort(key=lambda p: (p.get("rank") or 0, p["case_id"]))
    if kind == K.NOTICE:  # the notice runs until the timer its publication set
        ends = [c.next_timer_at for c, _ in cases if c.next_timer_at is not None]
        common = {**common, "ends_at": max(ends).isoformat() if ends else None}
    addressee, cc = _addressee(kind, parts)
    year = numbering.year_of(now)
    serial = numbering.take(issuer, year)
    number = numbering.render(numbering.pattern_for(issuer), year, serial)
    doc = OfficialDocument(kind=kind, issuer_id=issuer.id, year=year, serial=serial, number=number,
                           title=_title(kind, parts, common), addressee=addressee[:300], task_name=task_name,
                           issued_at=now, issued_by=getattr(actor, "username", actor),
                           content={**common, "issuer": issuer.name, "cc": cc, "cases": parts})
    doc.issuer = issuer
    doc.cases = [DocumentCase(case_id=c.id, position=i, detail=p) for i, (c, p) in enumerate(cases)]
    db.session.add(doc)
    db.session.flush()
    for case, _ in cases:
        record(actor, "document_issued", case, task_name,
               {"document_id": doc.id, "kind": str(kind), "number": number, "title": doc.title})
    return doc


# ---------------------------------------------------------------- reading
def of_case(case_id: int) -> list[OfficialDocument]:
    """The case's documents, oldest first."""
    return (OfficialDocument.query.join(DocumentCase).filter(DocumentCase.case_id == case_id)
            .order_by(OfficialDocument.issued_at, OfficialDocument.id).all())


def of_case_one(case_id: int, document_id: int) -> OfficialDocument:
    doc = (OfficialDocument.query.join(DocumentCase)
           .filter(DocumentCase.case_id == case_id, OfficialDocument.id == document_id).first())
    if doc is None:
        raise NotFound("case {case_id} has no document {document_id}", case_id=case_id, document_id=document_id)
    return doc


def public_document(document_id: int) -> OfficialDocument:
    """A document the law makes public (notice, certification, revocation), or NotFound."""
    doc = db.session.get(OfficialDocument, document_id)
    if doc is None or doc.kind not in PUBLIC_KINDS:
        raise NotFound("document {document_id} is not public", document_id=document_id)
    return doc


def latest(case_ids: list[int], kind: DocumentKind) -> dict[int, OfficialDocument]:
    """{case id: its newest document of `kind`} for the cases that have one."""
    if not case_ids:
        return {}
    rows = (db.session.query(DocumentCase.case_id, OfficialDocument).join(OfficialDocument)
            .filter(DocumentCase.case_id.in_(case_ids), OfficialDocument.kind == kind)
            .order_by(OfficialDocument.issued_at, OfficialDocument.id).all())
    return {row[0]: row[1] for row in rows}
