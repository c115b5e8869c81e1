"""The user's own account: password change (the current password is asked again; the
user's other sessions end, this one continues) and the common phrases (常用语) offered
beside every task's opinion."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from engine.accounts import passwords
from engine.casework import phrases
from engine.errors import InvalidInput

bp = Blueprint("account_pages", __name__, url_prefix="/account")

MESSAGES = {"wrong password": _l("The current password is wrong."),
            "does not match": _l("The two new passwords differ."),
            "must differ from the current password": _l("Choose a password different from the current one.")}


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("This field is required.")), Length(max=200)])
    new = PasswordField(_l("New password"), validators=[DataRequired(_l("This field is required.")), Length(max=200)])
    repeated = PasswordField(_l("New password again"), validators=[DataRequired(_l("This field is required.")), Length(max=200)])


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
    return render_template("account/password.html", form=form, phrases=phrases.of(current_user)), \
        400 if form.errors else 200


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
