"""Importing creation plans: the example plans against the seeds, links mapped between indicator systems, xlsx and CSV, templates,
row-level errors with nothing half-imported, who may import."""
import io

from openpyxl import load_workbook

from tests.helpers.plan_imports import case_in_creation, import_example, mapping, seed_rows, seed_units, upload


def test_yongchuan_example_maps_its_2022_links_onto_the_case_system(api, app):
    """The case is scored under the 2024 draft; Yongchuan's decomposition links the 2022
    trial system: each link is carried to its counterparts, and those without one are named."""
    journey = case_in_creation(api, app, "app-yongchuan")
    office = journey.applicant
    result = import_example(office, journey.case_id, "yongchuan")

    tasks = seed_rows("yongchuan.csv")
    decomposition = seed_rows("yongchuan-decomposition.csv")
    to = mapping()
    units, pairs = seed_units(tasks)
    imported = result["imported"]
    assert imported["tasks"] == len(tasks) == 24
    assert imported["units"] == len(units) == 25
    assert imported["assignments"] == len(pairs) == 111
    assert imported["reports_opened"] == 111  # the first quarter opens at once
    assert imported["indicators"] == len({n for r in decomposition for n in to[int(r["indicator_number"])]}) == 23
    report = imported["mapping"]
    assert (report["from"], report["to"]) == ("2022-trial", "2024-draft")
    assert [u["indicator"] for u in report["unmapped"]] == [5, 6, 7, 8, 9, 15, 35, 36, 37, 38, 39]
    express = next(u for u in report["unmapped"] if u["indicator"] == 5)
    assert express["name"] == "快递业务同比增速。" and express["tasks"] == ["1", "2", "3", "4", "5", "6"]
    assert express["rows"] == [6] and "快递" in express["reason"]
    assert {m["from"]: m["to"] for m in report["mapped"]}[21] == [15, 14]

    plan = office.get(f"/api/v1/cases/{journey.case_id}/plan").get_json()
    assert plan["indicator_system"] == "2024-draft" and plan["cadence"] == "P3M"
    assert plan["indicator_system_name"] == "网络市场监管与服务示范区创建评估指标体系(征求意见稿)"
    case = office.get(f"/api/v1/cases/{journey.case_id}").get_json()
    assert case["indicator_system"] == "2024-draft" and case["indicator_system_name"].endswith("(征求意见稿)")
    assert [t["number"] for t in plan["tasks"]] == [str(n) for n in range(1, 25)]
    first = plan["tasks"][0]
    assert first["title"] == "加快电子商务产业园提质升级"
    assert [(u["name"], u["role"]) for u in first["units"]] == [("永川区商务委", "lead"), ("永川区新城建管委", "responsible")]
    # 2022 links 1–10 of task 1 → 2024: 1, 2, 3 and 5 (5–9 have no counterpart)
    assert first["indicators"] == [1, 2, 3, 5]
    # every link is of the case's system, and the decomposition's units follow their indicators
    assert {n for t in plan["tasks"] for n in t["indicators"]} <= set(range(1, 26))
    decomposed = {(u["indicator"], u["name"], u["role"]) for u in plan["indicator_units"]}
    expected = {(n, name, role) for r in decomposition for n in to[int(r["indicator_number"])]
                for role, column in (("lead", "lead_unit"), ("responsible", "responsible_units"))
                for name in r[column].split(";") if name}
    assert decomposed == expected


def test_a_sheet_of_a_system_without_a_mapping_is_refused(api, app):
    from engine.scoring import mappings
    journey = case_in_creation(api, app, "app-yongchuan")
    mappings.between.cache_clear()
    sheet = "number,title,indicators\n1,第一项,1\n".encode()
    response = upload(journey.applicant, journey.case_id, sheet, indicator_system="2024-draft")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["imported"]["mapping"] is None  # the case's own system: nothing to map
    response = upload(journey.applicant, journey.case_id, sheet, indicator_system="1999-none")
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"indicator_system"}


def test_yuncheng_example_matches_the_seeds(api, app):
    journey = case_in_creation(api, app, "app-yuncheng")
    result = import_example(journey.applicant, journey.case_id, "yuncheng", cadence="P6M")
    tasks = seed_rows("yuncheng.csv")
    units, pairs = seed_units(tasks)
    assert (result["imported"]["tasks"], result["imported"]["units"], result["imported"]["assignments"]) == \
        (len(tasks), len(units), len(pairs)) == (22, 25, 78)
    plan = journey.applicant.get(f"/api/v1/cases/{journey.case_id}/plan").get_json()
    assert plan["cadence"] == "P6M"
    assert all(u["role"] == "responsible" for t in plan["tasks"] for u in t["units"])  # no lead units named


def test_a_malformed_sheet_is_refused_with_row_numbers_and_nothing_imported(api, app):
    journey = case_in_creation(api, app, "app-yongchuan")
    office = journey.applicant
    import_example(office, journey.case_id, "yongchuan")
    before = office.get(f"/api/v1/cases/{journey.case_id}/plan").get_json()

    sheet = ("number,title,lead_unit,responsible_units,indicators,due_date\n"
             "1,第一项,永川区商务委,永川区统计局,1;2,2025-06-30\n"
             "2,,永川区商务委,,,\n"                      # row 3: no title
             "3,第三项,运城市商务局,区商务委,99,2025-13-01\n"  # row 4: other region's unit, bad indicator, bad date
             "1,重复,永川区商务委,,,\n").encode()     # row 5: number repeats row 2
    response = upload(office, journey.case_id, sheet)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert set(error["fields"]) == {"row 3.title", "row 4.lead_unit", "row 4.indicators", "row 4.due_date",
                                    "row 5.number"}
    assert "rows 3, 4, 5" in error["message"]
    assert error["fields"]["row 4.lead_unit"] == ["row 4: unknown unit '运城市商务局' in 永川区"]
    assert error["fields"]["row 5.number"] == ["row 5: task number 1 repeats row 2"]
    # alias 区商务委 resolved inside the region: no error for it
    after = office.get(f"/api/v1/cases/{journey.case_id}/plan").get_json()
    assert after == before  # the earlier plan is untouched


def test_xlsx_template_and_example_workbook_round_trip(api, app):
    journey = case_in_creation(api, app, "app-yongchuan")
    office = journey.applicant
    template = office.get("/api/v1/plans/template.xlsx")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.data))
    assert book.sheetnames == ["tasks", "indicators"]
    assert [c.value for c in book["tasks"][1]][:6] == ["number", "title", "description", "lead_unit",
                                                       "responsible_units", "indicators"]
    assert office.get("/api/v1/plans/template.csv").data.decode("utf-8-sig").startswith("number,title,")

    catalogue = office.get("/api/v1/plans/examples").get_json()["items"]
    assert {(e["key"], e["tasks"], e["indicators"]) for e in catalogue} == {
        ("yuncheng", 22, 0), ("yongchuan", 24, 41), ("yangpu", 20, 0), ("yuzhou", 13, 0)}
    workbook = office.get("/api/v1/plans/examples/yongchuan.xlsx").data
    # the workbook's links are of the 2022 trial system: against the case's own they do not hold
    response = upload(office, journey.case_id, workbook, "永川方案.xlsx", cadence="P1M")
    assert response.status_code == 400
    assert "indicators row 27.indicator_number" in response.get_json()["error"]["fields"]  # 2022 indicator 26 is not in 2024
    response = upload(office, journey.case_id, workbook, "永川方案.xlsx", cadence="P1M", indicator_system="2022-trial")
    assert response.status_code == 201, response.get_json()
    imported = response.get_json()["imported"]
    assert {k: imported[k] for k in ("tasks", "indicators", "units", "assignments", "reports_opened")} == {
        "tasks": 24, "indicators": 23, "units": 25, "assignments": 111, "reports_opened": 111}
    assert len(imported["mapping"]["unmapped"]) == 11


def test_an_xlsx_with_a_bad_row_names_its_row(api, app):
    from engine.plans.importing import to_xlsx
    journey = case_in_creation(api, app, "app-yuncheng")
    content = to_xlsx([("tasks", ("number", "title", "responsible_units", "milestones"), [
        {"number": "1", "title": "甲", "responsible_units": "运城市商务局", "milestones": "2025-06-30 完成"},
        {"number": "2", "title": "乙", "responsible_units": "市商务局;不存在的局", "milestones": "六月底 完成"}])])
    response = upload(journey.applicant, journey.case_id, content, "plan.xlsx")
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"row 3.responsible_units", "row 3.milestones"}
    assert journey.applicant.get(f"/api/v1/cases/{journey.case_id}/plan").status_code == 404


def test_only_the_regions_office_imports(api, app):
    journey = case_in_creation(api, app, "app-yuncheng")
    for username in ("app-yongchuan", "prov-shanxi", "unit-yuncheng-commerce"):
        response = api(username).post(f"/api/v1/cases/{journey.case_id}/plan/import", json={"example": "yuncheng"})
        assert response.status_code == 403, username
    # another region's example: its units are not this region's
    response = journey.applicant.post(f"/api/v1/cases/{journey.case_id}/plan/import", json={"example": "yongchuan"})
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"]["row 2.lead_unit"] == ["row 2: unknown unit '永川区商务委' in 运城市"]


def test_tasks_entered_one_by_one(api, app):
    journey = case_in_creation(api, app, "app-yongchuan")
    office, case_id = journey.applicant, journey.case_id
    created = office.post(f"/api/v1/cases/{case_id}/plan", json={"cadence": "P3M"})
    assert created.status_code == 201, created.get_json()
    task = office.post(f"/api/v1/cases/{case_id}/plan/tasks", json={
        "number": "1", "title": "建设直播电商基地", "lead_unit": "永川区商务委",
        "responsible_units": ["永川区农业农村委"], "indicators": [1, 4], "due_date": "2025-12-31",
        "milestones": [{"due": "2025-06-30", "title": "选址"}]})
    assert task.status_code == 201, task.get_json()
    body = task.get_json()
    assert [u["role"] for u in body["units"]] == ["lead", "responsible"] and body["indicators"] == [1, 4]
    assert api("unit-yongchuan-agriculture").get("/api/v1/plan-work").get_json()["total"] == 1  # reports at once
    bad = office.post(f"/api/v1/cases/{case_id}/plan/tasks", json={"number": "1", "title": "",
                                                                   "lead_unit": "不存在"})
    assert bad.status_code == 400
    assert set(bad.get_json()["error"]["fields"]) == {"title", "lead_unit"}
    changed = office.client.put(f"/api/v1/cases/{case_id}/plan/tasks/{body['id']}", headers=office.headers,
                                json={"responsible_units": ["永川区统计局"]})
    assert changed.status_code == 200, changed.get_json()
    assert [u["name"] for u in changed.get_json()["units"]] == ["永川区商务委", "永川区统计局"]
    work = api("unit-yongchuan-agriculture").get("/api/v1/plan-work").get_json()
    assert work["total"] == 0  # the unit left the task: its open report went with it
