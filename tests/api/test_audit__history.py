"""Every state change leaves an audit event saying who, what and when."""
from tests.helpers.api_journey import apply, complete


def test_every_step_is_in_the_history(api):
    applicant, province, samr = api("app-yuncheng"), api("prov-shanxi"), api("samr")
    case_id = apply(applicant)
    complete(province, "initial_review", case_id,
             {"decision": "return", "reasons": "缺材料", "amend_deadline": "2030-01-31"})
    complete(applicant, "amendment", case_id, {"decision": "resubmit", "amendment_notes": "已补充"})
    complete(province, "initial_review", case_id, {"decision": "pass"})
    complete(province, "recommendation", case_id, {"decision": "recommend", "rank": 1, "reasons": "推荐"})
    complete(samr, "creation_approval", case_id, {"decision": "approve"})

    history = samr.get(f"/api/v1/cases/{case_id}").get_json()["history"]
    assert [(h["actor"], h["action"], h["task"]) for h in history] == [
        ("app-yuncheng", "case_started", None),
        ("app-yuncheng", "task_completed", "application"),
        ("prov-shanxi", "task_completed", "initial_review"),
        ("prov-shanxi", "document_issued", "initial_review"),  # each decision's letter and number
        ("app-yuncheng", "task_completed", "amendment"),
        ("prov-shanxi", "task_completed", "initial_review"),
        ("prov-shanxi", "document_issued", "initial_review"),
        ("prov-shanxi", "task_completed", "recommendation"),
        ("prov-shanxi", "document_issued", "recommendation"),
        ("samr", "task_completed", "creation_approval"),
        ("samr", "document_issued", "creation_approval"),
    ]
    assert history[2]["detail"]["data"]["reasons"] == "缺材料"
    assert all(h["at"].endswith("+00:00") for h in history)
    assert history == sorted(history, key=lambda h: h["at"])


def test_claims_and_timer_firings_are_audited(api):
    applicant, province, samr = api("app-yuncheng"), api("prov-shanxi"), api("samr")
    case_id = apply(applicant)
    complete(province, "initial_review", case_id,
             {"decision": "return", "reasons": "请补充", "amend_deadline": "2030-01-31"})
    task = province.get(f"/api/v1/tasks?case_id={case_id}").get_json()
    assert task["total"] == 0
    samr.post("/api/v1/admin/clock", json={"set": "2030-02-01T00:00:01+08:00"})
    samr.post("/api/v1/admin/timers/run")
    actions = [(h["actor"], h["action"]) for h in samr.get(f"/api/v1/cases/{case_id}").get_json()["history"]]
    assert actions[-2:] == [("scheduler", "task_cancelled"), ("scheduler", "timer_fired")]


def test_the_trail_exports_per_case_as_csv_with_every_event(api, client):
    import csv
    import io
    import json
    applicant, province = api("app-yuncheng"), api("prov-shanxi")
    case_id = apply(applicant)
    complete(province, "initial_review", case_id,
             {"decision": "return", "reasons": "缺材料，请补充", "amend_deadline": "2030-01-31"})
    other = apply(api("app-yongchuan"))
    response = province.get(f"/api/v1/cases/{case_id}/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f"case-{case_id}-audit.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    history = api("samr").get(f"/api/v1/cases/{case_id}").get_json()["history"]
    assert [(r["actor"], r["action"], r["task"]) for r in rows] == \
        [(h["actor"], h["action"], h["task"] or "") for h in history]
    assert json.loads(rows[2]["detail"])["data"]["reasons"] == "缺材料，请补充"
    assert province.get(f"/api/v1/cases/{other}/audit.csv").status_code == 403  # another province's case
