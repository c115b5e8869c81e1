from flask import current_app, g, request
from sqlalchemy import func

from engine.definitions import drafts, registry
from engine.errors import InvalidInput, NotFound
from engine.runtime import trail
from models import Case, ProcessDefinition, db
from web.api import Blueprint, protected, requires
from web.api.schemas.common import DefinitionListSchema
from web.api.schemas.definitions import (
    DefinitionDetailSchema,
    DeployResultSchema,
    DraftFormSchema,
    DraftSchema,
)

blp = protected(Blueprint("api_definitions", __name__, url_prefix="/api/v1",
                          description="Process definitions"))


@blp.route("/definitions")
@blp.response(200, DefinitionListSchema)
def list_definitions():
    """Deployed process definitions, every version."""
    items = ProcessDefinition.query.order_by(ProcessDefinition.key, ProcessDefinition.version).all()
    return {"items": items, "total": len(items)}


def uploaded_files() -> dict:
    """{file name: bytes} from a multipart upload (any field) or JSON {"files": {name: xml}}."""
    if request.files:
        return {f.filename: f.read() for f in request.files.values() if f.filename}
    body = request.get_json(silent=True)
    if isinstance(body, dict) and isinstance(body.get("files"), dict):
        return {str(k): str(v).encode("utf-8") for k, v in body["files"].items()}
    raise InvalidInput("send .bpmn/.dmn files as multipart/form-data, or JSON {\"files\": {name: xml}}",
                       {"files": ["no file"]})


@blp.route("/definitions", methods=["POST"])
@requires("admin")
@blp.response(201, DeployResultSchema)
def deploy():
    """Upload .bpmn/.dmn files (and .json forms); every check runs before anything is
    written. 400 with the parser's message, file, line and element on a bad diagram."""
    files = uploaded_files()
    if not files:
        raise InvalidInput("no file uploaded", {"files": ["no file"]})
    created = registry.deploy_upload(files, current_app.config["BPMN_DIR"], g.user.username)
    db.session.commit()
    return {"items": created, "total": len(created)}


def get_definition(definition_id) -> ProcessDefinition:
    definition = db.session.get(ProcessDefinition, definition_id)
    if definition is None:
        raise NotFound("process definition {definition_id} does not exist", definition_id=definition_id)
    return definition


def detail(definition):
    by_status = dict(db.session.query(Case.status, func.count(Case.id))
                     .filter(Case.definition_id == definition.id).group_by(Case.status).all())
    counts = {True: sum(n for s, n in by_status.items() if s != "closed"),
              False: by_status.get("closed", 0)}
    return {**{c: getattr(definition, c) for c in ("id", "key", "version", "hash", "name",
                                                     "deployed_at", "deployed_by")},
            "files": sorted(trail.sources(definition)), "main_file": trail.main_file(definition),
            "open_cases": counts.get(True, 0), "all_cases": sum(counts.values())}


@blp.route("/definitions/<int:definition_id>")
@blp.response(200, DefinitionDetailSchema)
def get_definition_detail(definition_id):
    """One version: who deployed it when, its files, how many cases run on it."""
    return detail(get_definition(definition_id))


@blp.route("/definitions/<int:definition_id>/sources/<path:name>")
def get_source(definition_id, name):
    """The XML of one deployed file, as deployed."""
    xml = trail.source(get_definition(definition_id), name)
    return current_app.response_class(xml, mimetype="application/xml")


def draft_summary(key: str) -> dict:
    """The draft of `key` and its changes (engine.definitions.drafts.changes), flat."""
    changes = drafts.changes(key)
    draft = drafts.of(key)
    return {**{k: changes[k] for k in ("key", "version", "definition_id", "based_on_version",
                                       "added", "removed", "changed")},
            "exists": draft is not None, "updated_by": draft.updated_by if draft else None,
            "updated_at": draft.updated_at if draft else None,
            "files": sorted(draft.files) if draft else [], "forms": sorted(draft.forms) if draft else [],
            "forms_added": changes["forms"]["added"], "forms_changed": changes["forms"]["changed"]}


@blp.route("/definitions/<key>/draft")
@requires("admin")
@blp.response(200, DraftSchema)
def get_draft(key):
    """The draft of the process's next version (or none yet) and its elements added, removed
    and changed against the latest version."""
    registry.latest(key)
    return draft_summary(key)


@blp.route("/definitions/<key>/draft/forms/<name>", methods=["PUT"])
@requires("admin")
@blp.arguments(DraftFormSchema)
@blp.response(200, DraftSchema)
def put_draft_form(body, key, name):
    """Store a form in the draft (checked as a deploy checks it; 400 naming the field, nothing stored)."""
    registry.latest(key)
    drafts.save_form(g.user, key, name, body["schema"])
    return draft_summary(key)


@blp.route("/definitions/<key>/draft/files", methods=["POST"])
@requires("admin")
@blp.response(200, DraftSchema)
def post_draft_files(key):
    """Put edited .bpmn/.dmn files (and .json forms) into the draft; nothing is deployed."""
    registry.latest(key)
    drafts.save_files(g.user, key, uploaded_files())
    return draft_summary(key)


@blp.route("/definitions/<key>/draft/deploy", methods=["POST"])
@requires("admin")
@blp.response(201, DeployResultSchema)
def deploy_draft(key):
    """Deploy the draft as the next version: every deploy check runs first, a refusal keeps the draft."""
    registry.latest(key)
    created = drafts.deploy(g.user, key, current_app.config["BPMN_DIR"])
    return {"items": created, "total": len(created)}


@blp.route("/definitions/<key>/draft", methods=["DELETE"])
@requires("admin")
@blp.response(204)
def delete_draft(key):
    """Discard the draft."""
    registry.latest(key)
    drafts.discard(g.user, key)
