"""Webhook subscriptions of other systems and their deliveries (admin)."""
from flask import g
from sqlalchemy import func

from engine.webhooks import subscriptions
from models import WebhookDelivery, WebhookSubscription, db
from web.api import Blueprint, protected, requires
from web.api.schemas.webhooks import (
    WebhookChangeSchema,
    WebhookCreateSchema,
    WebhookDeliveryListSchema,
    WebhookDeliverySchema,
    WebhookListSchema,
    WebhookSchema,
    WebhookWithSecretSchema,
)

blp = protected(Blueprint("api_webhooks", __name__, url_prefix="/api/v1/admin",
                          description="Webhooks: subscriptions and deliveries (admin)"))


def counts(ids):
    """{subscription id: {status: deliveries}} (pages share it)."""
    rows = (db.session.query(WebhookDelivery.subscription_id, WebhookDelivery.status, func.count())
            .filter(WebhookDelivery.subscription_id.in_(ids))
            .group_by(WebhookDelivery.subscription_id, WebhookDelivery.status).all())
    found = {i: {} for i in ids}
    for sub, status, n in rows:
        found[sub][status] = n
    return found


def view(sub, secret=False):
    data = view_fields(sub)
    data["counts"] = counts([sub.id])[sub.id]
    if secret:
        data["secret"] = sub.secret
    return data


@blp.route("/webhooks", methods=["POST"])
@requires("admin")
@blp.arguments(WebhookCreateSchema)
@blp.response(201, WebhookWithSecretSchema)
def create_webhook(args):
    """Register a URL for the events it wants; the answer shows the signing secret, once."""
    sub = subscriptions.create(g.user, args["url"], args["events"], args["description"], args["active"])
    db.session.commit()
    return view(sub, secret=True)


@blp.route("/webhooks")
@requires("admin")
@blp.response(200, WebhookListSchema)
def list_webhooks():
    """Every subscription, with its deliveries counted by status (no secrets)."""
    subs = WebhookSubscription.query.order_by(WebhookSubscription.id).all()
    found = counts([s.id for s in subs])
    items = [{**view_fields(s), "counts": found[s.id]} for s in subs]
    return {"items": items, "total": len(items)}


def view_fields(sub):
    return {k: getattr(sub, k) for k in ("id", "url", "description", "events", "active", "created_at",
                                         "created_by", "updated_at")}


@blp.route("/webhooks/<int:webhook_id>")
@requires("admin")
@blp.response(200, WebhookSchema)
def get_webhook(webhook_id):
    """One subscription (no secret)."""
    return view(subscriptions.get(webhook_id))


@blp.route("/webhooks/<int:webhook_id>", methods=["PATCH"])
@requires("admin")
@blp.arguments(WebhookChangeSchema)
@blp.response(200, WebhookWithSecretSchema)
def change_webhook(args, webhook_id):
    """Change the URL, events, description or pause (`active: false`); `rotate_secret: true`
    issues a new secret, shown in this answer only."""
    sub = subscriptions.update(g.user, webhook_id, args)
    db.session.commit()
    return view(sub, secret=bool(args.get("rotate_secret")))


@blp.route("/webhooks/<int:webhook_id>", methods=["DELETE"])
@requires("admin")
@blp.response(204)
def delete_webhook(webhook_id):
    """Delete a subscription and its deliveries."""
    subscriptions.delete(g.user, webhook_id)
    db.session.commit()
    return ""


@blp.route("/webhooks/<int:webhook_id>/deliveries")
@requires("admin")
@blp.response(200, WebhookDeliveryListSchema)
def list_deliveries(webhook_id):
    """The subscription's newest 200 deliveries: status, attempts, last error, next attempt."""
    items = subscriptions.deliveries(webhook_id)
    return {"items": items, "total": len(items)}


@blp.route("/webhooks/deliveries/<int:delivery_id>/retry", methods=["POST"])
@requires("admin")
@blp.response(200, WebhookDeliverySchema)
def retry_delivery(delivery_id):
    """Send a failed (or waiting) delivery again now; 409 if it was delivered."""
    row = subscriptions.retry_delivery(g.user, delivery_id)
    db.session.commit()
    return row
