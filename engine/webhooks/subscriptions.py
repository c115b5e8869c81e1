"""Webhook subscriptions, registered by an administrator; each change audited."""
from typing import Any
from urllib.parse import urlsplit

from engine import clock
from engine.audit import Actor, record
from engine.errors import Conflict, InvalidInput, NotFound
from engine.webhooks import delivery, signing
from models import db
from models.webhooks import WEBHOOK_EVENTS, DeliveryStatus, WebhookDelivery, WebhookSubscription

MAX_URL = 500


def check_url(url: str) -> str:
    """http or https, a host, no credentials, bounded: else InvalidInput naming `url`."""
    url = (url or "").strip()
    problem = None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        parts, problem = None, "the URL cannot be read"
    if problem is None and parts is not None:
        if len(url) > MAX_URL:
            problem = f"at most {MAX_URL} characters"
        elif parts.scheme not in ("http", "https"):
            problem = "only http and https URLs are accepted"
        elif not parts.hostname:
            problem = "the URL names no host"
        elif parts.username is not None or parts.password is not None:
            problem = "no user name or password in the URL: the secret signs each delivery"
        elif any(c.isspace() for c in url):
            problem = "no spaces in the URL"
    if problem:
        raise InvalidInput("invalid webhook URL: {problem}", {"url": [problem]}, problem=problem)
    return url


def check_events(events: list[str]) -> list[str]:
    unknown = [e for e in events if e not in WEBHOOK_EVENTS]
    if unknown or not events:
        problem = f"unknown events: {', '.join(unknown)}" if unknown else "choose at least one event"
        raise InvalidInput("invalid webhook events: {problem}", {"events": [problem]}, problem=problem)
    return [e for e in WEBHOOK_EVENTS if e in events]  # the vocabulary's order, once each


def get(subscription_id: int) -> WebhookSubscription:
    sub = db.session.get(WebhookSubscription, subscription_id)
    if sub is None:
        raise NotFound("webhook {id} does not exist", id=subscription_id)
    return sub


def _summary(sub: WebhookSubscription) -> dict[str, Any]:
    return {"id": sub.id, "url": sub.url, "events": list(sub.events), "active": sub.active}


def create(actor: Actor, url: str, events: list[str], description: str = "", active: bool = True) -> WebhookSubscription:
    now = clock.now()
    sub = WebhookSubscription(url=check_url(url), events=check_events(events), description=description.strip(),
                              secret=signing.new_secret(), active=active, created_at=now,
                              created_by=getattr(actor, "username", actor), updated_at=now)
    db.session.add(sub)
    db.session.flush()
    record(actor, "webhook_created", detail=_summary(sub))
    return sub


def update(actor: Actor, subscription_id: int, changes: dict[str, Any]) -> WebhookSubscription:
    """Change url, events, description, active; `rotate_secret` issues a new secret."""
    sub = get(subscription_id)
    changed = []
    if "url" in changes:
        sub.url = check_url(changes["url"])
        changed.append("url")
    if "events" in changes:
        sub.events = check_events(changes["events"])
        changed.append("events")
    if "description" in changes:
        sub.description = (changes["description"] or "").strip()
        changed.append("description")
    if "active" in changes:
        sub.active = bool(changes["active"])
        changed.append("active")
    if changes.get("rotate_secret"):
        sub.secret = signing.new_secret()
        changed.append("secret")
    sub.updated_at = clock.now()
    record(actor, "webhook_updated", detail={**_summary(sub), "changed": changed})
    return sub


def delete(actor: Actor, subscription_id: int) -> None:
    sub = get(subscription_id)
    record(actor, "webhook_deleted", detail=_summary(sub))
    WebhookDelivery.query.filter_by(subscription_id=sub.id).delete()
    db.session.delete(sub)


def get_delivery(delivery_id: int) -> WebhookDelivery:
    row = db.session.get(WebhookDelivery, delivery_id)
    if row is None:
        raise NotFound("webhook delivery {id} does not exist", id=delivery_id)
    return row


def retry_delivery(actor: Actor, delivery_id: int) -> WebhookDelivery:
    """A failed or waiting delivery is due again now (a delivered one is not sent again)."""
    row = get_delivery(delivery_id)
    if row.status == DeliveryStatus.DELIVERED:
        raise Conflict("webhook delivery {id} was delivered already", id=delivery_id)
    if row.status == DeliveryStatus.SENDING and row.lease_until and row.lease_until > clock.now():
        raise Conflict("webhook delivery {id} is being sent", id=delivery_id)
    was = {"status": row.status, "attempts": row.attempts, "last_error": row.last_error}
    delivery.retry(row)
    record(actor, "webhook_delivery_retried", row.case_id,
           detail={"delivery_id": row.id, "subscription_id": row.subscription_id, "event": row.event, **was})
    return row


def deliveries(subscription_id: int, limit: int = 200) -> list[WebhookDelivery]:
    get(subscription_id)
    return (WebhookDelivery.query.filter_by(subscription_id=subscription_id)
            .order_by(WebhookDelivery.id.desc()).limit(limit).all())
