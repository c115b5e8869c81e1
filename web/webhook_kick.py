"""A delivery pass for the webhook deliveries a request's commits wrote, once its response
has gone out (the scheduler's webhooks job retries whatever this pass could not send)."""
import logging

from flask import current_app

from engine.webhooks import delivery, outbox
from models import db

log = logging.getLogger(__name__)


def register(app):
    @app.after_request
    def deliver_after_response(response):
        ready = outbox.take_ready()
        if ready:
            application = current_app._get_current_object()
            response.call_on_close(lambda: _deliver(application, ready))
        return response


def _deliver(app, ids):
    with app.app_context():
        try:
            delivery.deliver(ids)
        except Exception:  # never the client's problem: the rows stay due for the job
            db.session.rollback()
            log.exception("webhook delivery after the response failed")
