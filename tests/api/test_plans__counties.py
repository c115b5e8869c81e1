"""A county-level city inside its prefecture's case (Art 5, Art 10): 禹州市 in 许昌市's case,
with its own member units and sub-plan (seed 004), on the adjustable clock."""
from tests.helpers.api_journey import round_id
from tests.helpers.plan_imports import case_in_creation, seed_rows, upload


def test_a_county_starting_its_own_case_is_told_which_case_to_join(api, app):
    yuzhou = api("app-yuzhou")
    response = yuzhou.post("/api/v1/cases", json={"round_id": round_id(yuzhou)})
    assert response.status_code == 403
    assert "许昌市 has no open case yet" in response.get_json()["error"]["message"]

    journey = case_in_creation(api, app, "app-xuchang")
    response = yuzhou.post("/api/v1/cases", json={"round_id": round_id(yuzhou)})
    assert response.status_code == 403
    message = response.get_json()["error"]["message"]
    assert f"join 许昌市's case {journey.case_id}" in message and "Art 5" in message and "Art 10" in message
    assert api("samr").get("/api/v1/cases").get_json()["total"] == 1  # Xuchang's only


def test_yuzhou_plan_in_xuchangs_case_with_a_yuzhou_unit_reporting(api, app):
    journey = case_in_creation(api, app, "app-xuchang")
    xuchang, yuzhou, case_id = journey.applicant, api("app-yuzhou"), journey.case_id
    part = f"/api/v1/cases/{case_id}/plan?county=yuzhou"

    # before Xuchang includes it, Yuzhou has no part in the case
    assert yuzhou.get(part).status_code == 404
    assert yuzhou.get("/api/v1/participations").get_json()["total"] == 0
    for other in ("app-yuncheng", "app-yuzhou"):  # only the prefecture's office includes
        assert api(other).post(f"/api/v1/cases/{case_id}/counties", json={"county": "yuzhou"}).status_code == 403
    bad = xuchang.post(f"/api/v1/cases/{case_id}/counties", json={"county": "yongchuan"})
    assert bad.status_code == 400 and set(bad.get_json()["error"]["fields"]) == {"county"}
    included = xuchang.post(f"/api/v1/cases/{case_id}/counties", json={"county": "yuzhou"})
    assert included.status_code == 201, included.get_json()
    assert xuchang.post(f"/api/v1/cases/{case_id}/counties", json={"county": "yuzhou"}).status_code == 409

    # a row naming a unit of another region is refused with its row and column
    sheet = ("number,title,lead_unit,responsible_units\n"
             "1,便捷网络经营主体准入,禹州市市场监管局,市税务局\n"
             "2,持续推进电商园区建设,运城市商务局,禹州市财政局\n").encode()
    response = upload(yuzhou, case_id, sheet, "禹州.csv", query="?county=yuzhou")
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {"row 3.lead_unit": ["row 3: unknown unit '运城市商务局' in 禹州市"]}

    # the Yuzhou action plan imports into Xuchang's case, as Yuzhou's part
    imported = xuchang.post(f"/api/v1/cases/{case_id}/plan/import", json={"example": "yuzhou"})
    assert imported.status_code == 201, imported.get_json()
    tasks = seed_rows("yuzhou.csv")
    assert imported.get_json()["imported"]["tasks"] == len(tasks) == 13
    assert imported.get_json()["plan"]["region"]["name"] == "禹州市"
    plan = yuzhou.get(part).get_json()
    assert plan["document_number"] == "禹政办〔2023〕6号" and plan["issuer"] == "禹州市人民政府办公室"
    assert plan["title"] == "许昌市创建全国网络市场监管与服务示范区禹州市行动方案"
    assert {u["name"] for t in plan["tasks"] for u in t["units"]} >= {"禹州市商务局", "禹州市市场监管局"}
    assert [m["title"] for m in plan["measures"]] == ["加强组织领导", "强化任务落实", "强化宣传引导"]
    parts = yuzhou.get("/api/v1/participations").get_json()["items"]
    assert [(p["case_id"], p["region"], p["county"], p["plan"]["tasks"]) for p in parts] == [
        (case_id, "许昌市", "yuzhou", 13)]
    assert xuchang.get(f"/api/v1/cases/{case_id}/counties").get_json()["items"][0]["plan"]["tasks"] == 13

    # Yuzhou sees its part, never the rest of Xuchang's case
    assert yuzhou.get(f"/api/v1/cases/{case_id}").status_code == 403
    assert yuzhou.get(f"/api/v1/cases/{case_id}/plan").status_code == 403
    assert yuzhou.get(f"/api/v1/cases/{case_id}/plan/dashboard").status_code == 403
    assert yuzhou.get(f"/api/v1/cases/{case_id}/counties").status_code == 403
    assert yuzhou.get("/api/v1/tasks").get_json()["total"] == 0
    assert yuzhou.get("/api/v1/cases").get_json()["total"] == 0
    assert api("app-yuncheng").get(part).status_code == 403

    # a Yuzhou unit reports on its tasks; the county's office follows it on its dashboard
    unit = api("unit-yuzhou-commerce")
    work = unit.get(f"/api/v1/plan-work?case_id={case_id}").get_json()
    commerce_tasks = [t for t in tasks if "禹州市商务局" in (t["lead_unit"] + ";" + t["responsible_units"]).split(";")]
    assert work["total"] == len(commerce_tasks) == 11
    report = work["items"][0]
    filed = unit.post(f"/api/v1/plan-work/{report['id']}/submit", json={
        "progress": "on_track", "percent": 30, "narrative": "电商园区招商推进中。"})
    assert filed.status_code == 200, filed.get_json()
    board = yuzhou.get(f"/api/v1/cases/{case_id}/plan/dashboard?county=yuzhou").get_json()
    assert board["totals"]["submitted"] == 1 and board["plan"]["region"]["code"] == "yuzhou"
    assert yuzhou.get(f"/api/v1/plan-work/{report['id']}").status_code == 200  # the county reads its units' reports
    assert api("app-yuncheng").get(f"/api/v1/plan-work/{report['id']}").status_code == 403
    assert board["totals"]["tasks"] == 13

    # on the adjustable clock the quarter ends: the rest is overdue on Yuzhou's board
    journey.advance("P3M1D")
    board = yuzhou.get(f"/api/v1/cases/{case_id}/plan/dashboard?county=yuzhou").get_json()
    assert board["totals"]["overdue"] == board["totals"]["reports"] - 1 > 0

    # the county's office records how a measure stands
    measure = plan["measures"][0]
    changed = yuzhou.client.put(f"/api/v1/cases/{case_id}/plan/items/{measure['id']}?county=yuzhou",
                                headers=yuzhou.headers, json={"progress": "completed", "percent": 100,
                                                              "note": "领导小组已成立。"})
    assert changed.status_code == 200, changed.get_json()
    again = yuzhou.get(part).get_json()["measures"][0]
    assert (again["progress"], again["percent"], again["updated_by"]) == ("completed", 100, "app-yuzhou")
    # …but not Xuchang's own plan, which its part leaves untouched
    assert xuchang.get(f"/api/v1/cases/{case_id}/plan").status_code == 404
