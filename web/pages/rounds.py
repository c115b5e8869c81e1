"""Rounds: the list, SAMR opening a round, and a province's ranked recommendation list (Art 8)."""
from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine.casework import recommendations
from engine.casework import rounds as round_service
from engine.clock import CHINA
from engine.errors import InvalidInput
from models import Round, db
from web import ui

bp = Blueprint("round_pages", __name__)


@bp.route("/rounds", methods=["GET", "POST"], endpoint="rounds")
@login_required
def rounds_page():
    error = None
    if request.method == "POST" and not current_user.has_role("samr"):
        abort(403)  # before the form is read: a refusal never depends on the input
    if request.method == "POST":
        try:
            opens = datetime.fromisoformat(request.form.get("opens_on", "")).replace(tzinfo=CHINA)
            closes = datetime.fromisoformat(request.form.get("closes_on", "")).replace(
                hour=23, minute=59, second=59, tzinfo=CHINA)
            name = (request.form.get("name") or "").strip()
            kind = request.form.get("kind")
            if not name or kind not in ("application", "evaluation"):
                raise ValueError
        except ValueError:
            error = _("Give the kind, a name and both dates.")
        else:
            try:
                created = round_service.create(current_user, kind, name[:200], opens, closes)
                flash(_("Round %(name)s opened.", name=created.name), "notice")
                return redirect(url_for(".rounds"))
            except InvalidInput as exc:
                error = exc.message
    return render_template("rounds/rounds.html", rounds=round_service.all_rounds(), error=error), 400 if error else 200


@bp.route("/rounds/<int:round_id>/recommendations", methods=["GET", "POST"], endpoint="recommendations")
@ui.roles_required("province")
def recommendations_page(round_id):
    round_ = db.session.get(Round, round_id)
    waiting = recommendations.waiting(current_user, round_id)
    errors, values = {}, {}
    if request.method == "POST":
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
            errors = exc.fields or {"items": [exc.message]}
            if "rank" in errors:
                errors["rank"] = [_("Recommended cases are ranked 1, 2, 3 … without gaps or ties.")]
            if "reasons" in errors:
                errors["reasons"] = [_("Give the reasons for every case.")]
    return render_template("rounds/recommendations.html", round=round_, waiting=waiting, errors=errors,
                           values=values), 400 if errors else 200
