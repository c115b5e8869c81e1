from flask import current_app, g, request, send_file

from engine.casework import list_decisions, recommendations, round_attachments, round_progress, round_statistics, rounds
from engine.casework.documents import MAX_BYTES
from engine.errors import InvalidInput
from models.rounds import ListKind
from web.api import Blueprint, protected, requires
from web.api.schemas.common import CaseListSchema
from web.api.schemas.rounds import (
    ApprovalListSchema,
    CertificationListSchema,
    ListDecisionListSchema,
    ListDecisionSchema,
    PendingDecisionListSchema,
    RecommendationListSchema,
    RoundAttachmentSchema,
    RoundChangeSchema,
    RoundListSchema,
    RoundNoticeListSchema,
    RoundProgressSchema,
    RoundSchema,
    RoundStatisticsSchema,
    SubmittedListsSchema,
    WaitingRecommendationListSchema,
)
from web.round_workbook import send_workbook
from web.views import case_views

blp = protected(Blueprint("api_rounds", __name__, url_prefix="/api/v1", description="Rounds"))


@blp.route("/rounds")
@blp.response(200, RoundListSchema)
def list_rounds():
    """Application and evaluation rounds, newest first."""
    items = rounds.all_rounds()
    return {"items": items, "total": len(items)}


@blp.route("/rounds", methods=["POST"])
@requires("samr")
@blp.arguments(RoundSchema)
@blp.response(201, RoundSchema)
def create_round(args):
    """Open a round (SAMR) with its notice and, for applications, deadlines and a quota."""
    return rounds.create(g.user, **args)


@blp.route("/rounds/<int:round_id>")
@blp.response(200, RoundSchema)
def get_round(round_id):
    """One round with its calendar and notice."""
    return rounds.get(round_id)


@blp.route("/rounds/<int:round_id>", methods=["PATCH"])
@requires("samr")
@blp.arguments(RoundChangeSchema)
@blp.response(200, RoundSchema)
def change_round(args, round_id):
    """Move a deadline, change the quota or the notice (SAMR); open tasks follow the deadline."""
    return rounds.update(g.user, round_id, args)


@blp.route("/rounds/<int:round_id>/attachments", methods=["POST"])
@requires("samr")
@blp.response(201, RoundAttachmentSchema)
def add_attachment(round_id):
    """Attach a file to the round's notice (SAMR, multipart `file`): PDF, OFD, Word, Excel, PNG or JPEG."""
    rounds.get(round_id)  # an unknown round: 404 before the upload is read
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput("upload the attachment as `file`", fields={"file": ["required"]})
    return round_attachments.add(g.user, round_id, upload.stream, upload.filename, current_app.config["FILES_DIR"],
                                 current_app.config.get("UPLOAD_MAX_BYTES", MAX_BYTES))


@blp.route("/rounds/<int:round_id>/attachments/<int:attachment_id>")
def download_attachment(round_id, attachment_id):
    """One file of the round's notice, as a sandboxed attachment (whoever may read the round)."""
    return send_attachment(round_id, attachment_id)


@blp.route("/rounds/<int:round_id>/attachments/<int:attachment_id>", methods=["DELETE"])
@requires("samr")
@blp.response(204)
def remove_attachment(round_id, attachment_id):
    """Take a file off the round's notice (SAMR)."""
    round_attachments.remove(g.user, round_id, attachment_id)


def send_attachment(round_id, attachment_id):
    """The file as an attachment: never rendered inline, never sniffed, sandboxed (pages too)."""
    item, path = round_attachments.file_of(round_id, attachment_id, current_app.config["FILES_DIR"])
    response = send_file(path, mimetype=item.content_type, as_attachment=True, download_name=item.filename,
                         max_age=0, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blp.route("/rounds/<int:round_id>/progress")
@blp.response(200, RoundProgressSchema)
def round_progress_view(round_id):
    """The round's phases, its cases by province and stage, and what is overdue (what the caller may see)."""
    return round_progress.progress(g.user, round_id)


@blp.route("/rounds/<int:round_id>/statistics")
@requires("samr", "admin", "province")
@blp.response(200, RoundStatisticsSchema)
def round_statistics_view(round_id):
    """The round in figures by province and zone: milestones reached, outcomes (a province: its own)."""
    return round_statistics.statistics(g.user, round_id)


@blp.route("/rounds/<int:round_id>/cases.xlsx")
@requires("samr", "admin", "province")
def round_cases_xlsx(round_id):
    """The round's cases and figures as an .xlsx workbook (a province: its own cases)."""
    return send_workbook(round_statistics.statistics(g.user, round_id))


@blp.route("/rounds/<int:round_id>/recommendations")
@blp.response(200, WaitingRecommendationListSchema)
def waiting_recommendations(round_id):
    """The caller's cases of this round that wait for its recommendation (province)."""
    items = recommendations.waiting(g.user, round_id)
    return {"items": items, "total": len(items)}


@blp.route("/rounds/<int:round_id>/recommendations", methods=["POST"])
@requires("province")
@blp.arguments(RecommendationListSchema)
@blp.response(200, CaseListSchema)
def submit_recommendations(args, round_id):
    """Submit the province's ranked list for the round, once: every waiting case (Art 8)."""
    cases = recommendations.submit(g.user, round_id, args["items"])
    return {"items": case_views(cases), "total": len(cases)}


@blp.route("/rounds/<int:round_id>/recommendation-lists")
@requires("samr", "admin", "province")
@blp.response(200, SubmittedListsSchema)
def recommendation_lists(round_id):
    """The submitted lists side by side: every province's for SAMR, its own for a province."""
    items = recommendations.lists(g.user, round_id)
    return {"items": items, "total": len(items)}


def _pending(round_id, kind):
    tasks = list_decisions.pending(g.user, round_id, kind)
    ranks = recommendations.rank_of([t.case_id for t in tasks])
    items = [{"task_id": t.id, "case_id": t.case_id, "region_name": t.case.region.name,
              "province_id": t.province_id, "province_name": t.case.region.province.name,
              "rank": getattr(ranks.get(t.case_id), "rank", None)} for t in tasks]
    return {"items": items, "total": len(items)}


@blp.route("/rounds/<int:round_id>/approvals")
@requires("samr")
@blp.response(200, PendingDecisionListSchema)
def pending_approvals(round_id):
    """The round's recommended cases waiting for creation approval, by province and rank."""
    return _pending(round_id, ListKind.CREATION_APPROVAL)


@blp.route("/rounds/<int:round_id>/approvals", methods=["POST"])
@requires("samr")
@blp.arguments(ApprovalListSchema)
@blp.response(201, ListDecisionSchema)
def decide_approvals(args, round_id):
    """Approve or decline several cases as one decision (Art 9); a list of one is a late case."""
    return list_decisions.decide(g.user, round_id, ListKind.CREATION_APPROVAL, args["items"])


@blp.route("/rounds/<int:round_id>/notices")
@requires("samr")
@blp.response(200, PendingDecisionListSchema)
def pending_notices(round_id):
    """The evaluation round's passed cases waiting for the public notice, by province."""
    return _pending(round_id, ListKind.PUBLIC_NOTICE)


@blp.route("/rounds/<int:round_id>/notices", methods=["POST"])
@requires("samr")
@blp.arguments(RoundNoticeListSchema)
@blp.response(201, ListDecisionSchema)
def publish_notice(args, round_id):
    """Put several passed regions on one public notice (Art 15): one document, 15 days each."""
    data = {"notice_title": args["title"], "notice_content": args["text"], "notice_url": args.get("url")}
    return list_decisions.decide(g.user, round_id, ListKind.PUBLIC_NOTICE, args["items"], data)


@blp.route("/rounds/<int:round_id>/certifications")
@requires("samr")
@blp.response(200, PendingDecisionListSchema)
def pending_certifications(round_id):
    """The evaluation round's cases whose public notice ended and that wait for certification."""
    return _pending(round_id, ListKind.CERTIFICATION)


@blp.route("/rounds/<int:round_id>/certifications", methods=["POST"])
@requires("samr")
@blp.arguments(CertificationListSchema)
@blp.response(201, ListDecisionSchema)
def decide_certifications(args, round_id):
    """Certify several cases of an evaluation round as one decision with one number (Art 16)."""
    data = {"certified_on": args["certified_on"].isoformat(),
            "announcement": args.get("announcement")}
    return list_decisions.decide(g.user, round_id, ListKind.CERTIFICATION, args["items"], data)


@blp.route("/rounds/<int:round_id>/decisions")
@requires("samr", "admin")
@blp.response(200, ListDecisionListSchema)
def round_decisions(round_id):
    """SAMR's decisions on the round's cases, oldest first (each a list; a late case a list of one)."""
    items = list_decisions.decisions(round_id)
    return {"items": items, "total": len(items)}
