from models import Org
from web.api import Blueprint, protected
from web.api.schemas.common import OrgListSchema

blp = protected(Blueprint("api_orgs", __name__, url_prefix="/api/v1", description="Organisations"))


@blp.route("/orgs")
@blp.response(200, OrgListSchema)
def list_orgs():
    """All organisations, from SAMR down to member units."""
    items = Org.query.order_by(Org.id).all()
    return {"items": items, "total": len(items)}
