"""Read models the API and the pages share: a case as its users see it."""
from flask_babel import get_locale, gettext

from engine import audit
from engine.casework import returns, tasks
from models import HumanTask, User, db
from models.process import MEASURES_TITLES
from web.labels import action_label, actor_label, step_label, value_label


def case_view(case, history=True, active_tasks=None):
    """`active_tasks`: the case's open tasks when the caller read them already (case_views)."""
    if active_tasks is None:
        active_tasks = tasks.active_tasks_by_case([case.id])[case.id]
    view = {
        "id": case.id, "region_id": case.region_id, "province_id": case.province_id,
        "round_id": case.round_id, "evaluation_round_id": case.evaluation_round_id,
        "region_name": case.region.name, "stage": case.stage, "status": case.status,
        "definition": {"key": case.definition.key, "version": case.definition.version},
        "indicator_system": case.indicator_system, "measures": case.measures,
        "measures_title": MEASURES_TITLES.get(case.measures, case.measures), "created_at": case.created_at, "updated_at": case.updated_at,
        "next_timer_at": case.next_timer_at, "region": case.region, "hold": case.hold,
        "active_tasks": active_tasks,
    }
    if history:
        events = audit.history(case.id)
        view["history"] = [{"at": e.at, "actor": e.actor, "action": e.action, "task_name": e.task_name,
                            "detail": e.detail, "who": who, "what": what, "step": step}
                           for e, (who, what, step) in zip(events, history_words(events), strict=True)]
    return view


def case_views(cases):
    """A list's cases without their history, with the open tasks of all of them read in one
    query: a page of 50 cases costs the same few statements as a page of 5."""
    open_tasks = tasks.active_tasks_by_case([c.id for c in cases])
    return [case_view(c, history=False, active_tasks=open_tasks[c.id]) for c in cases]


def comment_view(comment):
    """An opinion or comment with its author and office by name."""
    return {"id": comment.id, "case_id": comment.case_id, "task_id": comment.task_id, "kind": comment.kind,
            "author": comment.author.username, "author_name": comment.author.display_name or comment.author.username,
            "office": comment.org.name if comment.org else None, "office_id": comment.org_id,
            "at": comment.at, "step": comment.step, "text": comment.text}


def history_words(events):
    """(who, what, step) of each audit event in the user's language: people and offices by
    display name, the action in words (with the decision taken), the step by its name —
    the diagram's own (HumanTask.title) in Chinese, the label table's in English."""
    actors = {e.actor for e in events}
    names = dict(db.session.execute(db.select(User.username, User.display_name)
                                    .where(User.username.in_(actors))).all()) if actors else {}
    cases = {e.case_id for e in events if e.case_id}
    titles = dict(db.session.execute(db.select(HumanTask.name, HumanTask.title)
                                     .where(HumanTask.case_id.in_(cases))).all()) if cases else {}
    english = str(get_locale()) == "en"
    said = []
    for e in events:
        detail = e.detail or {}
        what = str(action_label(e.action))
        decision = (detail.get("data") or {}).get("decision") if isinstance(detail.get("data"), dict) else None
        if decision:
            what = gettext("%(what)s: %(decision)s", what=what, decision=value_label("decision", decision))
        step = str(step_label(e.task_name)) if english else titles.get(e.task_name or "") or str(step_label(e.task_name))
        said.append((str(actor_label(e.actor, names)), what, step))
    return said


def document_view(doc, case_id):
    """An official document as one case's list shows it: the case's part of the decision and
    the PDF's address (the API's for API clients, `page_url` for the pages)."""
    from flask import url_for
    content = doc.content or {}
    part = next((c.detail for c in doc.cases if c.case_id == case_id), {})
    return {
        "id": doc.id, "kind": doc.kind, "number": doc.number, "issuer": doc.issuer.name, "issuer_id": doc.issuer_id,
        "issued_at": doc.issued_at, "issued_by": doc.issued_by, "title": doc.title, "addressee": doc.addressee,
        "public": doc.public, "decision": part.get("decision"),
        "cases": [{"case_id": p["case_id"], "region_name": p["region"], "province_name": p.get("province"),
                   "decision": p.get("decision"), "rank": p.get("rank")} for p in content.get("cases", [])],
        "url": url_for("api_decisions.case_document_pdf", case_id=case_id, document_id=doc.id),
        "page_url": url_for("letter_pages.case_letter", case_id=case_id, document_id=doc.id)}


def public_document_url(document_id, page=False):
    from flask import url_for
    if document_id is None:
        return None
    return url_for("letter_pages.public_letter" if page else "api_public.document_pdf", document_id=document_id)


def reopened_view(task):
    """Why an open task is open again (sent back to it, or recalled), or None."""
    move = returns.reopened(task)
    if move is None:
        return None
    return {"kind": move.kind, "by": move.actor.username, "at": move.at, "reason": move.reason,
            "from_task": move.task.name, "from_title": move.task.title}
