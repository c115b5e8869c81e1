"""办理意见 and 常用语: a case's opinions and comments, its approval sheet (审批单) as a PDF,
and the caller's common phrases."""
from functools import wraps

from flask import g

from engine.casework import approval_sheet, cases, comments, phrases
from web.api import Blueprint, protected
from web.api.schemas.comments import (
    CommentInputSchema,
    CommentListSchema,
    CommentSchema,
    PhrasesInputSchema,
    PhrasesSchema,
)
from web.pages import approval_pdf
from web.views import comment_view

blp = protected(Blueprint("api_comments", __name__, url_prefix="/api/v1",
                          description="Opinions, comments, common phrases and the approval sheet"))


def sees_case(view):
    """403/404 before the body is read unless the caller may see the case."""
    @wraps(view)
    def wrapper(*args, case_id, **kwargs):
        cases.get(g.user, case_id)
        return view(*args, case_id=case_id, **kwargs)
    return wrapper


@blp.route("/cases/<int:case_id>/comments", methods=["POST"])
@sees_case
@blp.arguments(CommentInputSchema)
@blp.response(201, CommentSchema)
def add_comment(args, case_id):
    """A comment on the case (办理意见), optionally about one of its tasks; audited `comment_added`."""
    return comment_view(comments.add(g.user, case_id, args["text"], args.get("task_id")))


@blp.route("/cases/<int:case_id>/comments")
@blp.response(200, CommentListSchema)
def list_comments(case_id):
    """Opinions given with completions and comments, oldest first: who, office, when, step, text."""
    items = [comment_view(c) for c in comments.of_case(g.user, case_id)]
    return {"items": items, "total": len(items)}


@blp.route("/cases/<int:case_id>/approval-sheet.pdf")
@blp.response(200, content_type="application/pdf")
def approval_sheet_pdf(case_id):
    """审批单: every step of the case with its actor, office, time, decision and opinion."""
    case = cases.get(g.user, case_id)
    return approval_pdf.response(case, approval_sheet.rows(case))


@blp.route("/me/phrases")
@blp.response(200, PhrasesSchema)
def get_phrases():
    """The caller's common phrases (常用语); the office's defaults until they keep their own."""
    items, defaults = phrases.of(g.user)
    return {"phrases": items, "defaults": defaults}


@blp.route("/me/phrases", methods=["PUT"])
@blp.arguments(PhrasesInputSchema)
@blp.response(200, PhrasesSchema)
def put_phrases(args):
    """Replace the caller's common phrases; audited `phrases_updated`."""
    return {"phrases": phrases.put(g.user, args["phrases"]), "defaults": False}
