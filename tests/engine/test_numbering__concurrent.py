"""Document numbers (engine/casework/numbering.py) under concurrency, on the suite's database:
fifty decisions taking numbers at once, each in its own thread and session, get fifty
different serials, 1 to 50; those that roll back give theirs back, so what is committed stays
gapless. On PostgreSQL the counter's row lock does it, on SQLite BEGIN IMMEDIATE."""
import threading

from engine.casework import numbering
from models import Org, db
from tests.conftest import ApiClient
from tests.helpers.api_journey import Journey, open_task

YEAR = 2031


def _national_id(app):
    with app.app_context():
        return Org.query.filter_by(level="national").one().id


def test_fifty_numbers_taken_at_once_are_distinct_and_gapless(app):
    issuer_id = _national_id(app)
    workers, rollbacks = 60, 10
    start = threading.Barrier(workers)
    committed, given_back, errors = [], [], []

    def take(rollback):
        start.wait()  # before any connection is taken: all sixty then race for the counter
        with app.app_context():
            try:
                serial = numbering.take(db.session.get(Org, issuer_id), YEAR)
                if rollback:
                    db.session.rollback()
                    given_back.append(serial)
                else:
                    db.session.commit()
                    committed.append(serial)
            except Exception as e:  # reported below, with the failing thread's error
                errors.append(e)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=take, args=(i < rollbacks,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(given_back) == rollbacks
    assert sorted(committed) == list(range(1, workers - rollbacks + 1))
    with app.app_context():
        assert numbering.take(db.session.get(Org, issuer_id), YEAR) == workers - rollbacks + 1
        db.session.rollback()


def test_two_clerks_approving_at_once_get_different_numbers(app, api):
    """Two SAMR clerks complete two creation approvals at the same moment, each with its own
    connection: two letters, two consecutive numbers."""
    cases = [Journey(api, who).apply().review().recommend().case_id for who in ("app-yuncheng", "app-yongchuan")]
    start = threading.Barrier(len(cases))
    answers = {}

    def approve(case_id):
        clerk = ApiClient(app.test_client(), "samr")
        task = open_task(clerk, "creation_approval", case_id)
        start.wait()
        answers[case_id] = clerk.post(f"/api/v1/tasks/{task['id']}/complete",
                                      json={"decision": "approve", "reasons": "同意。"}).status_code

    threads = [threading.Thread(target=approve, args=(c,)) for c in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert list(answers.values()) == [200, 200]
    samr = api("samr")
    numbers = [next(d["number"] for d in samr.get(f"/api/v1/cases/{c}/documents").get_json()["items"]
                    if d["kind"] == "approval") for c in cases]
    serials = sorted(int(n.split("〕")[1].rstrip("号")) for n in numbers)
    assert len(set(numbers)) == 2 and serials == [1, 2], numbers
