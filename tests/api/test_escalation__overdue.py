"""Overdue human tasks: a reminder to the assignee or role when due, a supervision notice
(督办) to the role above after the grace period — in inboxes and in the case history,
once each; thresholds are settings an administrator changes."""
from datetime import datetime

import pytest

from models import HumanTask, db
from tests.helpers.api_journey import apply, open_task, round_id


def put(user, url, json):
    return user.client.put(url, json=json, headers=user.headers)


def past_due(admin, task, by="PT1M"):
    """Set the clock to the task's due time, then on by `by`."""
    admin.post("/api/v1/admin/clock", json={"set": task["due_at"]})
    admin.post("/api/v1/admin/clock", json={"advance": by})


def run_escalation(admin):
    response = admin.post("/api/v1/admin/jobs/escalation/run")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["outcome"] == "ok", body
    return body["detail"]


def notes(user, case_id=None):
    """The user's reminders and supervision notices (新待办 notices of new tasks left out)."""
    url = "/api/v1/notifications" + (f"?case_id={case_id}" if case_id else "")
    return [n for n in user.get(url).get_json()["items"] if n["kind"] != "task_created"]


def actions(user, case_id):
    return [h["action"] for h in user.get(f"/api/v1/cases/{case_id}").get_json()["history"]]


@pytest.fixture
def setting(api):
    """Change a threshold for one test and put it back afterwards."""
    admin, changed = api("admin"), {}

    def change(key, value):
        old = next(s for s in admin.get("/api/v1/admin/settings").get_json()["items"] if s["key"] == key)
        changed.setdefault(key, old["value"])
        response = put(admin, f"/api/v1/admin/settings/{key}", {"value": value})
        assert response.status_code == 200, response.get_json()
    yield change
    for key, value in changed.items():
        put(admin, f"/api/v1/admin/settings/{key}", {"value": value})


def test_province_reminded_when_due_then_samr_supervises_after_grace(api):
    applicant, province, samr, admin = api("app-yuncheng"), api("prov-shanxi"), api("samr"), api("admin")
    case_id = apply(applicant)
    task = open_task(province, "initial_review", case_id)
    due = datetime.fromisoformat(task["due_at"])
    samr.post("/api/v1/admin/clock", json={"set": due.isoformat()})
    samr.post("/api/v1/admin/clock", json={"advance": "PT1M"})
    assert run_escalation(admin) == {"reminded": 1, "escalated": 0, "tasks": [task["id"]]}
    assert run_escalation(admin)["reminded"] == 0  # once only

    [reminder] = notes(province, case_id)
    assert reminder["kind"] == "task_reminder" and task["title"] in reminder["title"]
    assert notes(api("prov-henan")) == [] and notes(samr, case_id) == []  # other province, not yet SAMR
    assert "task_reminded" in actions(samr, case_id)

    samr.post("/api/v1/admin/clock", json={"advance": "P2DT23H"})  # grace P3D not over yet
    assert run_escalation(admin)["escalated"] == 0
    samr.post("/api/v1/admin/clock", json={"advance": "PT1H"})
    assert run_escalation(admin)["escalated"] == 1
    [notice] = notes(samr, case_id)
    assert notice["kind"] == "task_escalation" and notice["title"].startswith("督办")
    assert notice["role"] == "samr"
    history = applicant.get(f"/api/v1/cases/{case_id}").get_json()["history"]
    escalated = [h for h in history if h["action"] == "task_escalated"]
    assert len(escalated) == 1 and escalated[0]["task"] == "initial_review"
    assert escalated[0]["actor"] == "scheduler" and escalated[0]["detail"]["role"] == "samr"
    assert run_escalation(admin) == {"reminded": 0, "escalated": 0, "tasks": []}


def test_claimed_task_reminds_its_assignee_only(api):
    applicant, province, admin = api("app-yangpu"), api("prov-shanghai"), api("admin")
    case_id = apply(applicant)
    task = open_task(province, "initial_review", case_id)
    assert province.post(f"/api/v1/tasks/{task['id']}/claim").status_code == 200
    past_due(admin, task)
    run_escalation(admin)
    [note] = notes(province, case_id)
    assert note["role"] is None and note["kind"] == "task_reminder"
    assert province.post(f"/api/v1/notifications/{note['id']}/read").get_json()["read_at"]
    unread = province.get("/api/v1/notifications?unread=true").get_json()["items"]
    assert [n["kind"] for n in unread] == ["task_created"]  # the reminder is read; 新待办 is not
    assert api("samr").post(f"/api/v1/notifications/{note['id']}/read").status_code == 403


def test_thresholds_are_data(api, setting):
    applicant, province, admin = api("app-xuchang"), api("prov-henan"), api("admin")
    case_id = apply(applicant)
    setting("escalation.reminder_after", "P1D")
    setting("escalation.grace", "P10D")
    past_due(admin, open_task(province, "initial_review", case_id), "PT12H")
    assert run_escalation(admin)["reminded"] == 0
    admin.post("/api/v1/admin/clock", json={"advance": "P1D"})
    assert run_escalation(admin)["reminded"] == 1
    admin.post("/api/v1/admin/clock", json={"advance": "P5D"})
    assert run_escalation(admin)["escalated"] == 0
    admin.post("/api/v1/admin/clock", json={"advance": "P5D"})
    assert run_escalation(admin)["escalated"] == 1
    assert "task_escalated" in actions(admin, case_id)


def test_overdue_applicant_task_escalates_to_its_province(app, api):
    applicant, province, admin = api("app-yongchuan"), api("prov-chongqing"), api("admin")
    rid = round_id(applicant)
    case_id = applicant.post("/api/v1/cases", json={"round_id": rid}).get_json()["id"]
    [task] = applicant.get(f"/api/v1/tasks?case_id={case_id}").get_json()["items"]
    with app.app_context():  # the application form has no due date of its own: give it one
        db.session.get(HumanTask, task["id"]).due_at = datetime.fromisoformat(task["created_at"])
        db.session.commit()
    admin.post("/api/v1/admin/clock", json={"advance": "P3DT1M"})
    assert run_escalation(admin) == {"reminded": 1, "escalated": 1, "tasks": [task["id"], task["id"]]}
    assert [n["kind"] for n in notes(applicant, case_id)] == ["task_reminder"]
    assert [n["kind"] for n in notes(province, case_id)] == ["task_escalation"]
    assert notes(api("samr"), case_id) == []


def test_settings_and_jobs_are_for_administrators_only(api):
    samr, admin = api("samr"), api("admin")
    assert samr.get("/api/v1/admin/jobs").status_code == 403
    assert put(samr, "/api/v1/admin/settings/escalation.grace", {"value": "P1D"}).status_code == 403
    bad = put(admin, "/api/v1/admin/settings/escalation.grace", {"value": "three days"})
    assert bad.status_code == 400 and "value" in bad.get_json()["error"]["fields"]
    assert put(admin, "/api/v1/admin/settings/no.such", {"value": "1"}).status_code == 404
