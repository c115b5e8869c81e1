"""A process that takes one step through the real code path and SIGKILLs itself at a chosen
point of it (tests/faults/test_crash__sigkill.py starts it, then looks at the database).

    python crash_child.py DATABASE_URL KILL_AT complete TASK_ID TOKEN JSON
    python crash_child.py DATABASE_URL KILL_AT timers

KILL_AT is N (just before the step's N-th SQL statement reaches the database), `commit`
(just before COMMIT), `committed` (just after COMMIT, before the caller hears of it) or
`never`. A run that is not killed prints `statements N` and exits 0.
The kill is injected here, from SQLAlchemy's events: the application has no hook for it.
"""
import json
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main():
    url, kill_at, operation, *args = sys.argv[1:]
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from models import db
    from web import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "ADJUSTABLE_CLOCK": True,
                      "SECRET_KEY": "test-secret", "RATELIMIT_ENABLED": False})
    armed = {"on": False, "statements": 0}

    def die_at(point):
        if armed["on"] and kill_at == point:
            os.kill(os.getpid(), signal.SIGKILL)

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(*_args):
        if armed["on"]:
            armed["statements"] += 1
            die_at(str(armed["statements"]))

    event.listen(engine, "commit", lambda _conn: die_at("commit"))
    event.listen(Session, "after_commit", lambda _session: die_at("committed"))

    if operation == "complete":
        task_id, token, data = args
        client = app.test_client()
        armed["on"] = True
        response = client.post(f"/api/v1/tasks/{task_id}/complete", json=json.loads(data),
                               headers={"Authorization": f"Bearer {token}"})
        armed["on"] = False
        assert response.status_code == 200, response.get_json()
    elif operation == "timers":
        from engine.scheduling import timers
        with app.app_context():
            armed["on"] = True
            fired = timers.run_due()
            armed["on"] = False
        assert len(fired) == 1, fired
    else:
        raise SystemExit(f"unknown operation {operation}")
    print(f"statements {armed['statements']}")


if __name__ == "__main__":
    main()
