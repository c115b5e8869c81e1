"""Official documents of a case (文号 and letters as PDF) and the issuers' number patterns."""
from flask import g

from engine.casework import cases, decisions, numbering
from web.api import Blueprint, protected, requires
from web.api.schemas.decisions import (
    NumberPatternInputSchema,
    NumberPatternListSchema,
    NumberPatternSchema,
    OfficialDocumentListSchema,
)
from web.pages import letter_pdf
from web.views import document_view

blp = protected(Blueprint("api_decisions", __name__, url_prefix="/api/v1",
                          description="Official documents: numbers (文号) and letters"))


@blp.route("/cases/<int:case_id>/documents")
@blp.response(200, OfficialDocumentListSchema)
def case_documents(case_id):
    """The case's official documents, oldest first: every decision's number, issuer, date,
    title and its letter as a PDF."""
    case = cases.get(g.user, case_id)
    items = [document_view(d, case.id) for d in decisions.of_case(case.id)]
    return {"items": items, "total": len(items)}


@blp.route("/cases/<int:case_id>/documents/<int:document_id>.pdf")
@blp.response(200, content_type="application/pdf")
def case_document_pdf(case_id, document_id):
    """One of the case's documents as the PDF letter that went out."""
    case = cases.get(g.user, case_id)
    return letter_pdf.response(decisions.of_case_one(case.id, document_id))


@blp.route("/admin/document-numbers")
@requires("admin")
@blp.response(200, NumberPatternListSchema)
def list_patterns():
    """Each issuer's number pattern, this year's last serial and the next number."""
    items = numbering.patterns()
    return {"items": items, "total": len(items)}


@blp.route("/admin/document-numbers/<int:issuer_id>", methods=["PUT"])
@requires("admin")
@blp.arguments(NumberPatternInputSchema)
@blp.response(200, NumberPatternSchema)
def put_pattern(args, issuer_id):
    """Set an issuer's pattern (must contain {n}; {year} optional); audited."""
    return numbering.set_pattern(g.user, issuer_id, args["pattern"])
