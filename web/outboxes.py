"""A delivery pass for what a request's commits wrote to the outboxes (mail, webhooks), once its
response has gone out; each outbox's scheduler job retries whatever this pass could not send."""
import logging

from flask import current_app

from engine.mail import delivery as mail_delivery
from engine.mail import outbox as mail_outbox
from engine.webhooks import delivery as webhook_delivery
from engine.webhooks import outbox as webhook_outbox
from models import db

log = logging.getLogger(__name__)
OUTBOXES = (("mail", mail_outbox, mail_delivery), ("webhook", webhook_outbox, webhook_delivery))


def register(app):
    @app.after_request
    def deliver_after_response(response):
        application = current_app._get_current_object()
        for kind, outbox, delivery in OUTBOXES:
            ready = outbox.take_ready()
            if ready:
                response.call_on_close(lambda d=delivery, k=kind, r=ready: _deliver(application, k, d, r))
        return response


def _deliver(app, kind, delivery, ids):
    with app.app_context():
        try:
            delivery.deliver(ids)
        except Exception:  # never the client's problem: the rows stay due for the job
            db.session.rollback()
            log.exception("%s delivery after the response failed", kind)
