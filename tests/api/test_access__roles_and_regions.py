"""Role and region checks: a user acts only on tasks of their role in their region."""
from tests.helpers.api_journey import apply, open_task


def test_other_province_sees_nothing_and_is_refused(api):
    case_id = apply(api("app-yuncheng"))
    own, other = api("prov-shanxi"), api("prov-chongqing")
    task = open_task(own, "initial_review", case_id)

    assert other.get("/api/v1/tasks").get_json() == {"items": [], "total": 0}
    assert other.get(f"/api/v1/tasks/{task['id']}").status_code == 403
    response = other.post(f"/api/v1/tasks/{task['id']}/complete", json={"decision": "pass"})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert other.get(f"/api/v1/cases/{case_id}").status_code == 403
    assert other.get("/api/v1/cases").get_json()["total"] == 0
    # and the task is still waiting for its own province
    assert open_task(own, "initial_review", case_id)["id"] == task["id"]


def test_applicant_cannot_review_its_own_case(api):
    applicant = api("app-yuncheng")
    case_id = apply(applicant)
    task = open_task(api("prov-shanxi"), "initial_review", case_id)
    assert applicant.post(f"/api/v1/tasks/{task['id']}/complete", json={"decision": "pass"}).status_code == 403


def test_other_region_cannot_see_a_case(api):
    case_id = apply(api("app-yuncheng"))
    assert api("app-yongchuan").get(f"/api/v1/cases/{case_id}").status_code == 403
    assert api("samr").get(f"/api/v1/cases/{case_id}").status_code == 200


def test_county_level_city_may_not_apply(api):
    yuzhou = api("app-yuzhou")
    rid = yuzhou.get("/api/v1/rounds").get_json()["items"][0]["id"]
    response = yuzhou.post("/api/v1/cases", json={"round_id": rid})
    assert response.status_code == 403
    message = response.get_json()["error"]["message"]
    assert "禹州市" in message and "Art 5" in message
    assert api("samr").get("/api/v1/cases").get_json()["total"] == 0


def test_only_applicants_start_cases(api):
    province = api("prov-shanxi")
    rid = province.get("/api/v1/rounds").get_json()["items"][0]["id"]
    assert province.post("/api/v1/cases", json={"round_id": rid}).status_code == 403


def test_api_needs_a_valid_token(client):
    assert client.get("/api/v1/tasks").status_code == 401
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer forged"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_wrong_password_is_refused(client):
    response = client.post("/api/v1/auth/token", json={"username": "samr", "password": "guess"})
    assert response.status_code == 401


def test_me_lists_roles(api):
    me = api("prov-henan").get("/api/v1/me").get_json()
    orgs = {o["id"]: o for o in api("prov-henan").get("/api/v1/orgs").get_json()["items"]}
    assert me["username"] == "prov-henan"
    assert [(r["role"], orgs[r["org_id"]]["name"]) for r in me["roles"]] == [("province", "河南省市场监督管理局")]


def test_only_samr_opens_rounds(api):
    body = {"kind": "evaluation", "name": "2027年评估批次",
            "opens_at": "2027-01-01T00:00:00+08:00", "closes_at": "2027-03-01T00:00:00+08:00"}
    assert api("prov-shanxi").post("/api/v1/rounds", json=body).status_code == 403
    response = api("samr").post("/api/v1/rounds", json=body)
    assert response.status_code == 201
    assert response.get_json()["kind"] == "evaluation"


def test_clock_is_for_administrators(api):
    assert api("prov-shanxi").post("/api/v1/admin/clock", json={"advance": "P1D"}).status_code == 403
