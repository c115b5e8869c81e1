"""Art 16: a zone is certified after its public notice ended — a certification date before
the notice's last day or in the future is refused naming the field and the window, for one
case and for a round's list alike, and nothing changes."""
from datetime import date, datetime, timedelta

import pytest

from engine.clock import CHINA
from tests.helpers.api_journey import Journey


@pytest.fixture
def ended(api):
    j = Journey(api).to_notice()
    notice_end = datetime.fromisoformat(j.case["next_timer_at"]).astimezone(CHINA).date()
    j.advance("P20D")  # the notice ended five days ago
    return j, notice_end


def refused(body, first, last):
    error = body["error"]
    assert list(error["fields"]) == ["certified_on"]
    assert first in error["message"] and last in error["message"]


def test_before_the_notice_ended_or_in_the_future_is_refused(ended):
    j, notice_end = ended
    today = j.today()
    for day in (notice_end - timedelta(days=1), date.fromisoformat(today) + timedelta(days=1)):
        refused(j.do(j.samr, "certification", {"certified_on": day.isoformat()}, expect=400),
                notice_end.isoformat(), today)
    assert j.active() == ["certification"] and j.stage == "certification"
    j.do(j.samr, "certification", {"certified_on": notice_end.isoformat()})  # the notice's last day is allowed
    assert j.stage == "supervision"


def test_a_list_with_a_date_outside_the_window_changes_nothing(ended):
    j, notice_end = ended
    round_id = j.case["evaluation_round_id"]
    body = {"items": [{"case_id": j.case_id}], "certified_on": "2020-01-01", "announcement": "认定运城市为示范区。"}
    response = j.samr.post(f"/api/v1/rounds/{round_id}/certifications", json=body)
    assert response.status_code == 400, response.get_json()
    assert "certified_on" in str(response.get_json()["error"]["fields"])
    assert notice_end.isoformat() in response.get_json()["error"]["message"]
    assert j.active() == ["certification"]
    response = j.samr.post(f"/api/v1/rounds/{round_id}/certifications", json={**body, "certified_on": j.today()})
    assert response.status_code == 201, response.get_json()
    assert j.stage == "supervision"
