from flask import current_app, g, request
from sqlalchemy import func

from engine.definitions import registry
from engine.errors import InvalidInput, NotFound
from engine.runtime import trail
from models import Case, ProcessDefinition, db
from web.api import Blueprint, protected, requires
from web.api.schemas.common import DefinitionListSchema
from web.api.schemas.definitions import DefinitionDetailSchema, DeployResultSchema

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
