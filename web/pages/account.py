"""The user's own account: password change (the current password is asked again; the
user's other sessions end, this one continues)."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from engine.accounts import passwords
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
    return render_template("account/password.html", form=form), 400 if form.errors else 200
