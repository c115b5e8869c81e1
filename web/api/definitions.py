from models import ProcessDefinition
from models.schemas import DefinitionListSchema

from . import Blueprint, protected

blp = protected(Blueprint("api_definitions", __name__, url_prefix="/api/v1",
                          description="Process definitions"))


@blp.route("/definitions")
@blp.response(200, DefinitionListSchema)
def list_definitions():
    """Deployed process definitions, every version."""
    items = ProcessDefinition.query.order_by(ProcessDefinition.key, ProcessDefinition.version).all()
    return {"items": items, "total": len(items)}
