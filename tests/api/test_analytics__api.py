"""GET /api/v1/analytics/steps: the figures per step and flow, filtered; a province sees
its own province only (403 for another's), other roles none; bad parameters are a 400."""
import pytest

from tests.helpers.api_journey import Journey


@pytest.fixture
def two_provinces(api):
    """A Shanxi case past its initial review, a Chongqing case waiting for it."""
    shanxi = Journey(api).apply().review()
    chongqing = Journey(api, "app-yongchuan").apply()
    return shanxi, chongqing


def items(response):
    assert response.status_code == 200, response.get_json()
    return {i["element"]: i for i in response.get_json()["items"]}


def org_id(user):
    return user.get("/api/v1/me").get_json()["roles"][0]["org_id"]


def test_samr_sees_every_province_and_filters(api, two_provinces):
    samr, shanxi = api("samr"), api("prov-shanxi")
    every = items(samr.get("/api/v1/analytics/steps?definition=zone_lifecycle"))
    assert every["application"]["passed"] == 2
    assert every["initial_review"]["passed"] == 1 and every["initial_review"]["waiting_now"] == 1
    body = samr.get("/api/v1/analytics/steps").get_json()
    assert {"id": "Flow_application_initial_review", "taken": 2} in body["flows"]
    assert body["definition"]["key"] == "zone_lifecycle"
    # by province, the quickest median review first: Shanxi reviewed, Chongqing still waiting
    ranked = [(p["province"][:3], {s["element"]: s["passed"] for s in p["steps"]}) for p in body["provinces"]]
    assert ranked == [("山西省", {"initial_review": 1, "recommendation": 0}), ("重庆市", {"initial_review": 0})]
    one = items(samr.get(f"/api/v1/analytics/steps?province={org_id(shanxi)}"))
    assert one["application"]["passed"] == 1 and one["initial_review"]["waiting_now"] == 0
    west = items(samr.get("/api/v1/analytics/steps?zone=west"))  # Chongqing
    assert west["application"]["passed"] == 1 and west["initial_review"]["waiting_now"] == 1
    assert items(samr.get("/api/v1/analytics/steps?zone=northeast")) == {}
    future = items(samr.get("/api/v1/analytics/steps?from=2100-01-01T00:00:00%2B08:00"))
    assert future["application"]["passed"] == 0


def test_province_sees_its_own_only(api, two_provinces):
    shanxi, chongqing = api("prov-shanxi"), api("prov-chongqing")
    own = items(shanxi.get("/api/v1/analytics/steps"))
    assert own["application"]["passed"] == 1 and own["initial_review"]["passed"] == 1
    assert items(shanxi.get(f"/api/v1/analytics/steps?province={org_id(shanxi)}")) == own
    other = shanxi.get(f"/api/v1/analytics/steps?province={org_id(chongqing)}")
    assert other.status_code == 403, other.get_json()
    assert api("app-yuncheng").get("/api/v1/analytics/steps").status_code == 403
    assert shanxi.get("/api/v1/analytics/steps.xlsx").status_code == 200


@pytest.mark.parametrize("query", [
    "definition=" + "x" * 101, "definition=a%20b", "version=0", "version=abc", "round=0",
    "province=99999999999999", "zone=south", "from=yesterday", "from=2026-01-02T00:00:00%2B08:00&to=2026-01-01T00:00:00%2B08:00",
])
def test_bad_parameters_are_400(api, query):
    response = api("samr").get(f"/api/v1/analytics/steps?{query}")
    assert response.status_code == 400, (query, response.get_json())
    assert response.get_json()["error"]["code"] == "invalid_input"


def test_unknown_definition_is_404(api):
    assert api("samr").get("/api/v1/analytics/steps?definition=nothing_here").status_code == 404


def test_workbook(api, two_provinces):
    from io import BytesIO

    from openpyxl import load_workbook
    response = api("samr").get("/api/v1/analytics/steps.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert any(r[0] == "initial_review" and r[2] == 1 for r in rows)
