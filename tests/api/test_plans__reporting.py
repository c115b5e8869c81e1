"""Two reporting periods on the adjustable clock: member units file progress with figures and
evidence, a lead unit consolidates, an overdue unit is reminded and then escalated to the
office (督办), the office reminds by hand (催办), and the dashboard shows what follows."""
import io
from datetime import datetime

from tests.helpers.plan_imports import case_in_creation, import_example, seed_rows

COMMERCE, NEW_CITY, AGRICULTURE = "unit-yongchuan-commerce", "unit-yongchuan-new-city", "unit-yongchuan-agriculture"


def tasks_of(unit_name):
    return [r["number"] for r in seed_rows("yongchuan.csv")
            if unit_name in (r["lead_unit"] + ";" + r["responsible_units"]).split(";")]


def open_work(user, **query):
    url = "/api/v1/plan-work?per_page=500" + "".join(f"&{k}={v}" for k, v in query.items())
    return user.get(url).get_json()["items"]


def file(user, report, percent=50, progress="on_track", **extra):
    response = user.post(f"/api/v1/plan-work/{report['id']}/submit", json={
        "progress": progress, "percent": percent, "narrative": f"任务{report['task']}按计划推进。",
        "figures": {"网上零售额（亿元）": 12.5}, **extra})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def notes(user, kind):
    return [n for n in user.get("/api/v1/notifications?per_page=500").get_json()["items"] if n["kind"] == kind]


def run_plans_job(api):
    response = api("admin").post("/api/v1/admin/jobs/plans/run")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["outcome"] == "ok", response.get_json()
    return response.get_json()["detail"]


def test_two_periods_with_reports_reminders_escalation_and_dashboard(api, app):
    journey = case_in_creation(api, app, "app-yongchuan")
    office, case_id = journey.applicant, journey.case_id
    import_example(office, case_id, "yongchuan", cadence="P3M")
    commerce, new_city, agriculture = api(COMMERCE), api(NEW_CITY), api(AGRICULTURE)

    # -- period 1: the inbox of each unit holds its own tasks only
    mine = open_work(commerce)
    assert sorted(r["task"] for r in mine) == sorted(tasks_of("永川区商务委"))
    assert {r["unit"] for r in mine} == {"永川区商务委"} and {r["period"] for r in mine} == {1}
    assert len(open_work(agriculture)) == len(tasks_of("永川区农业农村委")) > 0
    other = mine[0]["id"]
    assert agriculture.get(f"/api/v1/plan-work/{other}").status_code == 403
    assert agriculture.post(f"/api/v1/plan-work/{other}/submit", json={}).status_code == 403

    # a responsible unit reports on task 1, with evidence; then the lead unit consolidates
    task1_new_city = next(r for r in open_work(new_city) if r["task"] == "1")
    evidence = new_city.client.post(f"/api/v1/plan-work/{task1_new_city['id']}/evidence",
                                    data={"file": (io.BytesIO(b"%PDF-1.4 photos of the park"), "园区照片.pdf")},
                                    headers=new_city.headers, content_type="multipart/form-data")
    assert evidence.status_code == 201, evidence.get_json()
    refused = new_city.client.post(f"/api/v1/plan-work/{task1_new_city['id']}/evidence",
                                   data={"file": (io.BytesIO(b"<html><script>x</script>"), "page.html")},
                                   headers=new_city.headers, content_type="multipart/form-data")
    assert refused.status_code == 400
    file(new_city, task1_new_city, percent=40)
    assert new_city.post(f"/api/v1/plan-work/{task1_new_city['id']}/submit",
                         json={"progress": "on_track", "percent": 40, "narrative": "再报"}).status_code == 409
    bad = commerce.post(f"/api/v1/plan-work/{mine[0]['id']}/submit",
                        json={"progress": "fast", "percent": 140, "narrative": ""})
    assert bad.status_code == 400
    assert set(bad.get_json()["error"]["fields"]) == {"progress", "percent", "narrative"}

    lead1 = next(r for r in mine if r["task"] == "1")
    detail = commerce.get(f"/api/v1/plan-work/{lead1['id']}").get_json()
    assert [(p["unit"], p["status"], p["percent"]) for p in detail["peers"]] == [("永川区新城建管委", "submitted", 40)]
    assert detail["peers"][0]["evidence"][0]["filename"] == "园区照片.pdf"
    file(commerce, lead1, percent=30, consolidation="新城建管委已完成园区规划，整体进度三成。")
    for report in mine:
        if report["task"] != "1":
            file(commerce, report, percent=25)
    for report in open_work(new_city):
        file(new_city, report, percent=20)

    # -- the period ends: period 2 opens, every unit still owing is reminded, nobody escalated yet
    journey.advance("P3M1D")
    result = run_plans_job(api)
    assert result["opened"] == 111 and result["escalated"] == 0
    owing = {r["unit"] for r in office.get(f"/api/v1/cases/{case_id}/plan/dashboard").get_json()["overdue"]}
    assert result["reminded"] == len(owing) and "永川区农业农村委" in owing and "永川区商务委" not in owing
    reminder = notes(agriculture, "plan_report_reminder")
    assert len(reminder) == 1 and reminder[0]["detail"]["tasks"] == tasks_of("永川区农业农村委")
    assert notes(commerce, "plan_report_reminder") == []
    assert notes(office, "plan_report_escalation") == []
    assert run_plans_job(api)["reminded"] == 0  # once only

    # -- after the grace period (plan.grace, P5D) the office is told (督办)
    journey.advance("P6D")
    result = run_plans_job(api)
    assert result["escalated"] == len(owing) and result["opened"] == 0
    escalations = notes(office, "plan_report_escalation")
    assert {n["detail"]["unit"] for n in escalations} == owing
    assert all(n["title"].startswith("督办") for n in escalations)
    assert notes(agriculture, "plan_report_escalation") == []  # addressed to the office
    history = journey.samr.get(f"/api/v1/cases/{case_id}").get_json()["history"]
    actions = [h["action"] for h in history]
    assert actions.count("plan_report_escalated") == len(owing) and "plan_period_opened" in actions

    # agriculture files late; the report says so
    late = [file(agriculture, r, percent=10, progress="delayed") for r in open_work(agriculture, status="overdue")]
    assert late and all(r["late"] for r in late)

    # the office reminds a unit by hand (催办)
    urge = office.post(f"/api/v1/cases/{case_id}/plan/reminders",
                       json={"org_id": late[0]["unit_id"], "message": "请按时报送第二期进展"})
    assert urge.status_code == 201, urge.get_json()
    assert len(notes(agriculture, "plan_unit_reminder")) == 1
    assert api("app-yuncheng").post(f"/api/v1/cases/{case_id}/plan/reminders",
                                    json={"org_id": late[0]["unit_id"]}).status_code == 403

    # -- period 2: commerce completes task 1, the others report progress
    second = open_work(commerce)
    assert {r["period"] for r in second} == {2} and len(second) == len(mine)
    for report in second:
        file(commerce, report, **({"percent": 100, "progress": "completed"} if report["task"] == "1"
                                  else {"percent": 60}))
    journey.advance("P3M")
    result = run_plans_job(api)
    assert result["opened"] == 111  # period 3

    # -- the dashboard
    board = office.get(f"/api/v1/cases/{case_id}/plan/dashboard").get_json()
    case = journey.case
    assert board["timeline"]["creation_ends_at"] == case["next_timer_at"]
    periods = board["timeline"]["periods"]
    assert [p["opened"] for p in periods[:4]] == [True, True, True, False]
    assert len(periods) == 8  # two years, quarterly
    assert board["plan"]["opened_periods"] == 3
    n_commerce, n_new_city, n_agri = (len(tasks_of(u)) for u in ("永川区商务委", "永川区新城建管委", "永川区农业农村委"))
    totals = board["totals"]
    assert totals["reports"] == 3 * 111
    assert totals["submitted"] == 2 * n_commerce + n_new_city + n_agri
    assert totals["on_time"] == 2 * n_commerce + n_new_city
    assert totals["overdue"] == 2 * 111 - totals["submitted"]
    assert totals["completed_tasks"] == 1
    assert periods[0]["submitted"] == n_commerce + n_new_city + n_agri and periods[1]["submitted"] == n_commerce
    task1 = next(t for t in board["tasks"] if t["number"] == "1")
    assert (task1["percent"], task1["progress"]) == (100, "completed")  # the lead unit's latest
    task2 = next(t for t in board["tasks"] if t["number"] == "2")  # lead commerce 60, agriculture 10, new city 20
    assert task2["percent"] == 60
    units = {u["name"]: u for u in board["units"]}
    assert units["永川区商务委"]["overdue"] == 0 and units["永川区商务委"]["submitted"] == 2 * n_commerce
    assert units["永川区农业农村委"]["overdue"] == n_agri and units["永川区农业农村委"]["on_time"] == 0
    assert board["units"][0]["overdue"] >= board["units"][-1]["overdue"]
    groups = {g["name"]: g for g in board["groups"]}
    # the case is scored under the 2024 draft: Yongchuan's 2022 links were mapped onto it
    assert groups["促进发展"]["linked_indicators"] == 5 and groups["促进发展"]["tasks"] == 7
    assert groups["促进发展"]["percent"] > 0
    assert all(datetime.fromisoformat(o["due_at"]) < datetime.fromisoformat(board["now"]) for o in board["overdue"])

    # -- self-assessment sees indicator 1 with its tasks, reports and evidence
    view = office.get(f"/api/v1/cases/{case_id}/plan/indicators/1").get_json()
    assert view["indicator"]["name"].startswith("创建地电子商务交易额同比增速")  # 2022's 1 → 2024's 1
    assert [t["number"] for t in view["tasks"]] == ["1", "2", "3", "4", "5", "6"]
    assert {(u["name"], u["role"]) for u in view["units"]} == {("永川区商务委", "lead"), ("永川区统计局", "responsible")}
    assert view["evidence_count"] == 1
    evidence_id = next(e["id"] for r in view["tasks"][0]["reports"] for e in r["evidence"])
    overview = {i["number"]: i for i in office.get(f"/api/v1/cases/{case_id}/plan/indicators").get_json()["items"]}
    assert len(overview) == 25 and overview[1]["tasks"] == ["1", "2", "3", "4", "5", "6"]
    assert overview[1]["evidence_count"] == 1 and overview[9]["tasks"] == [] and overview[9]["percent"] is None
    assert overview[6]["units"] and overview[1]["percent"] > 0  # 2022's 41 (普法、宣传) → 2024's 6
    download = office.get(f"/api/v1/plan-evidence/{evidence_id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 photos of the park"
    assert api("app-yuncheng").get(f"/api/v1/plan-evidence/{evidence_id}").status_code == 403
    assert api("app-yuncheng").get(f"/api/v1/cases/{case_id}/plan/dashboard").status_code == 403
    assert api("prov-chongqing").get(f"/api/v1/cases/{case_id}/plan/dashboard").status_code == 200
