"""Official letters on the pages: a case's letters as PDF, the public decisions as PDF, and
the administrators' page of document number patterns (文号规则)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine.casework import cases, decisions, numbering
from engine.errors import EngineError, InvalidInput
from models import db
from web import ui
from web.errors import say_error
from web.pages import letter_pdf

bp = Blueprint("letter_pages", __name__)


@bp.route("/cases/<int:case_id>/letters/<int:document_id>.pdf")
@login_required
def case_letter(case_id, document_id):
    case = cases.get(current_user, case_id)  # 403 for another region's case
    return letter_pdf.response(decisions.of_case_one(case.id, document_id))


@bp.route("/public/letters/<int:document_id>.pdf")
def public_letter(document_id):
    return letter_pdf.response(decisions.public_document(document_id))


@bp.route("/admin/document-numbers", methods=["GET", "POST"])
@ui.roles_required("admin")
def numbers():
    """Each issuer's pattern with this year's last serial; one form per issuer."""
    if request.method == "POST":
        try:
            numbering.put_pattern(current_user, request.form.get("issuer_id", type=int) or 0,
                                  request.form.get("pattern", ""))
            db.session.commit()
            flash(_("The number pattern was saved."), "notice")
        except InvalidInput:
            db.session.rollback()
            flash(_("Not saved: a pattern needs {n}, the serial number; only {year} and {n} may stand in braces."),
                  "error")
        except EngineError as exc:
            db.session.rollback()
            flash(_("Not saved: %(reason)s", reason=say_error(exc)), "error")
        return redirect(url_for(".numbers"))
    return render_template("letters/numbers.html", items=numbering.patterns())
