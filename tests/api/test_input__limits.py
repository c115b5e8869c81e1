"""Inputs beyond what the database or the calendar can hold are the caller's error (400 or
404 with the field named), never a 500 — each case here was first found by the fuzzer
(tests/faults/test_openapi__fuzz.py)."""
import pytest

from tests.helpers.api_journey import APPLICATION, apply, open_task, round_id

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


def _review_task(api):
    case_id = apply(api("app-yuncheng"))
    province = api("prov-shanxi")
    return province, open_task(province, "initial_review", case_id)["id"]


def _post_raw(user, url, body: bytes):
    return user.client.post(url, data=body, headers={**user.headers, "Content-Type": "application/json"})


def test_json_nested_beyond_the_depth_limit_is_refused_with_the_limit_named(api):
    province, task_id = _review_task(api)
    within = b'{"decision": "pass", "reasons": "x", "extra": ' + b"[" * 30 + b"]" * 30 + b"}"
    response = _post_raw(province, f"/api/v1/tasks/{task_id}/complete", within)
    assert response.status_code == 400 and "extra" in response.get_json()["error"]["fields"]  # read, then judged
    beyond = b'{"decision": "pass", "reasons": "x", "extra": ' + b"[" * 40 + b"]" * 40 + b"}"
    response = _post_raw(province, f"/api/v1/tasks/{task_id}/complete", beyond)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "a JSON body nests at most 32 levels deep"


def test_brackets_inside_strings_count_for_nothing(api):
    province, task_id = _review_task(api)
    response = province.post(f"/api/v1/tasks/{task_id}/complete",
                             json={"decision": "pass", "reasons": "[{" * 2400})  # 4800 levels if they counted
    assert response.status_code == 200, response.get_json()


def test_json_with_too_many_objects_or_bytes_or_nan_is_refused(app, api, monkeypatch):
    province, task_id = _review_task(api)
    many = b'{"decision": "pass", "reasons": "x", "extra": [' + b",".join([b"{}"] * 20_001) + b"]}"
    response = _post_raw(province, f"/api/v1/tasks/{task_id}/complete", many)
    assert response.status_code == 413 and "20000 objects and arrays" in response.get_json()["error"]["message"]
    for constant in (b"NaN", b"-Infinity"):
        body = b'{"decision": "pass", "reasons": "x", "score": ' + constant + b"}"
        response = _post_raw(province, f"/api/v1/tasks/{task_id}/complete", body)
        assert response.status_code == 400 and "NaN" in response.get_json()["error"]["message"]
    monkeypatch.setitem(app.config, "JSON_MAX_BYTES", 1024)
    response = province.post(f"/api/v1/tasks/{task_id}/complete", json={"decision": "pass", "reasons": "长" * 1000})
    assert response.status_code == 413 and "1 KB" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("query", ["stage=%00", "stage=%E2%80%AE", "st%1Bage=1"])
def test_query_arguments_with_control_characters_are_refused_by_name(api, query):
    response = api("samr").get(f"/api/v1/cases?{query}")
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"]["fields"], response.get_json()


def test_a_task_cannot_be_completed_with_another_cases_document(app, api):
    from io import BytesIO

    from engine.casework import documents
    from models import Case, User, db
    other_case = apply(api("app-yangpu"))
    with app.app_context():
        owner = User.query.filter_by(username="app-yangpu").one()
        doc = documents.store(owner, db.session.get(Case, other_case), BytesIO(b"%PDF-1.4 x"), "上海.pdf",
                              app.config["FILES_DIR"])
        db.session.commit()
        reference = doc.reference
    applicant = api("app-yuncheng")
    response = applicant.post("/api/v1/cases", json={"round_id": round_id(applicant)})
    task = open_task(applicant, "application", response.get_json()["id"])
    response = applicant.post(f"/api/v1/tasks/{task['id']}/complete",
                              json={**APPLICATION, "creation_plan": [reference, "附件1"]})
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {"creation_plan": [f"not a document of this case: {reference}"]}
