"""Schemas of rounds: the calendar and notice, the provinces' recommendation lists, SAMR's
list decisions and a round's progress."""
from flask import url_for
from marshmallow import Schema, fields, post_dump, pre_load, validate

from models.process import END_STAGES, STAGES, STATUSES
from models.rounds import LIST_KINDS, ROUND_KINDS
from web.api.schemas.common import ID_RANGE, ISO, MAX_ID


class RoundDeadlinesSchema(Schema):
    submission = ISO(allow_none=True, metadata={"description": "applications submitted after it: 409"})
    provincial_review = ISO(allow_none=True, metadata={"description": "initial reviews after it: 409"})
    recommendation = ISO(allow_none=True, metadata={"description": "recommendation lists after it: 409"})


class NoticeAttachmentSchema(Schema):
    """A link (name, url), or a file uploaded to the round (also id, content_type, size,
    uploaded_at; its url is its download here)."""
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    url = fields.Url(required=True, validate=validate.Length(max=2000))
    id = fields.Integer(dump_only=True, metadata={"description": "a file only: the attachment's id"})
    content_type = fields.String(dump_only=True, metadata={"description": "a file only"})
    size = fields.Integer(dump_only=True, metadata={"description": "a file only: bytes"})
    uploaded_at = ISO(dump_only=True, metadata={"description": "a file only"})

    @post_dump(pass_original=True)
    def file_url(self, data, original, **kwargs):
        if "id" in data and "url" not in data:
            data["url"] = url_for("api_rounds.download_attachment", round_id=original["round_id"],
                                  attachment_id=data["id"], _external=True)
        return data


class RoundNoticeSchema(Schema):
    """SAMR's notice (通知) that opens the round. Given `attachments` are its links; files
    are added and removed at /rounds/{round_id}/attachments, and an entry with an `id` (a
    file, as the round shows it) is left out, so a round read can be sent back."""
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    text = fields.String(required=True, validate=validate.Length(min=1, max=50000))
    attachments = fields.List(fields.Nested(NoticeAttachmentSchema), validate=validate.Length(max=20),
                              load_default=list)

    @pre_load
    def links_only(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("attachments"), list):
            data = {**data, "attachments": [a for a in data["attachments"] if not (isinstance(a, dict) and "id" in a)]}
        return data


class RoundAttachmentSchema(Schema):
    """A file of the round's notice, as uploaded."""
    id = fields.Integer()
    round_id = fields.Integer()
    name = fields.String(attribute="filename")
    url = fields.Function(lambda a: url_for("api_rounds.download_attachment", round_id=a.round_id,
                                            attachment_id=a.id, _external=True))
    content_type = fields.String()
    size = fields.Integer(metadata={"description": "bytes"})
    sha256 = fields.String()
    uploaded_by = fields.String()
    uploaded_at = ISO()


class RoundSchema(Schema):
    id = fields.Integer(dump_only=True)
    kind = fields.String(required=True, validate=validate.OneOf(ROUND_KINDS))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    opens_at = ISO(required=True)
    closes_at = ISO(required=True)
    deadlines = fields.Nested(RoundDeadlinesSchema, load_default=dict)
    quota = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=MAX_ID),
                           metadata={"description": "recommendations per province; none: no limit"})
    notice = fields.Nested(RoundNoticeSchema, allow_none=True)


class RoundListSchema(Schema):
    items = fields.List(fields.Nested(RoundSchema))
    total = fields.Integer()


class RoundChangeSchema(Schema):
    """What SAMR may change once the round is open: a deadline (given ones replace, null
    clears), the quota, the notice."""
    deadlines = fields.Nested(RoundDeadlinesSchema)
    quota = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=MAX_ID))
    notice = fields.Nested(RoundNoticeSchema, allow_none=True)


class RecommendationItemSchema(Schema):
    case_id = fields.Integer(required=True, validate=ID_RANGE)
    decision = fields.String(required=True, validate=validate.OneOf(("recommend", "not_recommend")))
    rank = fields.Integer(validate=validate.Range(min=1, max=MAX_ID), allow_none=True)
    reasons = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class RecommendationListSchema(Schema):
    items = fields.List(fields.Nested(RecommendationItemSchema), required=True)


class WaitingRecommendationSchema(Schema):
    task_id = fields.Integer(attribute="id")
    case_id = fields.Integer()
    region_name = fields.Function(lambda t: t.case.region.name)
    created_at = ISO()
    due_at = ISO(allow_none=True)


class WaitingRecommendationListSchema(Schema):
    items = fields.List(fields.Nested(WaitingRecommendationSchema))
    total = fields.Integer()


class SubmittedItemSchema(Schema):
    case_id = fields.Integer()
    region_name = fields.Function(lambda i: i.case.region.name)
    decision = fields.String()
    rank = fields.Integer(allow_none=True)
    reasons = fields.String(allow_none=True)


class SubmittedListSchema(Schema):
    id = fields.Integer()
    round_id = fields.Integer()
    province_id = fields.Integer()
    province_name = fields.Function(lambda entry: entry.province.name)
    submitted_at = ISO()
    submitted_by = fields.String()
    items = fields.List(fields.Nested(SubmittedItemSchema), metadata={"description": "ranked first, in rank order"})


class SubmittedListsSchema(Schema):
    items = fields.List(fields.Nested(SubmittedListSchema))
    total = fields.Integer()


class PendingDecisionSchema(Schema):
    task_id = fields.Integer()
    case_id = fields.Integer()
    region_name = fields.String()
    province_id = fields.Integer()
    province_name = fields.String()
    rank = fields.Integer(allow_none=True, metadata={"description": "the province's rank (recommendation list)"})


class PendingDecisionListSchema(Schema):
    items = fields.List(fields.Nested(PendingDecisionSchema))
    total = fields.Integer()


class ApprovalItemSchema(Schema):
    case_id = fields.Integer(required=True, validate=ID_RANGE)
    decision = fields.String(required=True, validate=validate.OneOf(("approve", "decline")))
    reasons = fields.String(validate=validate.Length(max=5000), allow_none=True)


class ApprovalListSchema(Schema):
    """Creation approval (Art 9) of several recommended cases as one decision."""
    items = fields.List(fields.Nested(ApprovalItemSchema), required=True, validate=validate.Length(max=1000))


class CertificationItemSchema(Schema):
    case_id = fields.Integer(required=True, validate=ID_RANGE)


class RoundNoticeListSchema(Schema):
    """The public notice (Art 15) of an evaluation round's passed regions: one notice, one
    document listing every region, 15 days for objections to each."""
    items = fields.List(fields.Nested(CertificationItemSchema), required=True, validate=validate.Length(max=1000))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    text = fields.String(required=True, validate=validate.Length(min=1, max=20000))
    url = fields.Url(validate=validate.Length(max=500))


class CertificationListSchema(Schema):
    """Certification (Art 16) of several cases after their public notice: one document, whose
    number (文号) the engine issues in SAMR's pattern."""
    items = fields.List(fields.Nested(CertificationItemSchema), required=True, validate=validate.Length(max=1000))
    certified_on = fields.Date(required=True)
    announcement = fields.String(validate=validate.Length(min=1, max=20000))


class DecisionItemSchema(Schema):
    case_id = fields.Integer()
    region_name = fields.Function(lambda i: i.case.region.name)
    decision = fields.String(allow_none=True)
    reasons = fields.String(allow_none=True)


class ListDecisionSchema(Schema):
    id = fields.Integer()
    round_id = fields.Integer()
    kind = fields.String(validate=validate.OneOf(LIST_KINDS))
    decided_at = ISO()
    decided_by = fields.String()
    data = fields.Dict(metadata={"description": "what applied to every case (certification: number, date)"})
    items = fields.List(fields.Nested(DecisionItemSchema))


class ListDecisionListSchema(Schema):
    items = fields.List(fields.Nested(ListDecisionSchema))
    total = fields.Integer()


class PhaseSchema(Schema):
    key = fields.String()
    deadline = ISO(allow_none=True)
    state = fields.String(metadata={"description": "passed | current | upcoming"})
    cases = fields.Integer()
    overdue = fields.Integer()


class RoundCaseSchema(Schema):
    id = fields.Integer()
    region_name = fields.String()
    province_id = fields.Integer()
    province_name = fields.String(allow_none=True)
    stage = fields.String(validate=validate.OneOf(STAGES + END_STAGES))
    status = fields.String(validate=validate.OneOf(STATUSES))
    overdue = fields.Boolean()


class OverdueTaskSchema(Schema):
    task_id = fields.Integer()
    case_id = fields.Integer()
    name = fields.String()
    title = fields.String()
    role = fields.String()
    region_name = fields.String()
    province_name = fields.String(allow_none=True)
    due_at = ISO()
    days_overdue = fields.Integer()


class RoundProgressSchema(Schema):
    round = fields.Nested(RoundSchema)
    now = ISO()
    phases = fields.List(fields.Nested(PhaseSchema))
    cases = fields.List(fields.Nested(RoundCaseSchema))
    overdue = fields.List(fields.Nested(OverdueTaskSchema))


class TallySchema(Schema):
    cases = fields.Integer()
    milestones = fields.Dict(keys=fields.String(), values=fields.Integer(),
                             metadata={"description": "milestone key → cases that reached it"})
    outcomes = fields.Dict(keys=fields.String(), values=fields.Integer(),
                           metadata={"description": "end stage → cases that ended so"})


class ProvinceTallySchema(TallySchema):
    province = fields.String()
    zone = fields.String(allow_none=True)


class ZoneTallySchema(TallySchema):
    zone = fields.String()


class RoundStatisticsSchema(Schema):
    """A round in figures (what the caller may see): milestones reached and outcomes."""
    round = fields.Nested(RoundSchema)
    milestones = fields.List(fields.String(), metadata={
        "description": "application: applied, reviewed, recommended, approved; "
                       "evaluation: assessed, prereviewed, evaluated, certified"})
    outcomes = fields.List(fields.String(validate=validate.OneOf(END_STAGES)))
    totals = fields.Nested(TallySchema)
    by_province = fields.List(fields.Nested(ProvinceTallySchema))
    by_zone = fields.List(fields.Nested(ZoneTallySchema))
