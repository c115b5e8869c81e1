"""Importing creation plans: both example plans against the seeds, xlsx and CSV, templates,
row-level errors with nothing half-imported, who may import."""
import io

from openpyxl import load_workbook

from tests.helpers.plan_imports import case_in_creation, import_example, seed_rows, seed_units, upload


def test_yongchuan_example_matches_the_seeds(api, app):
    journey = case_in_creation(api, app, "app-yongchuan", system="2022-trial")
    office = journey.applicant
    result = import_example(office, journey.case_id, "yongchuan")

    tasks = seed_rows("yongchuan.csv")
    decomposition = seed_rows("yongchuan-decomposition.csv")
    units, pairs = seed_units(tasks)
    assert result["imported"]["tasks"] == len(tasks) == 24
    assert result["imported"]["units"] == len(units) == 25
    assert result["imported"]["assignments"] == len(pairs) == 111
    assert result["imported"]["indicators"] == len(decomposition) == 41
    assert result["imported"]["reports_opened"] == 111  # the first quarter opens at once

    plan = office.get(f"/api/v1/cases/{journey.case_id}/plan").get_json()
    assert plan["indicator_system"] == "2022-trial" and plan["cadence"] == "P3M"
    assert [t["number"] for t in plan["tasks"]] == [str(n) for n in range(1, 25)]
    first = plan["tasks"][0]
    assert first["title"] == "加快电子商务产业园提质升级"
    assert [(u["name"], u["role"]) for u in first["units"]] == [("永川区商务委", "lead"), ("永川区新城建管委", "responsible")]
    assert first["indicators"] == list(range(1, 11))
    # the decomposition: every unit named for an indicator, lead and responsible
    decomposed = {(u["indicator"], u["name"], u["role"]) for u in plan["indicator_units"]}
    expected = {(int(r["indicator_number"]), name, role) for r in decomposition
                for role, column in (("lead", "lead_unit"), ("responsible", "responsible_units"))
                for name in r[column].split(";") if name}
    assert decomposed == expected
    assert len({u["name"] for u in plan["indicator_units"]}) == 30


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
    journey = case_in_creation(api, app, "app-yongchuan", system="2022-trial")
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
    journey = case_in_creation(api, app, "app-yongchuan", system="2022-trial")
    office = journey.applicant
    template = office.get("/api/v1/plans/template.xlsx")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.data))
    assert book.sheetnames == ["tasks", "indicators"]
    assert [c.value for c in book["tasks"][1]][:6] == ["number", "title", "description", "lead_unit",
                                                       "responsible_units", "indicators"]
    assert office.get("/api/v1/plans/template.csv").data.decode("utf-8-sig").startswith("number,title,")

    catalogue = office.get("/api/v1/plans/examples").get_json()["items"]
    assert {(e["key"], e["tasks"], e["indicators"]) for e in catalogue} == {("yuncheng", 22, 0), ("yongchuan", 24, 41)}
    workbook = office.get("/api/v1/plans/examples/yongchuan.xlsx").data
    response = upload(office, journey.case_id, workbook, "永川方案.xlsx", cadence="P1M")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["imported"] == {"tasks": 24, "indicators": 41, "units": 25, "assignments": 111,
                                               "reports_opened": 111}


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
    # an example of another system than the case's is refused
    response = journey.applicant.post(f"/api/v1/cases/{journey.case_id}/plan/import", json={"example": "yongchuan"})
    assert response.status_code in (400, 409)


def test_tasks_entered_one_by_one(api, app):
    journey = case_in_creation(api, app, "app-yongchuan", system="2022-trial")
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
