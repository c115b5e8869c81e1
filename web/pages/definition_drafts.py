"""Administrator pages for the next version of a process before it is deployed: the draft
(engine.definitions.drafts), its changes against the deployed version drawn on the diagram,
and the form editor with a live preview rendered by the inbox's own form renderer
(web/pages/form_ui.py, templates/tasks/_fields.html).

The form editor and the preview speak JSON (CSRF token as X-CSRFToken, as the modeler);
the draft page's upload, deploy and discard are ordinary forms.
"""
import contextlib

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from engine.casework import documents
from engine.definitions import drafts, formcheck, forms, registry, ui
from engine.errors import EngineError, InvalidInput, NotFound
from engine.runtime import trail
from models import Case
from web.errors import say_error, say_fields
from web.pages import form_ui
from web.pages.definitions import admin_required

bp = Blueprint("draft_pages", __name__)
# the diff's aspects (engine.definitions.diff) as the table names them
ASPECTS = {"type": _l("type"), "name": _l("name"), "lane": _l("lane (role)"), "condition": _l("condition"),
           "timer": _l("timer"), "script": _l("script"), "documentation": _l("documentation"),
           "multi-instance": _l("multi-instance"), "message": _l("message"), "signal": _l("signal"),
           "error": _l("error"), "escalation": _l("escalation"), "sourceRef": _l("source"),
           "targetRef": _l("target"), "attachedToRef": _l("attached to"), "calledElement": _l("called process"),
           "default": _l("default flow"), "cancelActivity": _l("interrupting"),
           "form content": _l("content of the form")}


def aspect_label(aspect):
    kind, _sep, name = aspect.partition(" ")
    if kind == "property" and name:
        return _("property %(name)s", name=name)
    if kind == "extension" and name:
        return _("extension %(name)s", name=name)
    return str(ASPECTS.get(aspect, aspect))


def _current(key):
    try:
        return registry.latest(key)
    except NotFound:
        abort(404)


def _refused(exc, status=None):
    return jsonify(error={"code": exc.code, "message": say_error(exc), "fields": say_fields(exc.fields)}), \
        status or exc.status


def _open_cases(definition, limit=200):
    return (Case.query.filter_by(definition_id=definition.id).filter(Case.status != "closed")
            .order_by(Case.id).limit(limit).all())


@bp.route("/admin/definitions/<key>/draft")
@admin_required
def draft(key):
    """The draft: its forms and files, what it changes (table and diagram), deploy."""
    current = _current(key)
    changes = drafts.changes(key)
    main = trail.main_file(current)
    marks = {"added": [r["id"] for r in changes["added"] if r["file"] == main],
             "changed": [r["id"] for r in changes["changed"] if r["file"] == main]}
    open_cases = _open_cases(current)
    return render_template("definitions/draft.html", current=current, draft=drafts.of(key), changes=changes,
                           forms=sorted(drafts.forms(key)), xml=drafts.files(key).get(main, ""), main=main,
                           marks=marks, cases=open_cases, aspect_label=aspect_label, message=request.args.get("message"),
                           error=request.args.get("error"))


@bp.route("/admin/definitions/<key>/draft/files", methods=["POST"])
@admin_required
def upload(key):
    """Put edited diagrams (and .json forms) into the draft; nothing is deployed. A page's
    upload (multipart, answered by a redirect), or JSON {"files": {name: xml}} from a script
    of a page such as the modeler (X-CSRFToken; answered in JSON, 400 naming file and line)."""
    _current(key)
    body = request.get_json(silent=True) if request.is_json else None
    if body is not None:
        files = body.get("files") if isinstance(body, dict) else None
        uploaded = {str(k): str(v).encode("utf-8") for k, v in files.items()} if isinstance(files, dict) else {}
        try:
            drafts.save_files(current_user, key, uploaded)
        except EngineError as exc:
            return _refused(exc)
        return jsonify(saved=sorted(uploaded), draft_url=url_for(".draft", key=key))
    uploaded = {f.filename: f.read() for f in request.files.getlist("files") if f.filename}
    try:
        drafts.save_files(current_user, key, uploaded)
    except EngineError as exc:
        fields = say_fields(exc.fields)
        return redirect(url_for(".draft", key=key, error=" ".join([say_error(exc)] + [
            m for name, ms in fields.items() if name not in ("file", "line", "element") for m in ms])))
    return redirect(url_for(".draft", key=key, message=_("Saved in the draft: %(files)s", files=", ".join(sorted(uploaded)))))


@bp.route("/admin/definitions/<key>/draft/deploy", methods=["POST"])
@admin_required
def deploy(key):
    """Deploy the draft: the full deploy check runs first; a refusal keeps the draft."""
    previous = _current(key)
    try:
        created = drafts.deploy(current_user, key, current_app.config["BPMN_DIR"])
    except EngineError as exc:
        return redirect(url_for(".draft", key=key, error=say_error(exc)))
    new = next((d for d in created if d.key == key), None)
    if new is not None and _open_cases(previous, 1):  # straight on to the migration preview of its cases
        return redirect(url_for("admin_definitions.migrations", definition_id=previous.id, to_version=new.version))
    message = (", ".join(f"{d.key} v{d.version}" for d in created) if created
               else _("Nothing changed: no new version."))
    return redirect(url_for("admin_definitions.definitions", message=message))


@bp.route("/admin/definitions/<key>/draft/discard", methods=["POST"])
@admin_required
def discard(key):
    _current(key)
    with contextlib.suppress(NotFound):  # nothing to discard: the same page either way
        drafts.discard(current_user, key)
    return redirect(url_for("admin_definitions.definitions"))


@bp.route("/admin/definitions/<key>/forms")
@admin_required
def form_editor(key):
    """The form editor: `?form=<name>` edits a form of the next version, no name makes a new one."""
    _current(key)
    name = request.args.get("form") or ""
    available = drafts.forms(key)
    if name and name not in available:
        abort(404)
    schema = available.get(name) or {"$schema": "https://json-schema.org/draft/2020-12/schema",
                                      "title": "", "type": "object", "required": [], "properties": {}}
    return render_template("definitions/form_editor.html", key=key, name=name, schema=schema,
                           widgets=ui.WIDGETS, types=formcheck.TYPES, forms=sorted(available))


@bp.route("/admin/definitions/<key>/forms/<name>", methods=["POST"])
@admin_required
def save_form(key, name):
    """JSON {"schema": {...}} → the form stored in the draft; 400 naming the field, nothing stored."""
    _current(key)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or "schema" not in body:
        return _refused(InvalidInput("send JSON {{\"schema\": {{...}}}}", {"schema": ["missing"]}))
    try:
        drafts.save_form(current_user, key, name, body["schema"])
    except EngineError as exc:
        return _refused(exc)
    return jsonify(saved=name, key=key, draft_url=url_for(".draft", key=key),
                   message=_("Form %(name)s saved in the draft of %(key)s.", name=name, key=key))


@bp.route("/admin/forms/preview", methods=["POST"])
@admin_required
def preview():
    """JSON {"schema": {...}} → the form as a task page renders it (an HTML fragment), after
    the checks a save runs; 400 JSON naming the fields otherwise."""
    body = request.get_json(silent=True)
    schema = body.get("schema") if isinstance(body, dict) else None
    name = body.get("name") if isinstance(body, dict) else None
    try:
        formcheck.check(name if isinstance(name, str) and formcheck.NAME.fullmatch(name) else "form", schema,
                        empty_ok=True)
        fields = form_ui.fields(forms.resolve(schema))
    except EngineError as exc:
        return _refused(exc)
    return render_template("definitions/_form_preview.html", schema=schema, fields=fields, values={},
                           errors={}, docs={}, upload_limit=current_app.config.get("UPLOAD_MAX_BYTES", documents.MAX_BYTES),
                           as_text=form_ui.as_text, lookup=form_ui.lookup, duration_picked=form_ui.duration_picked)
