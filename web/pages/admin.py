"""Administrator pages: the scheduler's jobs, their runs and errors, thresholds, accounts
paused by repeated wrong passwords, and webhook subscriptions with their deliveries."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine import thresholds
from engine.accounts import signin
from engine.errors import EngineError, NotFound
from engine.webhooks import subscriptions as webhook_subscriptions
from models import JobRun, WebhookDelivery, WebhookSubscription, db
from models.webhooks import WEBHOOK_EVENTS
from web.api.scheduling import jobs_overview
from web.api.webhooks import counts as webhook_counts
from web.errors import say_error
from web.inputs import whole

bp = Blueprint("admin_pages", __name__, url_prefix="/admin")


def _admin_only():
    if not current_user.has_role("admin"):
        abort(403)


@bp.route("/jobs")
@login_required
def jobs():
    _admin_only()
    errors_only = request.args.get("errors") == "1"
    runs = JobRun.query
    if errors_only:
        runs = runs.filter(JobRun.outcome == "error")
    runs = runs.order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(50).all()
    return render_template("admin/jobs.html", overview=jobs_overview(), runs=runs,
                           errors_only=errors_only, settings=thresholds.all_settings())


@bp.route("/settings/<key>", methods=["POST"])
@login_required
def change_setting(key):
    """Change one threshold from the jobs page (CSRF-protected form)."""
    _admin_only()
    try:
        thresholds.put(key, request.form.get("value", "").strip(), current_user)
        db.session.commit()
    except EngineError as exc:
        db.session.rollback()
        flash(say_error(exc), "error")
    return redirect(url_for("admin_pages.jobs") + "#settings")


@bp.route("/accounts")
@login_required
def accounts():
    """Accounts whose sign-ins from new clients are paused, and a form to lift a pause."""
    _admin_only()
    return render_template("admin/accounts.html", paused=signin.paused())


@bp.route("/accounts/unlock", methods=["POST"])
@login_required
def unlock_account():
    _admin_only()
    username = request.form.get("username", "").strip()
    try:
        signin.unlock(current_user, username)
        flash(_("The account %(name)s may sign in again.", name=username), "notice")
    except EngineError:
        flash(_("There is no account %(name)s.", name=username), "error")
    return redirect(url_for("admin_pages.accounts"))


# -- webhooks ------------------------------------------------------------------------
@bp.route("/webhooks")
@login_required
def webhooks(new_secret=None, form=None):
    """Subscriptions of other systems with their deliveries (the newest 100, or one
    subscription's 200), each with its status, attempts, last error and next attempt."""
    _admin_only()
    subs = WebhookSubscription.query.order_by(WebhookSubscription.id).all()
    chosen = whole("subscription")
    rows = WebhookDelivery.query
    if chosen:
        rows = rows.filter(WebhookDelivery.subscription_id == chosen)
    rows = rows.order_by(WebhookDelivery.id.desc()).limit(200 if chosen else 100).all()
    return render_template("admin/webhooks.html", subscriptions=subs, counts=webhook_counts([s.id for s in subs]),
                           deliveries=rows, chosen=chosen, events=WEBHOOK_EVENTS, new_secret=new_secret,
                           form=form or {})


@bp.route("/webhooks/new", methods=["POST"])
@login_required
def webhook_create():
    """Register a subscription; the page shows its secret this once (never in a redirect)."""
    _admin_only()
    form = {"url": request.form.get("url", ""), "description": request.form.get("description", "")[:200],
            "events": request.form.getlist("events")}
    try:
        sub = webhook_subscriptions.create(current_user, form["url"], form["events"], form["description"])
        db.session.commit()
    except EngineError as exc:
        db.session.rollback()
        flash(say_error(exc), "error")
        return webhooks(form=form), 400
    return webhooks(new_secret=(sub.id, sub.secret))


@bp.route("/webhooks/<int:webhook_id>", methods=["POST"])
@login_required
def webhook_change(webhook_id):
    """Pause, resume, rotate the secret of, or delete a subscription."""
    _admin_only()
    action = request.form.get("action", "")
    changes = {"pause": {"active": False}, "resume": {"active": True}, "rotate": {"rotate_secret": True}}
    try:
        if action == "delete":
            webhook_subscriptions.delete(current_user, webhook_id)
        elif action in changes:
            sub = webhook_subscriptions.update(current_user, webhook_id, changes[action])
        else:
            abort(400)
        db.session.commit()
    except EngineError as exc:
        db.session.rollback()
        if isinstance(exc, NotFound):
            abort(404)
        flash(say_error(exc), "error")
        return redirect(url_for("admin_pages.webhooks"))
    if action == "rotate":
        return webhooks(new_secret=(sub.id, sub.secret))
    return redirect(url_for("admin_pages.webhooks"))


@bp.route("/webhooks/deliveries/<int:delivery_id>/retry", methods=["POST"])
@login_required
def webhook_retry(delivery_id):
    _admin_only()
    try:
        row = webhook_subscriptions.retry_delivery(current_user, delivery_id)
        db.session.commit()
    except NotFound:
        db.session.rollback()
        abort(404)
    except EngineError as exc:
        db.session.rollback()
        flash(say_error(exc), "error")
        return redirect(url_for("admin_pages.webhooks"))
    flash(_("Delivery %(id)s will be sent again shortly.", id=row.id), "notice")
    return redirect(url_for("admin_pages.webhooks", subscription=row.subscription_id))
