"""The public side, no login: the notices SAMR published (title, text, every region on each,
their end), the objection form (validated, throttled per client, confirmation number shown),
and the zones with their decisions' numbers, dates and announcements."""
from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from engine.casework import experience, objections, publication
from engine.errors import Conflict
from engine.text import InvalidText
from models import Case, db
from web.api.public import client_id
from web.extensions import limiter

bp = Blueprint("public_pages", __name__, url_prefix="/public")


class ObjectionForm(FlaskForm):
    name = StringField(_l("Your name or organisation"), validators=[
        DataRequired(_l("This field is required.")), Length(max=100)])
    contact = StringField(_l("How to reach you (phone or e-mail)"), validators=[
        DataRequired(_l("This field is required.")), Length(min=3, max=200, message=_l("Between 3 and 200 characters."))])
    content = TextAreaField(_l("Your objection and its facts"), validators=[
        DataRequired(_l("This field is required.")), Length(min=2, max=5000, message=_l("Between 2 and 5000 characters."))])


@bp.route("/")
def notices():
    notices = publication.notice_groups(publication.notices())
    return render_template("public/notices.html", notices=notices, zones=publication.zones())


@bp.route("/zones")
def zones():
    return render_template("public/zones.html", zones=publication.zones())


@bp.route("/experiences")
def experiences():
    """The experience library (Art 20): the replicable practice SAMR curated from the zones' reports."""
    return render_template("public/experiences.html", items=experience.library())


def _throttle_key():
    return client_id()


@bp.route("/notices/<int:case_id>/objection", methods=["GET", "POST"])
@limiter.limit("5 per minute;30 per day", methods=["POST"], key_func=_throttle_key)
def objection(case_id):
    case = db.session.get(Case, case_id)
    if case is None or case.stage != "public_notice":
        return render_template("error.html", status=404,
                               message=_("This case is not in public notice.")), 404
    form = ObjectionForm()
    error, receipt = None, None
    if form.validate_on_submit():
        try:
            receipt = objections.submit(case_id, form.name.data.strip(), form.contact.data.strip(),
                                        form.content.data.strip(), client_id())
        except Conflict:
            error = _("The public notice has ended: objections are no longer accepted.")
        except InvalidText as exc:  # the engine's text policy, shown next to the field
            for name in exc.fields:
                getattr(form, name).errors.append(_("Remove the control or text-direction characters."))
    status = 201 if receipt else (400 if form.errors or error else 200)
    return render_template("public/objection.html", case=case, form=form, error=error,
                           receipt=receipt), status
