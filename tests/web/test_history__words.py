"""A case's history, on its page and in the audit export, says who did what at which step
in words: people and offices by display name, actions and steps by name, not codes."""
import csv
import io

from tests.helpers.api_journey import apply, complete
from tests.helpers.page_client import login

CODES = ("app-yuncheng", "prov-shanxi", "task_completed", "initial_review", "document_issued", "case_started")


def _case(api):
    case_id = apply(api("app-yuncheng"))
    complete(api("prov-shanxi"), "initial_review", case_id, {"decision": "pass"})
    return case_id


def test_the_case_page_shows_names_and_words(app, client, api):
    case_id = _case(api)
    login(client, "prov-shanxi")
    html = client.get(f"/cases/{case_id}").data.decode()
    timeline = html[html.index('id="h-history"'):html.index("</table>", html.index('id="h-history"'))]
    assert "运城市创建办" in timeline and "申报材料初审" in timeline and "办结" in timeline
    assert not any(code in timeline.split("</thead>")[1] for code in CODES), timeline


def test_the_audit_export_has_names_and_words_beside_the_codes(app, api):
    case_id = _case(api)
    headers = api("prov-shanxi").headers
    chinese = app.test_client().get(f"/api/v1/cases/{case_id}/audit.csv", headers=headers)
    rows = list(csv.DictReader(io.StringIO(chinese.data.decode("utf-8-sig"))))
    assert [r["action"] for r in rows][:3] == ["case_started", "task_completed", "task_completed"]
    said = [(r["who"], r["what"], r["step"]) for r in rows]
    assert said[0][0] == "运城市创建办" and said[2][1] == "办结：通过" and said[2][2] == "申报材料初审", said
    assert not any(code in " ".join(words) for words in said for code in CODES)
    english = app.test_client().get(f"/api/v1/cases/{case_id}/audit.csv",
                                    headers={**headers, "Accept-Language": "en"})
    rows = list(csv.DictReader(io.StringIO(english.data.decode("utf-8-sig"))))
    assert (rows[2]["what"], rows[2]["step"]) == ("Task completed: Pass", "Initial review of the application")


def test_the_api_history_carries_the_words(api):
    case_id = _case(api)
    history = api("samr").get(f"/api/v1/cases/{case_id}").get_json()["history"]
    assert history[0]["who"] == "运城市创建办" and history[0]["what"] == "Case started"
    assert history[2]["step"] == "Initial review of the application" and history[2]["task"] == "initial_review"
