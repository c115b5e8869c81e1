"""Rounds: the list and SAMR opening a round with its calendar and notice; a round's page
(its notice with the files SAMR attaches to it, phases, cases by province and stage, overdue
work); a province's ranked recommendation list (Art 8); SAMR's page with every province's
list side by side and the decision on them as one list (creation approval, Art 9;
certification, Art 16)."""
from datetime import date, datetime, time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine.casework import documents, list_decisions, recommendations, round_attachments, round_progress
from engine.casework import rounds as round_service
from engine.clock import CHINA
from engine.errors import Conflict, InvalidInput, TooLarge
from engine.text import InvalidText
from models.rounds import DEADLINES, ListKind, RoundKind
from web import ui
from web.api.rounds import send_attachment
from web.errors import say_error, say_fields

bp = Blueprint("round_pages", __name__)
END_OF_DAY = time(23, 59, 59)


def _day(name, end=False):
    """A date field as a China-time moment (a deadline ends the day), None when empty."""
    text = (request.form.get(name) or "").strip()
    if not text:
        return None
    return datetime.combine(date.fromisoformat(text), END_OF_DAY if end else time(0), CHINA)


def _round_form():
    """The fields of the 'open a round' form, or ValueError when a required one is missing."""
    name = (request.form.get("name") or "").strip()
    kind = request.form.get("kind")
    opens, closes = _day("opens_on"), _day("closes_on", end=True)
    if not name or kind not in ("application", "evaluation") or opens is None or closes is None:
        raise ValueError
    title, text = (request.form.get("notice_title") or "").strip(), (request.form.get("notice_text") or "").strip()
    quota = (request.form.get("quota") or "").strip()
    return {"kind": kind, "name": name[:200], "opens_at": opens, "closes_at": closes,
            "deadlines": {d: _day(f"{d}_on", end=True) for d in DEADLINES},
            "quota": int(quota) if quota else None,
            "notice": {"title": title[:300], "text": text[:50000]} if title or text else None}


def _calendar_errors(exc):
    """The engine's field errors as the page says them (zh-CN)."""
    if any(k.startswith("deadlines") for k in exc.fields):
        return _("A deadline may not be before the round opens, nor before the deadline of an earlier phase; "
                 "deadlines and a quota belong to application rounds.")
    if "quota" in exc.fields:
        return _("The quota is a whole number of at least 1.")
    return say_error(exc)


@bp.route("/rounds", methods=["GET", "POST"], endpoint="rounds")
@login_required
def rounds_page():
    error = None
    if request.method == "POST" and not current_user.has_role("samr"):
        abort(403)  # before the form is read: a refusal never depends on the input
    if request.method == "POST":
        try:
            args = _round_form()
            if args["notice"] and not (args["notice"]["title"] and args["notice"]["text"]):
                raise ValueError
        except ValueError:
            error = _("Give the kind, a name and both dates; a notice needs its title and its text.")
        else:
            try:
                created = round_service.create(current_user, **args)
                flash(_("Round %(name)s opened.", name=created.name), "notice")
                return redirect(url_for(".rounds"))
            except InvalidInput as exc:
                error = _calendar_errors(exc)
    return render_template("rounds/rounds.html", rounds=round_service.all_rounds(), error=error), 400 if error else 200


@bp.route("/rounds/<int:round_id>", endpoint="round")
@login_required
def round_page(round_id, error=None, status=200):
    view = round_progress.progress(current_user, round_id)
    by_province = {}
    for c in view["cases"]:
        by_province.setdefault(c["province_name"] or "", []).append(c)
    return render_template("rounds/round.html", view=view, round=view["round"], by_province=by_province,
                           attachment_error=error, accepted=", ".join(sorted(round_attachments.TYPES)),
                           max_kb=_upload_limit() // 1024), status


def _upload_limit():
    return current_app.config.get("UPLOAD_MAX_BYTES", documents.MAX_BYTES)


@bp.route("/rounds/<int:round_id>/attachments", methods=["POST"], endpoint="add_attachment")
@ui.roles_required("samr")
def add_attachment(round_id):
    """SAMR attaches a file to the round's notice; the round page says what was refused."""
    round_service.get(round_id)
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            return round_page(round_id, _("Choose a file to attach."), 400)
        item = round_attachments.add(current_user, round_id, upload.stream, upload.filename,
                                     current_app.config["FILES_DIR"], _upload_limit())
    except TooLarge:
        return round_page(round_id, _("%(name)s is larger than the limit of %(kb)s KB and was not accepted.",
                                      name=upload.filename, kb=_upload_limit() // 1024), 413)
    except InvalidText:
        return round_page(round_id, _("The file name holds control or text-direction characters."), 400)
    except InvalidInput as exc:
        reason = say_fields(exc.fields).get("file", [say_error(exc)])[0]
        return round_page(round_id, _("%(name)s was not accepted (%(reason)s): a notice takes PDF, OFD, Word, "
                                      "Excel, PNG and JPEG files whose content is what their name says.",
                                      name=upload.filename if upload else "", reason=reason), 400)
    except Conflict as exc:
        return round_page(round_id, say_error(exc), 409)
    flash(_("%(name)s was attached to the notice.", name=item.filename), "notice")
    return redirect(url_for(".round", round_id=round_id) + "#h-notice")


@bp.route("/rounds/<int:round_id>/attachments/<int:attachment_id>", endpoint="attachment")
@login_required
def attachment(round_id, attachment_id):
    """A file of the round's notice for whoever may read the round (as the API serves it)."""
    return send_attachment(round_id, attachment_id)


@bp.route("/rounds/<int:round_id>/attachments/<int:attachment_id>/remove", methods=["POST"],
          endpoint="remove_attachment")
@ui.roles_required("samr")
def remove_attachment(round_id, attachment_id):
    name = round_attachments.get(round_id, attachment_id).filename
    round_attachments.remove(current_user, round_id, attachment_id)
    flash(_("%(name)s was removed from the notice.", name=name), "notice")
    return redirect(url_for(".round", round_id=round_id) + "#h-notice")


@bp.route("/rounds/<int:round_id>/recommendations", methods=["GET", "POST"], endpoint="recommendations")
@ui.roles_required("province")
def recommendations_page(round_id):
    round_ = round_service.get(round_id)
    waiting = recommendations.waiting(current_user, round_id)
    done = recommendations.submitted(round_id, recommendations.province_of(current_user))
    errors, values = {}, {}
    if request.method == "POST":
        items = _list_items(waiting, values)
        try:
            if any(i["decision"] not in ("recommend", "not_recommend") for i in items):
                raise InvalidInput("choose a decision for every case",
                                   {"items": [_("Choose a decision for every case.")]})
            if any(i["decision"] == "recommend" and not i.get("rank") for i in items):
                raise InvalidInput("rank every recommended case",
                                   {"items": [_("Give every recommended case its rank.")]})
            recommendations.submit(current_user, round_id, items)
            flash(_("The recommendation list was sent to SAMR."), "notice")
            return redirect(url_for(".recommendations", round_id=round_id))
        except InvalidInput as exc:
            errors = _list_errors(exc, round_)
    return render_template("rounds/recommendations.html", round=round_, waiting=waiting, errors=errors,
                           values=values, done=done), 400 if errors else 200


def _list_items(waiting, values):
    items = []
    for t in waiting:
        decision = request.form.get(f"decision_{t.case_id}")
        rank = request.form.get(f"rank_{t.case_id}", type=int)
        reasons = (request.form.get(f"reasons_{t.case_id}") or "").strip()
        values[t.case_id] = {"decision": decision, "rank": rank, "reasons": reasons}
        item = {"case_id": t.case_id, "decision": decision, "reasons": reasons or None}
        if decision == "recommend":
            item["rank"] = rank
        items.append(item)
    return items


def _list_errors(exc, round_):
    errors = say_fields(exc.fields) or {"items": [say_error(exc)]}
    if "rank" in errors:
        errors["rank"] = [_("Recommended cases are ranked 1, 2, 3 … without gaps or ties.")]
    if "reasons" in errors:
        errors["reasons"] = [_("Give the reasons for every case.")]
    if "quota" in exc.message:
        errors["items"] = [_("This round allows at most %(quota)s recommended cases per province.",
                             quota=round_.quota)]
    return errors


# The lists SAMR decides on each kind of round, in the order the measures take them.
LISTS_OF_ROUND = {RoundKind.APPLICATION: (ListKind.CREATION_APPROVAL,),
                  RoundKind.EVALUATION: (ListKind.PUBLIC_NOTICE, ListKind.CERTIFICATION)}


@bp.route("/rounds/<int:round_id>/lists", methods=["GET", "POST"], endpoint="lists")
@ui.roles_required("samr", "admin")
def lists_page(round_id):
    """SAMR: every province's list side by side, and the decisions on the waiting cases."""
    round_ = round_service.get(round_id)
    kinds = LISTS_OF_ROUND[RoundKind(round_.kind)]
    error = None
    if request.method == "POST":
        if not current_user.has_role("samr"):
            abort(403)
        kind = request.form.get("kind") or kinds[-1]  # a form without it: the round's last list
        if kind not in kinds:
            abort(400)
        try:
            items, data = _decision_form(kind)
            list_decisions.decide(current_user, round_id, kind, items, data)
            flash(_("The decision on %(n)s cases was recorded.", n=len(items)), "notice")
            return redirect(url_for(".lists", round_id=round_id))
        except InvalidInput as exc:
            error = say_fields(exc.fields).get("_page", [None])[0] or say_error(exc)
            if any("certified_on" in k for k in exc.fields):
                error = _("Give the date of the certification.")
            if any(k.endswith(("notice_title", "notice_content")) for k in exc.fields):
                error = _("Give the notice's title and text.")
    pending = {k: list_decisions.pending(current_user, round_id, k) for k in kinds} \
        if current_user.has_role("samr") else {}
    ranks = recommendations.rank_of([t.case_id for waiting in pending.values() for t in waiting])
    return render_template("rounds/lists.html", round=round_, kinds=kinds, error=error, pending=pending,
                           ranks=ranks, lists=recommendations.lists(current_user, round_id),
                           decisions=list_decisions.decisions(round_id)), 400 if error else 200


def _decision_form(kind):
    """(items, data common to all) from the decision form; 400 when nothing is chosen."""
    if kind == ListKind.CREATION_APPROVAL:
        items = [{"case_id": int(key[9:]), "decision": value,
                  "reasons": (request.form.get(f"reasons_{key[9:]}") or "").strip()[:5000] or None}
                 for key, value in request.form.items()
                 if key.startswith("decision_") and key[9:].isdigit() and value in ("approve", "decline")]
        data = None
    else:
        items = [{"case_id": int(v)} for v in request.form.getlist("case_id") if v.isdigit()]
        data = _notice_form() if kind == ListKind.PUBLIC_NOTICE else {
            "certified_on": (request.form.get("certified_on") or "").strip()[:10],
            "announcement": (request.form.get("announcement") or "").strip()[:20000] or None}
    if not items:
        raise InvalidInput("nothing chosen", {"_page": [_("Choose a decision for at least one case.")]})
    return items, data


def _notice_form():
    """The notice's title, text and address as the form sent them (the form schema checks them)."""
    return {"notice_title": (request.form.get("notice_title") or "").strip()[:200],
            "notice_content": (request.form.get("notice_content") or "").strip()[:20000],
            "notice_url": (request.form.get("notice_url") or "").strip()[:500] or None}
