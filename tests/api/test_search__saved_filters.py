"""Saved inbox filters: a user names filters, lists and deletes their own; another user's are
out of sight (404); names and counts are bounded, and bad filters change nothing."""


def delete(user, filter_id):
    return user.client.delete(f"/api/v1/me/filters/{filter_id}", headers=user.headers)


def names(user):
    body = user.get("/api/v1/me/filters").get_json()
    assert body["total"] == len(body["items"])
    return [f["name"] for f in body["items"]]


def test_save_list_and_delete_my_filters(api):
    shanxi = api("prov-shanxi")
    assert names(shanxi) == []
    response = shanxi.post("/api/v1/me/filters", json={
        "name": "逾期的初审", "query": {"tab": "group", "stage": "initial_review", "due": "overdue", "q": "示范 电商"}})
    assert response.status_code == 201, response.get_json()
    saved = response.get_json()
    assert saved["query"] == {"tab": "group", "stage": "initial_review", "due": "overdue", "q": "示范 电商"}
    shanxi.post("/api/v1/me/filters", json={"name": "运城", "query": {"region": 5, "sort": "-created"}})
    assert names(shanxi) == ["逾期的初审", "运城"]  # in the order saved
    assert shanxi.get("/api/v1/me/filters").get_json()["items"][1]["query"] == {"region": "5", "sort": "-created"}
    assert delete(shanxi, saved["id"]).status_code == 204
    assert names(shanxi) == ["运城"]
    assert delete(shanxi, saved["id"]).status_code == 404


def test_another_users_filters_are_not_found(api):
    shanxi, chongqing = api("prov-shanxi"), api("prov-chongqing")
    saved = shanxi.post("/api/v1/me/filters", json={"name": "mine", "query": {"tab": "mine"}}).get_json()
    assert names(chongqing) == []
    response = delete(chongqing, saved["id"])
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    assert names(shanxi) == ["mine"]  # still there


def test_names_and_counts_are_bounded(api):
    samr = api("samr")
    for name in ("", "x" * 61):
        response = samr.post("/api/v1/me/filters", json={"name": name, "query": {}})
        assert response.status_code == 400 and "name" in response.get_json()["error"]["fields"]
    for i in range(20):
        assert samr.post("/api/v1/me/filters", json={"name": f"f{i}", "query": {"tab": "all"}}).status_code == 201
    response = samr.post("/api/v1/me/filters", json={"name": "f20", "query": {}})
    assert response.status_code == 409 and "20" in response.get_json()["error"]["message"]
    response = samr.post("/api/v1/me/filters", json={"name": "f3", "query": {}})
    assert len(names(samr)) == 20


def test_a_duplicate_name_is_a_conflict(api):
    samr = api("samr")
    assert samr.post("/api/v1/me/filters", json={"name": "同名", "query": {}}).status_code == 201
    assert samr.post("/api/v1/me/filters", json={"name": "同名", "query": {"tab": "mine"}}).status_code == 409
    assert names(samr) == ["同名"]


def test_bad_filters_are_refused_and_change_nothing(api):
    samr = api("samr")
    for query in ({"tab": "everything"}, {"stage": "nowhere"}, {"region": 0}, {"region": 2**40},
                  {"unknown": "x"}, {"q": "x" * 10_000}, {"q": " ".join(f"w{i}" for i in range(11))}, "not an object"):
        response = samr.post("/api/v1/me/filters", json={"name": "bad", "query": query})
        assert response.status_code == 400, (query, response.get_json())
    assert names(samr) == []
