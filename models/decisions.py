"""Official documents (公文) of decisions: their numbers (文号), the patterns administrators
set per issuer, the counters numbers are drawn from, and which cases each document concerns.

A document may concern several cases (a list decision: SAMR's approval of a round, one
public notice of an evaluation round), so cases hang from it in `official_document_cases`.
"""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class DocumentKind(StrEnum):
    """The letters and decisions the measures send out (one template each)."""
    ACCEPTANCE = "acceptance"          # 受理通知 (initial review passed)
    AMENDMENT = "amendment"            # 补正通知, 一次性告知 (returned for amendment)
    REJECTION = "rejection"            # 不予通过初审 (initial review rejected)
    RECOMMENDATION = "recommendation"  # the province's recommendation letter to SAMR (Art 8)
    APPROVAL = "approval"              # SAMR's creation approval (approve or decline, Art 9)
    NOTICE = "notice"                  # the public notice (Art 15)
    EVALUATION_FAILED = "evaluation_failed"  # 评估结果通知: not passed, and what Art 17 allows next
    CERTIFICATION = "certification"    # the certification decision (Art 16)
    INTERVIEW = "interview"            # supervision: 约谈 (Art 22)
    WARNING = "warning"                # supervision: 警示
    REVOCATION = "revocation"          # supervision: 取消资格
    REVOCATION_NOTICE = "revocation_notice"  # 拟取消资格告知书: the period to state the case (陈述申辩)


DOCUMENT_KINDS = tuple(DocumentKind)
# What the law makes public: these documents are readable without a login.
PUBLIC_KINDS = (DocumentKind.NOTICE, DocumentKind.CERTIFICATION, DocumentKind.REVOCATION)


class NumberPattern(db.Model):
    """How an issuer writes its document numbers, e.g. `国市监网监函〔{year}〕{n}号`."""
    __tablename__ = "document_number_patterns"
    issuer_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), primary_key=True)
    pattern = db.Column(db.String(100), nullable=False)
    updated_at = db.Column(UTCDateTime, nullable=False)
    updated_by = db.Column(db.String(64), nullable=False)


class NumberCounter(db.Model):
    """The last serial an issuer used in a year. Incremented in the transaction of the
    decision that takes the number, so a rolled-back decision leaves no gap and no number
    is ever handed out twice (engine/casework/numbering.py)."""
    __tablename__ = "document_number_counters"
    issuer_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), primary_key=True)
    year = db.Column(db.Integer, primary_key=True, autoincrement=False)
    last = db.Column(db.Integer, nullable=False)


class OfficialDocument(db.Model):
    """One issued document. Rows are never changed: what was sent stays as it was sent;
    `content` holds everything its letter shows (the web layer renders the PDF from it)."""
    __tablename__ = "official_documents"
    __table_args__ = (db.UniqueConstraint("issuer_id", "year", "serial", name="uq_official_documents_serial"),)
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(32), nullable=False)
    issuer_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), nullable=False)
    year = db.Column(db.Integer, nullable=False)
    serial = db.Column(db.Integer, nullable=False)
    number = db.Column(db.String(120), nullable=False)
    title = db.Column(db.String(300), nullable=False)
    addressee = db.Column(db.String(300), nullable=False)
    task_name = db.Column(db.String(100))
    issued_at = db.Column(UTCDateTime, nullable=False)
    issued_by = db.Column(db.String(64), nullable=False)
    content = db.Column(db.JSON, nullable=False)
    issuer = db.relationship("Org", lazy="joined")
    cases = db.relationship("DocumentCase", backref="document", lazy="selectin",
                            order_by="DocumentCase.position", cascade="all, delete-orphan")

    @property
    def public(self):
        return self.kind in PUBLIC_KINDS


class DocumentCase(db.Model):
    """A case a document concerns, with its own part of the decision (decision, rank, reasons)."""
    __tablename__ = "official_document_cases"
    document_id = db.Column(db.Integer, db.ForeignKey("official_documents.id", ondelete="CASCADE"),
                            primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, index=True)
    position = db.Column(db.Integer, nullable=False)
    detail = db.Column(db.JSON, nullable=False)
