"""Administrator pages for process definitions: versions, diagrams, the modeler, upload,
migration and incidents; and the case diagram any user who may see the case can open.

Session cookies and CSRF on every POST (the modeler sends the token as X-CSRFToken).
Diagrams are drawn in the browser by bpmn-js / dmn-js, served from node_modules.
"""
from functools import wraps
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine.casework import cases
from engine.definitions import drafts, migration, registry
from engine.errors import DefinitionInvalid, EngineError
from engine.operations import incidents, recovery
from engine.runtime import trail
from models import Case, ProcessDefinition, db
from web import inputs, security
from web.api.definitions import detail
from web.errors import say_error, say_fields
from web.pages.modeler_panel import page_language, panel_data

bp = Blueprint("admin_definitions", __name__)
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
VENDOR = {"bpmn-js": "bpmn-js/dist", "dmn-js": "dmn-js/dist"}


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.has_role("admin"):
            abort(403)
        return view(*args, **kwargs)
    return wrapper


@bp.route("/vendor/<lib>/<path:filename>")
def vendor(lib, filename):
    """bpmn-js and dmn-js as `npm ci` installed them (never copied into the repository)."""
    if lib not in VENDOR:
        abort(404)
    return send_from_directory(NODE_MODULES / VENDOR[lib], filename, max_age=3600)


def _get(definition_id) -> ProcessDefinition:
    definition = db.session.get(ProcessDefinition, definition_id)
    if definition is None:
        abort(404)
    return definition


@bp.route("/admin/definitions")
@admin_required
def definitions():
    rows = ProcessDefinition.query.order_by(ProcessDefinition.key, ProcessDefinition.version.desc()).all()
    grouped = {}
    for d in rows:
        grouped.setdefault(d.key, []).append(detail(d))
    return render_template("definitions/list.html", grouped=grouped,
                           message=request.args.get("message"), error=request.args.get("error"))


@bp.route("/admin/definitions/<int:definition_id>")
@admin_required
def definition(definition_id):
    d = _get(definition_id)
    name = request.args.get("file") or trail.main_file(d)
    cases_on = (Case.query.filter_by(definition_id=d.id).filter(Case.status != "closed")
                .order_by(Case.id).limit(200).all())
    newer = (ProcessDefinition.query.filter(ProcessDefinition.key == d.key,
                                            ProcessDefinition.version > d.version)
             .order_by(ProcessDefinition.version).all())
    return render_template("definitions/definition.html", d=detail(d), file=name,
                           xml=trail.source(d, name), cases=cases_on, newer=newer)


@bp.route("/admin/definitions/<int:definition_id>/download/<path:name>")
@admin_required
def download(definition_id, name):
    xml = trail.source(_get(definition_id), name)
    return Response(xml, mimetype="application/xml",
                    headers={"Content-Disposition": f'attachment; filename="{Path(name).name}"'})


@bp.route("/admin/definitions/<int:definition_id>/edit")
@admin_required
def edit(definition_id):
    d = _get(definition_id)
    name = request.args.get("file") or trail.main_file(d)
    kind = "dmn" if name.endswith(".dmn") else "bpmn"
    panel = panel_data(d) if kind == "bpmn" else None
    draft = drafts.of(d.key) if kind == "bpmn" and d.id == registry.latest(d.key).id else None
    from_draft = draft is not None and name in draft.files  # the next version's file, as saved
    xml = draft.files[name] if from_draft else trail.source(d, name)
    response = make_response(render_template("definitions/modeler.html", d=detail(d), file=name,
                                             xml=xml, kind=kind, panel=panel, from_draft=from_draft,
                                             lang=page_language()))
    response.headers["Content-Security-Policy"] = security.CSP_WITH_STYLE_ATTRIBUTES
    return response


def _deploy(files):
    created = registry.deploy_upload(files, current_app.config["BPMN_DIR"],
                                               current_user.username)
    db.session.commit()
    return created


@bp.route("/admin/definitions/deploy", methods=["POST"])
@admin_required
def deploy():
    """From the modeler: JSON {"files": {name: xml}}; answers JSON either way."""
    body = request.get_json(silent=True) or {}
    files = {str(k): str(v).encode("utf-8") for k, v in (body.get("files") or {}).items()}
    if not files:
        return jsonify(error={"message": _("Nothing to deploy."), "fields": {}}), 400
    try:
        created = _deploy(files)
    except DefinitionInvalid as exc:
        db.session.rollback()
        return jsonify(error={"message": say_error(exc), "fields": say_fields(exc.fields)}), 400
    return jsonify(created=[{"id": d.id, "key": d.key, "version": d.version} for d in created])


@bp.route("/admin/definitions/upload", methods=["POST"])
@admin_required
def upload():
    files = {f.filename: f.read() for f in request.files.getlist("files") if f.filename}
    try:
        created = _deploy(files) if files else []
    except DefinitionInvalid as exc:
        db.session.rollback()
        return redirect(url_for(".definitions", error=say_error(exc)))
    message = (", ".join(f"{d.key} v{d.version}" for d in created) if created
               else _("Nothing changed: no new version."))
    return redirect(url_for(".definitions", message=message))


@bp.route("/admin/migrations", methods=["GET", "POST"])
@admin_required
def migrations():
    """Preview (GET) and run (POST) a bulk move of the open cases on one version."""
    source = _get(inputs.whole("definition_id", request.values) or abort(400))
    to_version = inputs.whole("to_version", request.values)
    stage = request.values.get("stage") or None
    case_ids = [inputs.whole("case_id", {"case_id": c}) for c in request.values.getlist("case_id")
                if c.strip()] or None
    selection = {"from_version": source.version, "stage": stage, "case_ids": case_ids}
    results, ran = [], request.method == "POST"
    if to_version:
        try:
            results = (migration.migrate_many(current_user, source.key, to_version, **selection) if ran
                       else migration.preview(source.key, to_version, **selection))
        except EngineError as exc:
            return render_template("error.html", status=exc.status, message=say_error(exc)), exc.status
    newer = (ProcessDefinition.query.filter(ProcessDefinition.key == source.key,
                                            ProcessDefinition.version > source.version)
             .order_by(ProcessDefinition.version).all())
    return render_template("definitions/migrations.html", source=source, newer=newer, to_version=to_version,
                           stage=stage, results=results, ran=ran)


@bp.route("/admin/incidents")
@admin_required
def incidents_page():
    state = request.args.get("state", "open")
    query = incidents.open_incidents() if state == "open" else incidents.all_incidents(state)
    return render_template("definitions/incidents.html", incidents=query.limit(200).all(), state=state,
                           message=request.args.get("message"))


def _act(action, *args):
    try:
        action(current_user, *args)
        return None
    except EngineError as exc:
        return say_error(exc)


@bp.route("/admin/incidents/<int:incident_id>/retry", methods=["POST"])
@admin_required
def retry(incident_id):
    error = _act(recovery.retry, incident_id)
    return redirect(url_for(".incidents_page", message=error or _("Retried: the step went through.")))


@bp.route("/admin/cases/<int:case_id>/<any(suspend, resume):action>", methods=["POST"])
@admin_required
def hold(case_id, action):
    if action == "suspend":
        error = _act(recovery.suspend, case_id, request.form.get("reason", ""))
    else:
        error = _act(recovery.resume, case_id)
    return redirect(request.form.get("next") if (request.form.get("next") or "").startswith("/")
                    else url_for(".case_diagram", case_id=case_id, message=error))


@bp.route("/cases/<int:case_id>/diagram")
@login_required
def case_diagram(case_id):
    """The case's diagram: completed elements, active ones and the path taken."""
    case = cases.get(current_user, case_id)
    name = trail.main_file(case.definition)
    return render_template("definitions/case_diagram.html", case=case, file=name,
                           xml=trail.source(case.definition, name), marks=trail.of_case(case),
                           incidents=incidents.of_case(case.id) if current_user.has_role("admin") else [],
                           message=request.args.get("message"))
