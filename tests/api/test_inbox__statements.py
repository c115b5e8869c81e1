"""The inbox stays fast as work grows: the inbox (API and page), the case list (API and page)
and both searched cost the same number of SQL statements with 25 cases as with 5 — nothing
is read once per case or per task, whoever holds the tasks (claimed by three colleagues, or
left to the group)."""
from contextlib import contextmanager

from sqlalchemy import event, insert

from models import Case, CaseSearch, db
from tests.helpers import colleagues
from tests.helpers.api_journey import apply
from tests.helpers.case_clones import clone
from tests.helpers.page_client import login

HOLDERS = (None, "prov-shanxi", "prov-shanxi-2", "prov-shanxi-3")  # round the cases in turn
API = ("/api/v1/tasks", "/api/v1/tasks?assigned=unassigned", "/api/v1/tasks?q=运城",
       "/api/v1/cases", "/api/v1/cases?q=运城", "/api/v1/me/filters")
PAGES = ("/inbox", "/inbox?tab=group&due=later", "/inbox?q=运城", "/cases", "/cases?q=运城")


@contextmanager
def counted(app):
    """[statements] run while the block runs: their number is the list's length."""
    seen = []
    with app.app_context():
        engine = db.engine

    def listener(conn, cursor, statement, *args):
        if "FROM clock_state" not in statement:  # the tests' adjustable clock, re-read every 0.5 s
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def grow(app, people, original, n, start):
    """n more cases like `original` (with its search text), their tasks claimed in turn."""
    with app.app_context():
        made = clone(original, n)
        row = db.session.get(CaseSearch, original)
        db.session.execute(insert(CaseSearch), [{"case_id": c, "text": row.text, "data_text": row.data_text,
                                                 "grams": row.grams} for c, _ in made])
        db.session.commit()
    for i, (_, task_id) in enumerate(made, start):
        holder = HOLDERS[i % len(HOLDERS)]
        if holder is not None:
            assert people[holder].post(f"/api/v1/tasks/{task_id}/claim").status_code == 200


def statements_per_view(app, shanxi, page_client):
    """{url: statements of one request}, after a first request (caches warm), for prov-shanxi."""
    counts = {}
    for url in API + PAGES:
        get = shanxi.get if url.startswith("/api/") else page_client.get
        assert get(url).status_code == 200, url
        with counted(app) as seen:
            response = get(url)
        assert response.status_code == 200, url
        counts[url] = [" ".join(st.split())[:90] for st in seen]
    return counts


def test_statements_do_not_grow_with_cases_and_tasks(app, api):
    colleagues.ensure(app)
    original = apply(api("app-yuncheng"))
    people = {holder: api(holder) for holder in HOLDERS if holder}  # one token each
    shanxi, page_client = people["prov-shanxi"], login(app.test_client(), "prov-shanxi")
    grow(app, people, original, 4, 1)
    few = statements_per_view(app, shanxi, page_client)
    assert shanxi.get("/api/v1/cases").get_json()["total"] == 5

    grow(app, people, original, 20, 5)
    many = statements_per_view(app, shanxi, page_client)
    inbox = shanxi.get("/api/v1/tasks").get_json()
    assert inbox["total"] == 25 and len(inbox["items"]) == 25  # all on one page: each read
    assert {t["assignee"] for t in inbox["items"]} == set(HOLDERS)
    assert len(shanxi.get("/api/v1/cases?q=运城").get_json()["items"]) == 25
    grown = {url: (few[url], many[url]) for url in few if len(few[url]) != len(many[url])}
    assert not grown, grown  # per view: the statements with 5 cases, with 25
    with app.app_context():
        assert Case.query.count() == 25
