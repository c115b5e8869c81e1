"""The administrator's page of scheduled jobs: next runs, last runs, errors, in Chinese."""
import re
from datetime import datetime

from models import HumanTask, db
from tests.helpers.api_journey import round_id
from tests.web.test_pages__login_and_inbox import login


def test_jobs_page_shows_runs_and_errors_in_chinese(client, api):
    admin = api("admin")
    assert admin.post("/api/v1/admin/jobs/escalation/run").get_json()["outcome"] == "ok"
    jobs = admin.get("/api/v1/admin/jobs").get_json()
    names = [j["name"] for j in jobs["items"]]
    assert names[:3] == ["timers", "escalation", "supervision"]
    escalation = jobs["items"][1]
    assert escalation["last_runs"][0]["outcome"] == "ok" and escalation["last_runs"][0]["duration_ms"] >= 0
    assert admin.get("/api/v1/admin/jobs/runs?job=escalation").get_json()["total"] >= 1

    login(client, "admin")
    html = client.get("/admin/jobs").data.decode()
    assert "定时任务" in html and "逾期任务催办与督办" in html and "成功" in html
    assert "调度器未运行" in html  # no scheduler process in this test
    assert client.get("/admin/jobs?errors=1").status_code == 200


def test_jobs_page_is_for_administrators_only(client, api):
    login(client, "samr")
    assert client.get("/admin/jobs").status_code == 403
    assert api("samr").get("/api/v1/admin/jobs").status_code == 403


def test_inbox_page_shows_reminders_and_supervision_notices(client, api):
    applicant, province, admin = api("app-yuncheng"), api("prov-shanxi"), api("admin")
    case_id = applicant.post("/api/v1/cases", json={"round_id": round_id(applicant)}).get_json()["id"]
    [task] = applicant.get(f"/api/v1/tasks?case_id={case_id}").get_json()["items"]
    with client.application.app_context():  # the start task has no due date: give it one
        db.session.get(HumanTask, task["id"]).due_at = datetime.fromisoformat(task["created_at"])
        db.session.commit()
    admin.post("/api/v1/admin/clock", json={"advance": "P3DT1M"})
    admin.post("/api/v1/admin/jobs/escalation/run")
    login(client, "prov-shanxi")
    html = client.get("/inbox").data.decode()
    assert "催办与督办通知" in html and "督办" in html and f"#{case_id}" in html
    assert province.get("/api/v1/notifications").get_json()["total"] == 1


def test_administrator_changes_a_threshold_on_the_page(client, api):
    login(client, "admin")
    page = client.get("/admin/jobs").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    try:
        response = client.post("/admin/settings/escalation.grace", data={"value": "P5D", "csrf_token": token},
                               follow_redirects=True)
        assert response.status_code == 200 and 'value="P5D"' in response.data.decode()
        bad = client.post("/admin/settings/escalation.grace", data={"value": "soon", "csrf_token": token},
                          follow_redirects=True).data.decode()
        assert "ISO 8601" in bad and 'value="P5D"' in bad
        assert client.post("/admin/settings/escalation.grace", data={"value": "P1D"}).status_code == 400  # no CSRF
        history = [e for e in api("admin").get("/api/v1/admin/settings").get_json()["items"]
                   if e["key"] == "escalation.grace"]
        assert history[0]["value"] == "P5D" and history[0]["updated_by"] == "admin"
    finally:
        api("admin").client.put("/api/v1/admin/settings/escalation.grace", json={"value": "P3D"},
                                headers=api("admin").headers)
