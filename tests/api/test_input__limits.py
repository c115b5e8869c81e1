"""Inputs beyond what the database or the calendar can hold are the caller's error (400 or
404 with the field named), never a 500 — each case here was first found by the fuzzer
(tests/faults/test_openapi__fuzz.py)."""
import pytest

HUGE = 2**70


@pytest.mark.parametrize("url", [f"/api/v1/cases/{HUGE}", f"/api/v1/tasks/{HUGE}"])
def test_ids_beyond_the_integer_range_are_no_route(api, url):
    assert api("samr").get(url).status_code == 404


@pytest.mark.parametrize("url", [f"/api/v1/cases?page={HUGE}", f"/api/v1/tasks?case_id={HUGE}",
                                 f"/api/v1/plan-work?page={HUGE}", f"/api/v1/notifications?case_id={HUGE}"])
def test_query_numbers_beyond_the_integer_range_are_refused(api, url):
    response = api("samr").get(url)
    assert response.status_code == 400, response.get_json()


def test_starting_a_case_in_a_round_beyond_range_names_the_field(api):
    response = api("app-yuncheng").post("/api/v1/cases", json={"round_id": HUGE})
    assert response.status_code == 400
    assert "round_id" in str(response.get_json())


@pytest.mark.parametrize("advance", ["P940224Y", "P99999999999999D", "P1Y2W"])
def test_clock_refuses_durations_it_cannot_travel(api, advance):
    samr = api("samr")
    before = samr.get("/api/v1/admin/clock").get_json()["now"]
    response = samr.post("/api/v1/admin/clock", json={"advance": advance})
    assert response.status_code == 400, response.get_json()
    assert "advance" in str(response.get_json())
    assert samr.get("/api/v1/admin/clock").get_json()["now"][:16] == before[:16]  # not moved


def test_deadline_in_a_year_without_calendar_is_refused(api):
    response = api("samr").get("/api/v1/calendar/deadline?working_days=5&from=2090-01-01T00:00:00%2B08:00")
    assert response.status_code == 400, response.get_json()
    assert "2090" in response.get_json()["error"]["fields"]["from"][0]
