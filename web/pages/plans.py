"""Creation-plan pages: member units' plan work (also a section of the inbox), a report's
form with evidence, the office's plan dashboard with import, task entry and 催办, and an
indicator's linked tasks and evidence for self-assessment. The API has the same services."""
from flask import Blueprint, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine import access, clock
from engine.casework import cases
from engine.errors import EngineError, Forbidden, InvalidInput, NotFound
from engine.plans import dashboard as plan_dashboard
from engine.plans import examples, planning, reminders
from engine.plans import work as plan_work
from models import db
from models.plans import PROGRESS
from web import inputs
from web.errors import say_error, say_fields
from web.labels import system_name

bp = Blueprint("plan_pages", __name__)


@bp.app_context_processor
def plan_helpers():
    def plan_work_open():
        """The member unit's open plan reports for the inbox section (none for other roles)."""
        if not current_user.is_authenticated or not access.unit_ids(current_user):
            return []
        return plan_work.work(current_user, "open").limit(50).all()
    def may_view_plan(case):
        return current_user.is_authenticated and access.may_view_plan(current_user, case)
    return {"plan_work_open": plan_work_open, "progress_label": progress_label, "now_utc": clock.now,
            "may_view_plan": may_view_plan}


def progress_label(value):
    return {"not_started": _("Not started"), "on_track": _("On track"), "delayed": _("Delayed"),
            "completed": _("Completed")}.get(value, value or "—")


def _figures(text):
    """'label = number' per line → {label: number}; bad lines are an input error."""
    out = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        label, sep, value = line.rpartition("=")
        try:
            if not sep or not label.strip():
                raise ValueError
            number = float(value.strip())
            out[label.strip()] = int(number) if number.is_integer() else number
        except ValueError:
            raise InvalidInput("figures are 'label = number', one per line",
                               fields={"figures": [_("Write one figure per line as: label = number")]}) from None
    return out


@bp.route("/plan-work")
@login_required
def work():
    status = request.args.get("status", "open")
    status = status if status in plan_work.STATUSES else "open"
    items = plan_work.work(current_user, status).limit(500).all()
    return render_template("plans/work.html", items=items, status=status,
                           is_unit=bool(access.unit_ids(current_user)))


@bp.route("/plan-work/<int:report_id>", methods=["GET", "POST"])
@login_required
def report(report_id):
    r = plan_work.get(current_user, report_id)
    errors, message = {}, None
    if request.method == "POST":
        form = request.form
        try:
            if request.files.get("file") and request.files["file"].filename:
                upload = request.files["file"]
                plan_work.add_evidence(current_user, r.id, upload.filename, upload.read(),
                                       current_app.config["FILES_DIR"])
                message = _("Evidence attached.")
            else:
                data = {"progress": form.get("progress"), "percent": form.get("percent", type=int),
                        "narrative": form.get("narrative", ""), "figures": _figures(form.get("figures"))}
                if r.role == "lead" and form.get("consolidation", "").strip():
                    data["consolidation"] = form["consolidation"].strip()
                plan_work.submit(current_user, r.id, data)
                return redirect(url_for(".work", done=r.id))
        except InvalidInput as exc:
            errors = say_fields(exc.fields) or {"form": [say_error(exc)]}
        db.session.expire(r)  # the evidence list and status changed in the committed transaction
        r = plan_work.get(current_user, report_id)
    return render_template("plans/report.html", r=r, view=plan_dashboard.report_view(r),
                           peers=[plan_dashboard.report_view(p) for p in plan_work.peers(r)],
                           mine=access.may_report_for(current_user, r.org_id), progress=PROGRESS,
                           errors=errors, message=message, form=request.form), 400 if errors else 200


@bp.route("/cases/<int:case_id>/plan", methods=["GET", "POST"])
@login_required
def dashboard(case_id):
    case = cases.get(current_user, case_id)
    manage = access.may_manage_plan(current_user, case)
    errors, message = {}, None
    if request.method == "POST" and not manage:
        raise Forbidden("only the region's office manages its creation plan")
    if request.method == "POST":
        try:
            message = _act(case_id, request.form)
        except EngineError as exc:
            if exc.status >= 500:
                raise
            errors = say_fields(exc.fields) or {"form": [say_error(exc)]}
            errors.setdefault("form", [say_error(exc)])
    try:
        board = plan_dashboard.dashboard(current_user, case_id)
    except NotFound:
        if not access.may_view_plan(current_user, case):
            raise
        board = None
    return render_template("plans/dashboard.html", case=case, board=board, manage=manage, errors=errors,
                           message=message, examples=examples.catalogue(),
                           units=planning.region_units(case.region_id)), 400 if errors else 200


def _act(case_id, form):
    action = form.get("action")
    if action == "import":
        upload = request.files.get("file")
        cadence = form.get("cadence") or None
        if form.get("example"):
            ex = examples.get(form["example"])
            _plan, counts = planning.import_plan(current_user, case_id, examples.files(form["example"]),
                                          source=f"example:{form['example']}", cadence=cadence, title=ex["title"],
                                          system_key=ex["indicator_system"], county=examples.county_of(form["example"]),
                                          document=examples.document(form["example"]))
        elif upload is not None and upload.filename:
            _plan, counts = planning.import_plan(current_user, case_id, [(upload.filename, upload.read(), None)],
                                          source=upload.filename, cadence=cadence)
        else:
            raise InvalidInput("choose a file or an example", fields={"file": [_("Choose a file or an example.")]})
        message = _("Imported %(tasks)s tasks for %(units)s units.", tasks=counts["tasks"], units=counts["units"])
        mapping = counts.get("mapping")
        if mapping and mapping["unmapped"]:  # links of another system that have no counterpart here
            message += " " + _("Indicators of %(source)s without a counterpart in %(target)s, not linked: %(numbers)s.",
                               source=system_name(mapping["from"]), target=system_name(mapping["to"]),
                               numbers="、".join(str(u["indicator"]) for u in mapping["unmapped"]))
        return message
    if action == "add_task":
        planning.add_task(current_user, case_id, {
            "number": form.get("number", ""), "title": form.get("title", ""),
            "description": form.get("description", ""), "lead_unit": form.get("lead_unit", ""),
            "responsible_units": form.getlist("responsible_units"), "indicators": form.get("indicators", ""),
            "due_date": form.get("due_date", "")})
        return _("Task added.")
    if action == "remind":
        reminders.remind(current_user, case_id, inputs.whole("org_id", form), form.get("message") or None)
        return _("Reminder sent.")
    raise InvalidInput("unknown action")


@bp.route("/cases/<int:case_id>/plan/indicators")
@login_required
def indicator_list(case_id):
    """The self-assessment overview: each indicator with its tasks' progress and evidence."""
    try:
        view = plan_dashboard.indicators(current_user, case_id)
    except NotFound:
        view = None
    return render_template("plans/indicators.html", case_id=case_id, view=view)


@bp.route("/cases/<int:case_id>/plan/indicators/<int:number>")
@login_required
def indicator(case_id, number):
    view = plan_dashboard.indicator(current_user, case_id, number)
    return render_template("plans/indicator.html", case_id=case_id, view=view)


@bp.route("/plan-evidence/<int:evidence_id>")
@login_required
def evidence(evidence_id):
    """An evidence file as an attachment: never rendered inline, never sniffed, sandboxed."""
    item, path = plan_work.evidence(current_user, evidence_id, current_app.config["FILES_DIR"])
    response = send_file(path, mimetype=item.content_type, as_attachment=True, download_name=item.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
