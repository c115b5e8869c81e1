"""A webhook sender in a process of its own: one delivery call (engine/webhooks/delivery.py)
that SIGKILLs itself at a chosen point (tests/faults/test_webhooks__crash.py starts it, then
looks at the database and at the receiver).

    python webhook_sender_child.py DATABASE_URL KILL_AT

KILL_AT is N (just before the call's N-th SQL statement reaches the database), `answered`
(just after a receiver answered, before the delivery is marked), or `never`. A run that is
not killed prints `statements N delivered M` and exits 0. The parent may also kill it
itself while a request is in flight. The kill is injected here, from SQLAlchemy's events
and around the HTTP call: the application has no hook for it.
"""
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main():
    url, kill_at = sys.argv[1:]
    from sqlalchemy import event

    from engine.webhooks import delivery
    from models import db
    from web import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "ADJUSTABLE_CLOCK": True,
                      "SECRET_KEY": "test-secret", "RATELIMIT_ENABLED": False})
    counted = {"statements": 0}
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(*_args):
        counted["statements"] += 1
        if kill_at == str(counted["statements"]):
            os.kill(os.getpid(), signal.SIGKILL)

    post = delivery.post

    def post_then_maybe_die(*args, **kwargs):
        answer = post(*args, **kwargs)
        if kill_at == "answered":
            os.kill(os.getpid(), signal.SIGKILL)
        return answer

    delivery.post = post_then_maybe_die
    with app.app_context():
        counted["statements"] = 0  # count the delivery call's statements only
        result = delivery.deliver()
    print(f"statements {counted['statements']} delivered {result['delivered']}", flush=True)


if __name__ == "__main__":
    main()
