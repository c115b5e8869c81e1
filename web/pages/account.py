"""The user's own account: password change (the current password is asked again; the
user's other sessions end, this one continues), the common phrases (常用语) offered beside
every task's opinion, and mail preferences (address; mail at once, one digest a day, or none)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from engine.accounts import passwords
from engine.casework import phrases
from engine.errors import InvalidInput
from engine.mail import preferences
from models.mail import MailMode

bp = Blueprint("account_pages", __name__, url_prefix="/account")

MESSAGES = {"wrong password": _l("The current password is wrong."),
            "does not match": _l("The two new passwords differ."),
            "must differ from the current password": _l("Choose a password different from the current one.")}


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("This field is required.")), Length(max=200)])
    new = PasswordField(_l("New password"), validators=[DataRequired(_l("This field is required.")), Length(max=200)])
    repeated = PasswordField(_l("New password again"), validators=[DataRequired(_l("This field is required.")), Length(max=200)])


class MailForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[Length(max=preferences.MAX_ADDRESS)])
    mode = RadioField(_l("Mail of notifications"), default=MailMode.IMMEDIATE, choices=[
        SelectChoice(MailMode.IMMEDIATE, _l("One mail per notification, at once")),
        SelectChoice(MailMode.DIGEST, _l("One digest a day")),
        SelectChoice(MailMode.OFF, _l("No mail (messages page only)"))])


def _mail_form(formdata=None):
    user = current_user._get_current_object()
    return MailForm(formdata=formdata, data={"email": user.email or "", "mode": user.mail_mode})


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            user = passwords.change(current_user._get_current_object(), form.current.data, form.new.data, form.repeated.data)
            login_user(user)  # every other session has ended; this one goes on with the new version
            flash(_("Your password was changed."), "notice")
            return redirect(url_for("pages.inbox"))
        except InvalidInput as exc:
            for name, messages in exc.fields.items():
                getattr(form, name).errors = [
                    MESSAGES.get(m) or _("At least %(n)s characters.", n=passwords.MIN_LENGTH) for m in messages]
    return render_template("account/password.html", form=form, phrases=phrases.of(current_user),
                           mail_form=_mail_form()), 400 if form.errors else 200


@bp.route("/phrases", methods=["POST"], endpoint="phrases")
@login_required
def save_phrases():
    """One phrase a line; `reset` brings the office's defaults back."""
    user = current_user._get_current_object()
    if request.form.get("action") == "reset":
        phrases.reset(user)
        flash(_("Your common phrases are the office's defaults again."), "notice")
    else:
        lines = [line for line in (request.form.get("phrases") or "").splitlines() if line.strip()]
        try:
            phrases.put(user, lines)
            flash(_("Your common phrases were saved."), "notice")
        except InvalidInput:
            flash(_("At most %(count)s phrases of at most %(length)s characters each, without control characters.",
                    count=phrases.MAX_PHRASES, length=phrases.MAX_LENGTH), "error")
    return redirect(url_for(".password") + "#phrases")


@bp.route("/mail", methods=["POST"])
@login_required
def mail():
    form = MailForm()
    if form.validate_on_submit():
        try:
            preferences.change(current_user._get_current_object(), form.mode.data, form.email.data)
            flash(_("Your mail settings were saved."), "notice")
            return redirect(url_for("account_pages.password"))
        except InvalidInput as exc:
            for name in exc.fields:
                getattr(form, name).errors = [_("Enter an address such as name@example.org (required unless mail is off).")
                                              if name == "email" else _("Choose one of the options.")]
    return render_template("account/password.html", form=PasswordForm(formdata=None),
                           phrases=phrases.of(current_user), mail_form=form), 400
