"""Rounds opened by SAMR (application and evaluation rounds) with their calendar, the
provinces' recommendation lists, and SAMR's decisions on a round's cases as lists."""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class RoundKind(StrEnum):
    """A round SAMR opens: for applications (Art 5) or for evaluations (Art 13)."""
    APPLICATION = "application"
    EVALUATION = "evaluation"


ROUND_KINDS = tuple(RoundKind)


class Deadline(StrEnum):
    """The deadlines of an application round's calendar (the SAMR 通知 sets them)."""
    SUBMISSION = "submission"
    PROVINCIAL_REVIEW = "provincial_review"
    RECOMMENDATION = "recommendation"


DEADLINES = tuple(Deadline)
# The user task (by its form) each deadline binds: it refuses late completion and its
# inbox row is due by then at the latest.
DEADLINE_OF_FORM = {"creation_application": Deadline.SUBMISSION, "initial_review": Deadline.PROVINCIAL_REVIEW,
                    "recommendation": Deadline.RECOMMENDATION}


class ListKind(StrEnum):
    """What SAMR decides for a round's cases in one list: creation approval (Art 9), the
    public notice of the evaluation round's passed regions (Art 15) and certification after
    it (Art 16)."""
    CREATION_APPROVAL = "creation_approval"
    PUBLIC_NOTICE = "public_notice"
    CERTIFICATION = "certification"


LIST_KINDS = tuple(ListKind)
# The user task (by its form) a list decision completes for each of its cases.
LIST_FORMS = {"creation_approval": ListKind.CREATION_APPROVAL, "notice_publication": ListKind.PUBLIC_NOTICE,
              "certification": ListKind.CERTIFICATION}
EVALUATION_LISTS = (ListKind.PUBLIC_NOTICE, ListKind.CERTIFICATION)  # decided in evaluation rounds


class Round(db.Model):
    __tablename__ = "rounds"
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(16), nullable=False)
    name = db.Column(db.String(200), nullable=False)
    opens_at = db.Column(UTCDateTime, nullable=False)
    closes_at = db.Column(UTCDateTime, nullable=False)
    # The calendar (migration 0014): each deadline optional, the quota per province optional.
    submission_deadline = db.Column(UTCDateTime)
    provincial_review_deadline = db.Column(UTCDateTime)
    recommendation_deadline = db.Column(UTCDateTime)
    quota = db.Column(db.Integer)
    # SAMR's notice (通知) that opened the round; its links are [{"name", "url"}], its files
    # RoundAttachment rows (migration 0024).
    notice_title = db.Column(db.String(300))
    notice_text = db.Column(db.Text)
    notice_attachments = db.Column(db.JSON)

    attachment_files = db.relationship("RoundAttachment", order_by="RoundAttachment.id", lazy="selectin",
                                       back_populates="round", cascade="all, delete-orphan")

    def is_open(self, now):
        return self.opens_at <= now < self.closes_at

    def deadline(self, which):
        return getattr(self, f"{which}_deadline")

    @property
    def deadlines(self):
        return {d.value: self.deadline(d) for d in Deadline}

    def deadline_for_form(self, form):
        """(which, when) of the deadline binding a user task with `form`, or None."""
        which = DEADLINE_OF_FORM.get(form)
        when = self.deadline(which) if which else None
        return (which, when) if when is not None else None

    @property
    def notice(self):
        """Title, text and attachments: the links first, then the files in upload order."""
        if not (self.notice_title or self.notice_text):
            return None
        return {"title": self.notice_title, "text": self.notice_text,
                "attachments": list(self.notice_attachments or []) + [f.as_attachment() for f in self.attachment_files]}


class RoundAttachment(db.Model):
    """A file SAMR attached to a round's notice; its bytes live once on disk under their
    SHA-256 (FILES_DIR, beside the documents'), the row says who sent which name when."""
    __tablename__ = "round_attachments"
    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.Integer, db.ForeignKey("rounds.id"), nullable=False, index=True)
    filename = db.Column(db.String(255), nullable=False)
    content_type = db.Column(db.String(100), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    uploaded_by = db.Column(db.String(64), nullable=False)
    uploaded_at = db.Column(UTCDateTime, nullable=False)

    round = db.relationship("Round", back_populates="attachment_files")

    def as_attachment(self):
        """The file as one of the notice's attachments (the web layer adds its `url`)."""
        return {"id": self.id, "round_id": self.round_id, "name": self.filename, "content_type": self.content_type,
                "size": self.size, "uploaded_at": self.uploaded_at}


class RecommendationList(db.Model):
    """A province's ranked list for a round (Art 8): submitted once, never changed."""
    __tablename__ = "recommendation_lists"
    __table_args__ = (db.UniqueConstraint("round_id", "province_id", name="uq_recommendation_lists_round_province"),)
    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.Integer, db.ForeignKey("rounds.id"), nullable=False)
    province_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), nullable=False)
    submitted_at = db.Column(UTCDateTime, nullable=False)
    submitted_by = db.Column(db.String(64), nullable=False)

    province = db.relationship("Org")
    items = db.relationship("RecommendationItem", order_by="RecommendationItem.position",
                            cascade="all, delete-orphan", lazy="selectin")


class RecommendationItem(db.Model):
    __tablename__ = "recommendation_items"
    id = db.Column(db.Integer, primary_key=True)
    list_id = db.Column(db.Integer, db.ForeignKey("recommendation_lists.id"), nullable=False, index=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, unique=True)
    position = db.Column(db.Integer, nullable=False)  # ranked first, then the not recommended
    decision = db.Column(db.String(16), nullable=False)  # recommend | not_recommend
    rank = db.Column(db.Integer)
    reasons = db.Column(db.Text)

    case = db.relationship("Case")


class ListDecision(db.Model):
    """One decision of SAMR on several cases of a round (a late case: a list of one)."""
    __tablename__ = "list_decisions"
    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.Integer, db.ForeignKey("rounds.id"), nullable=False, index=True)
    kind = db.Column(db.String(32), nullable=False)
    decided_at = db.Column(UTCDateTime, nullable=False)
    decided_by = db.Column(db.String(64), nullable=False)
    data = db.Column(db.JSON, nullable=False, default=dict)  # what applied to every case

    items = db.relationship("ListDecisionItem", order_by="ListDecisionItem.id",
                            cascade="all, delete-orphan", lazy="selectin")


class ListDecisionItem(db.Model):
    __tablename__ = "list_decision_items"
    __table_args__ = (db.UniqueConstraint("decision_id", "case_id", name="uq_list_decision_items_decision_case"),)
    id = db.Column(db.Integer, primary_key=True)
    decision_id = db.Column(db.Integer, db.ForeignKey("list_decisions.id"), nullable=False, index=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, index=True)
    decision = db.Column(db.String(16))  # approve | decline; none for certification
    reasons = db.Column(db.Text)

    case = db.relationship("Case")
