"""Pages for people: login, logout and the inbox (session cookies, CSRF on every form)."""
from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from engine import notifications, tasks
from engine.audit import record
from models import db

from .auth import authenticate
from .extensions import limiter

bp = Blueprint("pages", __name__)


class LoginForm(FlaskForm):
    username = StringField("username", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("password", validators=[DataRequired(), Length(max=200)])


@bp.route("/")
def index():
    return redirect(url_for("pages.inbox"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
            login_user(user)
            record(user, "user_logged_in")
            db.session.commit()
            target = request.args.get("next", "")
            return redirect(target if target.startswith("/") and not target.startswith("//")
                            else url_for("pages.inbox"))
        error = _("Wrong username or password.")
    return render_template("login.html", form=form, error=error), 401 if error else 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    return redirect(url_for("pages.login"))


@bp.route("/inbox")
@login_required
def inbox():
    page = max(request.args.get("page", 1, type=int), 1)
    query = tasks.inbox(current_user)
    total = query.order_by(None).count()
    items = query.limit(50).offset((page - 1) * 50).all()
    notices = notifications.inbox(current_user, unread=True).limit(20).all()  # reminders, 督办
    return render_template("inbox.html", tasks=items, total=total, page=page, notices=notices)
