"""The caller's own notifications (the message centre) and mail preferences."""
from flask import g

from engine.casework import messages, notifications
from engine.mail import preferences
from web.api import Blueprint, page, protected
from web.api.schemas.messages import (
    MailPreferencesSchema,
    MarkedSchema,
    MarkReadSchema,
    MyNotificationListSchema,
    MyNotificationQuerySchema,
)

blp = protected(Blueprint("api_messages", __name__, url_prefix="/api/v1",
                          description="The caller's notifications and mail preferences"))


@blp.route("/me/notifications")
@blp.arguments(MyNotificationQuerySchema, location="query")
@blp.response(200, MyNotificationListSchema)
def my_notifications(args):
    """Notifications addressed to the caller or to their role in their organisation, newest
    first, with the number unread."""
    listed = page(notifications.addressed_to(g.user, unread=args["unread"]), args)
    return {**listed, "unread": messages.unread_count(g.user)}


@blp.route("/me/notifications/read", methods=["POST"])
@blp.arguments(MarkReadSchema)
@blp.response(200, MarkedSchema)
def mark_read(args):
    """`{"ids": [...]}` (all of them the caller's, or none is marked) or `{"all": true}`."""
    marked = (messages.mark_all_read(g.user) if args.get("all") else messages.mark_read(g.user, args["ids"]))
    return {"marked": marked, "unread": messages.unread_count(g.user)}


@blp.route("/me/mail")
@blp.response(200, MailPreferencesSchema)
def get_mail():
    return preferences.view(g.user)


@blp.route("/me/mail", methods=["PUT"])
@blp.arguments(MailPreferencesSchema)
@blp.response(200, MailPreferencesSchema)
def put_mail(args):
    """Mail mode (`immediate`, `digest` or `off`) and, when given, the address (null: none)."""
    return preferences.change(g.user, args["mode"], args.get("email"), keep_email="email" not in args)
