"""Steps of the walking skeleton, spoken through the API as each role would."""

APPLICATION = {
    "contact_person": "张明", "contact_phone": "0359-2021234",
    "plan_summary": "以数字经济引领网络经济发展，建设网络市场监管与服务示范区。",
    "creation_period": "P2Y",
    "condition_platform_economy": "2023年网络零售额同比增长18%，证明材料见附件一。",
    "condition_regulation": "已建成网络交易监测平台，证明材料见附件二。",
    "condition_no_major_incident": "近三年未发生重大网络市场安全事件。",
}


def open_task(user, name, case_id=None):
    """The user's open task called `name` (optionally on one case), or fail."""
    url = "/api/v1/tasks" + (f"?case_id={case_id}" if case_id else "")
    items = user.get(url).get_json()["items"]
    matching = [t for t in items if t["name"] == name]
    assert matching, f"{user.username} has no open task {name}: {[t['name'] for t in items]}"
    return matching[0]


def complete(user, name, case_id, data, expect=200):
    task = open_task(user, name, case_id)
    response = user.post(f"/api/v1/tasks/{task['id']}/complete", json=data)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def round_id(user):
    return user.get("/api/v1/rounds").get_json()["items"][0]["id"]


def apply(applicant):
    response = applicant.post("/api/v1/cases", json={"round_id": round_id(applicant)})
    assert response.status_code == 201, response.get_json()
    case = response.get_json()
    complete(applicant, "submit_application", case["id"], APPLICATION)
    return case["id"]
