"""Task pages: the task's own form (JSON Schema of its definition version) rendered
generically, server-side validation shown next to the fields, uploads, drafts, claim and
release, send back (退回) and recall (撤回), and the case data the role needs beside the form."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine import text
from engine.casework import comments, documents, drafts, phrases, returns, tasks, taskview
from engine.errors import Conflict, InvalidInput, TooLarge
from engine.text import InvalidText
from models import HumanTask, db
from models.comments import OPINION_FIELD
from web.errors import say_error
from web.pages import form_ui

bp = Blueprint("task_pages", __name__)


def _back(default):
    target = request.form.get("next") or ""
    return redirect(target if target.startswith("/") and not target.startswith("//") else default)


@bp.route("/tasks/<int:task_id>/claim", methods=["POST"])
@login_required
def claim(task_id):
    try:
        tasks.claim(current_user, task_id)
    except Conflict as exc:
        flash(say_error(exc), "error")
    return _back(url_for(".task", task_id=task_id))


@bp.route("/tasks/<int:task_id>/unclaim", methods=["POST"])
@login_required
def unclaim(task_id):
    try:
        tasks.unclaim(current_user, task_id)
    except Conflict as exc:
        flash(say_error(exc), "error")
    return _back(url_for("pages.inbox"))


@bp.route("/tasks/<int:task_id>/return", methods=["POST"])
@login_required
def send_back(task_id):
    """退回: the case goes back to the chosen earlier step, with the reason given."""
    to = request.form.get("to", "")
    try:
        case = returns.send_back(current_user, task_id, to, request.form.get("reason"))
    except InvalidInput:
        flash(_("Say why the case goes back: the reason is required."), "error")
        return redirect(url_for(".task", task_id=task_id))
    except Conflict as exc:
        flash(say_error(exc), "error")
        return redirect(url_for(".task", task_id=task_id))
    reopened = HumanTask.query.filter_by(case_id=case.id, name=to, completed_at=None).first()
    flash(_("Sent back: %(title)s is open again.", title=reopened.title if reopened else to), "notice")
    return redirect(url_for("case_pages.case", case_id=case.id))


@bp.route("/tasks/<int:task_id>/recall", methods=["POST"])
@login_required
def recall(task_id):
    """撤回: take back what you completed while the next step is untouched."""
    try:
        returns.recall(current_user, task_id)
    except Conflict as exc:
        flash(say_error(exc), "error")
        return _back(url_for(".task", task_id=task_id))
    flash(_("Recalled: the task is open again for you."), "notice")
    return redirect(url_for(".task", task_id=task_id))


def _store_uploads(task, schema, data, errors):
    """Keep the files sent with the form; each becomes a `doc:<id>` item of its field."""
    limit = current_app.config.get("UPLOAD_MAX_BYTES", documents.MAX_BYTES)
    stored = False
    for field in form_ui.leaves(form_ui.fields(schema)):
        if field["kind"] not in form_ui.DOCUMENTS:
            continue
        for upload in request.files.getlist(f"upload__{field['name']}"):
            if not upload or not upload.filename:
                continue
            try:
                document = documents.store(current_user, task.case, upload.stream, upload.filename,
                                           current_app.config["FILES_DIR"], field=field["name"],
                                           task_id=task.id, max_bytes=limit)
            except TooLarge:
                errors.setdefault(field["name"].split(".")[0], []).append(
                    _("%(name)s is larger than the limit of %(kb)s KB and was not accepted.",
                      name=upload.filename, kb=limit // 1024))
                continue
            except InvalidText:
                errors.setdefault(field["name"].split(".")[0], []).append(
                    _("%(name)s was not accepted: its name holds control or text-direction characters.",
                      name=text.shown(upload.filename)))
                continue
            except InvalidInput:
                errors.setdefault(field["name"].split(".")[0], []).append(
                    _("%(name)s was not accepted: allowed are PDF, OFD, Word, Excel, PowerPoint, "
                      "PNG, JPEG, text, CSV and ZIP files without web content.", name=upload.filename))
                continue
            items = form_ui.lookup(data, field["name"]) or []
            form_ui._put(data, field["name"], items + [document.reference])
            stored = True
    if stored:
        db.session.commit()


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@login_required
def task(task_id):
    task = tasks.get(current_user, task_id)  # 403 for another role or region, 404 if unknown
    if task.completed_at is not None:
        recallable = returns.recallable(current_user, task.case)
        return render_template("tasks/done.html", task=task, sent_back=returns.moved_from(task),
                               recallable=recallable is not None and recallable.id == task.id), \
            409 if request.method == "POST" else 200
    schema = tasks.form_of(task) or {"properties": {}}
    draft = drafts.of_task(task.id)
    reopened = returns.reopened(task)
    values = draft.data if draft else _submitted(task, schema) if reopened else {
        f["name"]: f["default"] for f in form_ui.fields(schema) if f["default"] is not None and f["kind"] != "object"}
    errors, status, message = {}, 200, None
    opinion = _opinion(request.form) if request.method == "POST" else (draft.data.get(OPINION_FIELD) if draft else None)
    if request.method == "POST":
        data, errors = form_ui.parse(schema, request.form)
        _store_uploads(task, schema, data, errors)
        values = data
        try:
            if errors:
                raise InvalidInput("unreadable fields", {})
            if request.form.get("action") == "draft":
                drafts.save(current_user, task.id, {**data, OPINION_FIELD: opinion} if opinion else data)
                message = _("Draft saved. Nothing was submitted yet.")
            else:
                delegate = task.delegated_to_id == current_user.id and task.delegation_state == "pending"
                case = tasks.complete(current_user, task.id, data, opinion)
                if delegate:  # 委派: what they filled in is the task's draft now, back with its holder
                    flash(_("Filled in: %(title)s goes back to %(user)s to complete.", title=task.title,
                            user=task.delegated_by_name), "notice")
                    return redirect(url_for("pages.inbox"))
                drafts.discard(task.id)
                flash(_("%(title)s submitted.", title=task.title), "notice")
                return redirect(url_for("case_pages.case", case_id=case.id))
        except InvalidInput as exc:
            errors.update(form_ui.humanise(schema, exc.fields))
            status = 400
        except Conflict as exc:
            errors["_form"] = [say_error(exc)]
            status = 409
    fields = form_ui.fields(schema)
    refs = [v for f in form_ui.leaves(fields) if f["kind"] in form_ui.DOCUMENTS
            for v in (form_ui.lookup(values, f["name"]) or [])]
    return render_template("tasks/task.html", task=task, schema=schema, fields=fields, values=values,
                           errors=errors, message=message, draft=draft, as_text=form_ui.as_text,
                           lookup=form_ui.lookup, duration_picked=form_ui.duration_picked,
                           context=taskview.context_fields(task), reopened=reopened,
                           return_targets=returns.return_targets(task),
                           docs=documents.referenced(refs + _context_refs(task), task.case_id),
                           upload_limit=current_app.config.get("UPLOAD_MAX_BYTES", documents.MAX_BYTES),
                           opinion=opinion, phrases=phrases.of(current_user)[0], opinion_max=comments.MAX_TEXT), status


def _opinion(form):
    """The opinion (办理意见) sent with the form; a chosen common phrase when it was left empty
    (the page works without JavaScript)."""
    written = (form.get("opinion") or "").strip()
    return written or (form.get("opinion_phrase") or "").strip() or None


def _submitted(task, schema):
    """What was last submitted in the form of a task that is open again (sent back, recalled)."""
    data = tasks.context(task)
    return {name: data[name] for name in (schema.get("properties") or {}) if name in data}


def _context_refs(task):
    return [d.reference for d in documents.of_case(task.case_id)]
