"""The administrator's page of scheduled jobs: next runs, last runs, errors, in Chinese."""
from .test_pages__login_and_inbox import login


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
