"""Pages for people: login, logout and the inbox (session cookies, CSRF on every form)."""
from flask import Blueprint, current_app, redirect, render_template, request, send_from_directory, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from engine.accounts import sessions
from engine.audit import record
from engine.casework import inbox_filters, notifications, worklist
from engine.clock import local_text
from models import Round, db
from web import inputs, ui
from web.auth import sign_in
from web.extensions import limiter

bp = Blueprint("pages", __name__)


@bp.app_context_processor
def page_helpers():
    from web.labels import action_label, due_label, kind_label, status_label, support_label, value_label
    return {"lang_switch_url": ui.lang_switch_url, "args_without": ui.args_without, "status_label": status_label,
            "due_label": due_label, "value_label": value_label, "action_label": action_label,
            "kind_label": kind_label, "support_label": support_label}


class LoginForm(FlaskForm):
    username = StringField("username", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("password", validators=[DataRequired(), Length(max=200)])


@bp.app_template_filter("localtime")
def localtime(moment):
    """Beijing time, as the programme's deadlines are written."""
    return local_text(moment)


@bp.app_template_filter("localdate")
def localdate(moment):
    return local_text(moment, with_time=False)


@bp.route("/")
def index():
    return redirect(url_for("pages.inbox"))


@bp.route("/favicon.ico")
def favicon():
    """Browsers and feed readers ask here before (or without) reading base.html's icon link."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml", max_age=86400)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user, remember_client = sign_in(form.username.data, form.password.data)
        if user is not None:
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
            login_user(user)
            record(user, "user_logged_in")
            db.session.commit()
            target = request.args.get("next", "")
            return remember_client(redirect(target if target.startswith("/") and not target.startswith("//")
                                            else url_for("pages.inbox")))
        error = _("Wrong username or password.")
    return render_template("inbox/login.html", form=form, error=error), 401 if error else 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Ends every session of the user, on every device ("log out everywhere")."""
    user = current_user._get_current_object()
    logout_user()
    sessions.log_out(user)
    return redirect(url_for("pages.login"))


@bp.route("/inbox")
@login_required
def inbox():
    """My tasks and my group's unclaimed ones: tabs with counts, filters, paged in SQL."""
    args = request.args
    result = worklist.page(current_user, tab=args.get("tab", "all"), stage=args.get("stage") or None,
                           region_id=inputs.whole("region"), round_id=inputs.whole("round"),
                           due=args.get("due") or None, sort=args.get("sort", "due"),
                           page_no=ui.page_no(), per_page=ui.PER_PAGE, case_id=inputs.whole("case"),
                           words=args.get("q") or None)
    facets = result["facets"]
    rounds = Round.query.filter(Round.kind == "application").order_by(Round.opens_at.desc()).all() \
        if current_user.has_role("applicant") else []
    notices = notifications.addressed_to(current_user, unread=True).limit(20).all()  # reminders, 督办
    return render_template("inbox/inbox.html", result=result, notices=notices, tasks=result["items"], total=result["total"],
                           page=ui.page_no(), facets=facets, tab=args.get("tab", "all"),
                           regions=ui.org_names(facets["region_ids"]),
                           round_names=ui.round_names(facets["round_ids"]),
                           due_state=worklist.due_state, args_without=ui.args_without,
                           application_rounds=[r for r in rounds if r.is_open(result["now"])],
                           saved_filters=inbox_filters.mine(current_user))
