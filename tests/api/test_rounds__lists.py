"""One list per province and round, SAMR's lists side by side, and SAMR deciding a round's
recommended cases as one list — all through the API."""
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from models import Org, RoleMembership, User, db
from tests.conftest import CASE_TABLES
from tests.helpers.api_journey import REGIONS, Journey, apply, complete


@pytest.fixture
def taiyuan(app):
    """A second candidate region in Shanxi (太原市, one of the seeds' regions) with an
    applicant account, for a province list of two; the account and the cases that used it
    are removed afterwards."""
    with app.app_context():
        region = Org.query.filter_by(code="taiyuan").one()
        user = User(username="app-taiyuan", display_name="太原市创建办")
        user.set_password("demo-password")
        user.roles.append(RoleMembership(role="applicant", org=region))
        db.session.add(user)
        db.session.commit()
    yield "app-taiyuan"
    with app.app_context():
        for table in CASE_TABLES:
            db.session.execute(text(f"DELETE FROM {table}"))
        db.session.delete(User.query.filter_by(username="app-taiyuan").one())
        db.session.commit()


def open_round(samr, **calendar):
    now = datetime.fromisoformat(samr.get("/api/v1/admin/clock").get_json()["now"])
    response = samr.post("/api/v1/rounds", json={
        "kind": "application", "name": "2027年创建申报批次", "opens_at": now.isoformat(),
        "closes_at": (now + timedelta(days=120)).isoformat(), **calendar})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def passed(api, applicant):
    """A case of the newest application round that passed initial review."""
    case_id = apply(api(applicant))
    province = REGIONS.get(applicant, "prov-shanxi")  # app-taiyuan: Shanxi
    complete(api(province), "initial_review", case_id, {"decision": "pass"})
    return case_id


def item(case_id, rank=None):
    return {"case_id": case_id, "decision": "recommend" if rank else "not_recommend", "reasons": "择优。",
            **({"rank": rank} if rank else {})}


def stage(api, case_id):
    return api("samr").get(f"/api/v1/cases/{case_id}").get_json()["stage"]


def test_a_list_over_quota_and_a_second_list_are_refused(api, taiyuan):
    samr, shanxi = api("samr"), api("prov-shanxi")
    rid = open_round(samr, quota=1)
    first, second = passed(api, "app-yuncheng"), passed(api, taiyuan)
    url = f"/api/v1/rounds/{rid}/recommendations"

    over = shanxi.post(url, json={"items": [item(first, 1), item(second, 2)]})
    assert over.status_code == 400 and "quota" in over.get_json()["error"]["message"]
    assert "items" in over.get_json()["error"]["fields"]
    assert (stage(api, first), stage(api, second)) == ("recommendation", "recommendation")  # nothing stored
    assert samr.get(f"/api/v1/rounds/{rid}/recommendation-lists").get_json()["total"] == 0

    ok = shanxi.post(url, json={"items": [item(first, 1), item(second)]})
    assert ok.status_code == 200, ok.get_json()
    assert (stage(api, first), stage(api, second)) == ("approval", "not_recommended")
    again = shanxi.post(url, json={"items": [item(first, 1), item(second)]})
    assert again.status_code == 409 and "already submitted" in again.get_json()["error"]["message"]

    lists = samr.get(f"/api/v1/rounds/{rid}/recommendation-lists").get_json()["items"]
    assert [(entry["province_name"], [(i["case_id"], i["rank"]) for i in entry["items"]]) for entry in lists] == [
        ("山西省市场监督管理局", [(first, 1), (second, None)])]


def test_a_partial_list_a_tie_and_a_case_of_another_province_or_round_are_refused(api, taiyuan):
    samr, shanxi = api("samr"), api("prov-shanxi")
    other_round_case = passed(api, taiyuan)  # in the demo round, opened before ours
    rid = open_round(samr)
    first, second = passed(api, "app-yuncheng"), passed(api, taiyuan)
    chongqing_case = passed(api, "app-yongchuan")
    url = f"/api/v1/rounds/{rid}/recommendations"

    def refused(items, field):
        response = shanxi.post(url, json={"items": items})
        assert response.status_code == 400, response.get_json()
        assert field in response.get_json()["error"]["fields"], response.get_json()

    refused([item(first, 1)], "items")  # partial: the second passed initial review too
    refused([item(first, 1), item(second, 1)], "rank")
    refused([item(first, 1), item(second, 2), item(chongqing_case, 3)], "items")
    refused([item(first, 1), item(second, 2), item(other_round_case, 3)], "items")
    assert samr.get(f"/api/v1/rounds/{rid}/recommendation-lists").get_json()["total"] == 0
    assert {stage(api, c) for c in (first, second)} == {"recommendation"}


def test_samr_sees_every_province_list_side_by_side(api):
    samr = api("samr")
    journeys = [Journey(api, a).apply().review().recommend() for a in ("app-yuncheng", "app-yongchuan")]
    rid = api("samr").get(f"/api/v1/cases/{journeys[0].case_id}").get_json()["round_id"]
    lists = samr.get(f"/api/v1/rounds/{rid}/recommendation-lists").get_json()
    assert [entry["province_name"] for entry in lists["items"]] == ["山西省市场监督管理局", "重庆市市场监督管理局"]
    own = api("prov-chongqing").get(f"/api/v1/rounds/{rid}/recommendation-lists").get_json()["items"]
    assert [entry["province_name"] for entry in own] == ["重庆市市场监督管理局"]
    assert api("app-yuncheng").get(f"/api/v1/rounds/{rid}/recommendation-lists").status_code == 403


def test_samr_approves_two_and_declines_one_in_one_decision(api):
    samr = api("samr")
    journeys = [Journey(api, a).apply().review().recommend() for a in ("app-yuncheng", "app-yongchuan", "app-yangpu")]
    approve_one, approve_two, decline = (j.case_id for j in journeys)
    rid = journeys[0].case["round_id"]
    pending = samr.get(f"/api/v1/rounds/{rid}/approvals").get_json()
    assert sorted(p["case_id"] for p in pending["items"]) == sorted([approve_one, approve_two, decline])
    assert {p["rank"] for p in pending["items"]} == {1}

    body = {"items": [{"case_id": approve_one, "decision": "approve"},
                      {"case_id": approve_two, "decision": "approve", "reasons": "基础扎实。"},
                      {"case_id": decline, "decision": "decline", "reasons": "条件尚不具备。"}]}
    response = samr.post(f"/api/v1/rounds/{rid}/approvals", json=body)
    assert response.status_code == 201, response.get_json()
    decision = response.get_json()
    assert sorted((i["case_id"], i["decision"]) for i in decision["items"]) == sorted(
        [(approve_one, "approve"), (approve_two, "approve"), (decline, "decline")])
    assert [j.stage for j in journeys] == ["creation", "creation", "declined"]
    decisions = samr.get(f"/api/v1/rounds/{rid}/decisions").get_json()
    assert decisions["total"] == 1 and decisions["items"][0]["id"] == decision["id"]
    assert samr.get(f"/api/v1/rounds/{rid}/approvals").get_json()["total"] == 0

    again = samr.post(f"/api/v1/rounds/{rid}/approvals", json={"items": [{"case_id": decline, "decision": "approve"}]})
    assert again.status_code == 400 and "items" in again.get_json()["error"]["fields"]

    late = Journey(api, "app-xuchang").apply().review().recommend().approve()  # case by case: a list of one
    assert late.stage == "creation"
    decisions = samr.get(f"/api/v1/rounds/{rid}/decisions").get_json()["items"]
    assert [len(d["items"]) for d in decisions] == [3, 1] and decisions[1]["items"][0]["case_id"] == late.case_id


def test_a_list_decision_with_a_wrong_case_stores_nothing(api):
    samr = api("samr")
    ready = Journey(api).apply().review().recommend()
    still_in_review = Journey(api, "app-yongchuan").apply()
    rid = ready.case["round_id"]
    body = {"items": [{"case_id": ready.case_id, "decision": "approve"},
                      {"case_id": still_in_review.case_id, "decision": "approve"}]}
    response = samr.post(f"/api/v1/rounds/{rid}/approvals", json=body)
    assert response.status_code == 400 and "items" in response.get_json()["error"]["fields"]
    assert ready.stage == "approval" and samr.get(f"/api/v1/rounds/{rid}/decisions").get_json()["total"] == 0
    assert api("prov-shanxi").post(f"/api/v1/rounds/{rid}/approvals", json=body).status_code == 403


def test_samr_certifies_an_evaluation_round_in_one_decision_with_one_number(api):
    """Art 16: after the public notice, one certification list with its number and announcement."""
    samr = api("samr")
    journeys = [Journey(api, a).to_creation() for a in ("app-yuncheng", "app-yongchuan")]
    journeys[0].advance("P2Y1D")  # both creation periods end
    for j in journeys:
        j.self_assess()
    evaluation_round = journeys[0].open_evaluation_round()
    for j in journeys:
        j.evaluate().publish()
    journeys[0].advance("P16D")  # the notices end without objections
    assert samr.get(f"/api/v1/rounds/{evaluation_round}/certifications").get_json()["total"] == 2
    wrong_round = journeys[0].case["round_id"]  # the application round has no certifications
    assert samr.get(f"/api/v1/rounds/{wrong_round}/certifications").status_code == 404

    body = {"items": [{"case_id": j.case_id} for j in journeys],
            "certified_on": journeys[0].today(), "announcement": "认定运城市、永川区为网络市场监管与服务示范区。"}
    response = samr.post(f"/api/v1/rounds/{evaluation_round}/certifications", json=body)
    assert response.status_code == 201, response.get_json()
    assert [j.stage for j in journeys] == ["supervision", "supervision"]
    zones = api("samr").get("/api/v1/public/zones").get_json()["items"]
    numbers = {z["document_number"] for z in zones}
    assert len(numbers) == 1 and re.fullmatch(r"国市监网监〔\d{4}〕\d+号", numbers.pop())  # one decision, one 文号
