"""Schemas of official documents (文号 and letters) and the issuers' number patterns."""
from marshmallow import Schema, fields, validate

from models.decisions import DOCUMENT_KINDS
from web.api.schemas.common import ISO


class DocumentCaseSchema(Schema):
    case_id = fields.Integer()
    region_name = fields.String()
    province_name = fields.String(allow_none=True)
    decision = fields.String(allow_none=True)
    rank = fields.Integer(allow_none=True)


class OfficialDocumentSchema(Schema):
    id = fields.Integer()
    kind = fields.String(validate=validate.OneOf(DOCUMENT_KINDS), metadata={
        "description": "acceptance | amendment | rejection | recommendation | approval | notice | "
                       "certification | interview | warning | revocation_notice | revocation"})
    number = fields.String(metadata={"description": "文号, unique per issuer and year, e.g. 国市监网监〔2027〕3号"})
    issuer = fields.String(metadata={"description": "the issuing organisation's name"})
    issuer_id = fields.Integer()
    issued_at = ISO()
    issued_by = fields.String()
    title = fields.String()
    addressee = fields.String()
    public = fields.Boolean(metadata={"description": "notice, certification and revocation are public"})
    decision = fields.String(allow_none=True, metadata={"description": "this case's part of the decision"})
    cases = fields.List(fields.Nested(DocumentCaseSchema), metadata={"description": "every case the document lists"})
    url = fields.String(metadata={"description": "the letter as a PDF"})


class OfficialDocumentListSchema(Schema):
    items = fields.List(fields.Nested(OfficialDocumentSchema))
    total = fields.Integer()


class NumberPatternSchema(Schema):
    issuer_id = fields.Integer()
    issuer_name = fields.String()
    level = fields.String(metadata={"description": "national | province"})
    pattern = fields.String(metadata={"description": "e.g. 市监网监〔{year}〕{n}号; {n} is required"})
    default = fields.Boolean(metadata={"description": "no pattern set yet: the issuer's name, year and serial"})
    year = fields.Integer()
    last_serial = fields.Integer(metadata={"description": "the last serial issued this year (0: none yet)"})
    next_number = fields.String()
    updated_at = ISO(allow_none=True)
    updated_by = fields.String(allow_none=True)


class NumberPatternListSchema(Schema):
    items = fields.List(fields.Nested(NumberPatternSchema))
    total = fields.Integer()


class NumberPatternInputSchema(Schema):
    pattern = fields.String(required=True, validate=validate.Length(min=1, max=100))
