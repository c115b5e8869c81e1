"""A round in figures (milestones reached and outcomes by province and zone) and its cases
as an .xlsx workbook, through the API, each caller within its own reach."""
from io import BytesIO

from openpyxl import load_workbook

from tests.helpers.api_journey import round_at_four_points as build_round


def in_chinese(user, url):
    """The workbook as a zh-CN client gets it (the test client asks for English)."""
    return user.client.get(url, headers={**user.headers, "Accept-Language": "zh-CN"})


def by_province(stats):
    return {p["province"]: p for p in stats["by_province"]}


def test_samr_sees_milestones_and_outcomes_by_province_and_zone(api):
    rid, (approved, not_recommended, returned, waiting) = build_round(api)
    assert [j.stage for j in (approved, not_recommended, returned, waiting)] == [
        "creation", "not_recommended", "initial_review", "initial_review"]
    stats = api("samr").get(f"/api/v1/rounds/{rid}/statistics").get_json()

    assert stats["milestones"] == ["applied", "reviewed", "recommended", "approved"]
    # A case returned for amendment still counts as applied; a not-recommended one as reviewed.
    assert stats["totals"]["cases"] == 4
    assert stats["totals"]["milestones"] == {"applied": 4, "reviewed": 2, "recommended": 1, "approved": 1}
    assert stats["totals"]["outcomes"]["not_recommended"] == 1 and stats["totals"]["outcomes"]["declined"] == 0
    provinces = by_province(stats)
    assert provinces["山西省市场监督管理局"]["milestones"]["approved"] == 1
    assert provinces["上海市市场监督管理局"]["outcomes"]["not_recommended"] == 1
    assert provinces["重庆市市场监督管理局"]["milestones"] == {"applied": 1, "reviewed": 0, "recommended": 0,
                                                             "approved": 0}
    zones = {z["zone"]: z for z in stats["by_zone"]}
    assert list(zones) == ["east", "central", "west", "northeast"]
    assert (zones["central"]["cases"], zones["central"]["milestones"]["reviewed"]) == (2, 1)  # Shanxi, Henan
    assert (zones["east"]["cases"], zones["west"]["cases"], zones["northeast"]["cases"]) == (1, 1, 0)


def test_a_province_counts_only_its_own_cases_and_others_are_refused(api):
    rid, _ = build_round(api)
    own = api("prov-henan").get(f"/api/v1/rounds/{rid}/statistics").get_json()
    assert list(by_province(own)) == ["河南省市场监督管理局"] and own["totals"]["cases"] == 1
    for caller in ("app-yuncheng", "expert1"):
        refused = api(caller).get(f"/api/v1/rounds/{rid}/statistics")
        assert refused.status_code == 403, caller
        assert api(caller).get(f"/api/v1/rounds/{rid}/cases.xlsx").status_code == 403
    assert api("samr").get("/api/v1/rounds/999999/statistics").status_code == 404


def test_the_export_lists_each_case_with_its_milestones_and_document_numbers(api):
    rid, (approved, *_rest) = build_round(api)
    response = in_chinese(api("samr"), f"/api/v1/rounds/{rid}/cases.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(BytesIO(response.data))
    cases, figures = book.worksheets
    header, *rows = list(cases.values)
    assert header[:3] == ("案件", "创建对象", "省份") and "批复创建" in header and header[-1] == "文号"
    assert sorted(r[1] for r in rows) == sorted(["杨浦区", "永川区", "许昌市", "运城市"])
    yuncheng = next(r for r in rows if r[1] == "运城市")
    numbers = [d["number"] for d in api("samr").get(f"/api/v1/cases/{approved.case_id}/documents").get_json()["items"]]
    assert numbers and yuncheng[-1] == "；".join(numbers)
    assert yuncheng[header.index("批复创建")] == "是" and yuncheng[header.index("区域")] == "中部"
    total = next(r for r in figures.values if r[0] == "合计")
    assert total[2] == 4

    own = load_workbook(BytesIO(in_chinese(api("prov-shanxi"), f"/api/v1/rounds/{rid}/cases.xlsx").data)).worksheets[0]
    assert [r[1] for r in list(own.values)[1:]] == ["运城市"]
