"""All four plans of the seeds as examples: each imports with its task count, its document
(number, issuer, date), its targets and its organisational measures, each tracked."""
from tests.helpers.plan_imports import case_in_creation, import_example, seed_rows

EXPECTED = {  # example → (applicant, tasks, document number, issuer, issued on, targets, measures)
    "yuncheng": ("app-yuncheng", 22, None, "[…]办公室", "2022-12-16", 4, 4),
    "yongchuan": ("app-yongchuan", 24, "永川府办发〔2023〕14号", "永川区政府办公室", "2023-02-21", 10, 3),
    "yangpu": ("app-yangpu", 20, "杨府〔2023〕6号", "上海市杨浦区人民政府", "2023-06-13", 3, 3),
    "yuzhou": ("app-xuchang", 13, "禹政办〔2023〕6号", "禹州市人民政府办公室", "2023-03-10", 3, 3),
}


def test_all_four_examples_import_with_the_seeds_task_counts(api, app):
    catalogue = {e["key"]: e for e in api("samr").get("/api/v1/plans/examples").get_json()["items"]}
    assert {k: e["tasks"] for k, e in catalogue.items()} == {"yuncheng": 22, "yongchuan": 24, "yangpu": 20, "yuzhou": 13}
    assert catalogue["yuncheng"]["title"] == "运城市创建全国网络市场监管与服务示范区工作方案"  # as 000 titles it
    for key, (applicant, count, number, issuer, issued_on, targets, measures) in EXPECTED.items():
        journey = case_in_creation(api, app, applicant)
        office, query = journey.applicant, ""
        if key == "yuzhou":
            assert office.post(f"/api/v1/cases/{journey.case_id}/counties", json={"county": "yuzhou"}).status_code == 201
            query = "?county=yuzhou"
        imported = import_example(office, journey.case_id, key)["imported"]
        assert (imported["tasks"], imported["targets"], imported["measures"]) == (count, targets, measures), key
        assert count == len(seed_rows(f"{key}.csv"))
        plan = office.get(f"/api/v1/cases/{journey.case_id}/plan{query}").get_json()
        assert (plan["document_number"], plan["issuer"], plan["issued_on"]) == (number, issuer, issued_on), key
        assert len(plan["tasks"]) == count and plan["title"] == catalogue[key]["title"]
        assert all(i["progress"] == "not_started" for i in plan["targets"] + plan["measures"])
        if key == "yangpu":  # the source names no units: none are invented
            assert imported["units"] == imported["assignments"] == imported["reports_opened"] == 0
            assert all(t["units"] == [] for t in plan["tasks"])
        if key == "yongchuan":
            income = plan["targets"][0]
            assert (income["title"], income["value"]) == ("大数据产业收入达到450亿元", "450亿元")
            lead = plan["measures"][1]["units"][0]
            assert (plan["measures"][1]["title"], lead["name"], lead["role"]) == ("加强机制保障", "永川区委组织部", "lead")


def test_a_target_is_tracked_by_the_office_only(api, app):
    journey = case_in_creation(api, app, "app-yangpu")
    office, case_id = journey.applicant, journey.case_id
    import_example(office, case_id, "yangpu")
    target = office.get(f"/api/v1/cases/{case_id}/plan").get_json()["targets"][0]
    url = f"/api/v1/cases/{case_id}/plan/items/{target['id']}"
    assert api("app-yuncheng").client.put(url, headers=api("app-yuncheng").headers,
                                          json={"progress": "on_track"}).status_code == 403
    bad = office.client.put(url, headers=office.headers, json={"progress": "half", "percent": 120})
    assert bad.status_code == 400 and set(bad.get_json()["error"]["fields"]) == {"progress", "percent"}
    ok = office.client.put(url, headers=office.headers, json={"progress": "on_track", "percent": 40})
    assert ok.status_code == 200 and ok.get_json()["percent"] == 40
    board = office.get(f"/api/v1/cases/{case_id}/plan/dashboard").get_json()
    assert (board["items"][0]["kind"], board["items"][0]["progress"]) == ("target", "on_track")
    history = api("samr").get(f"/api/v1/cases/{case_id}").get_json()["history"]
    assert [h["detail"]["percent"] for h in history if h["action"] == "plan_item_updated"] == [40]
