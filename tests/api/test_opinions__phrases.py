"""常用语: each user starts with their office's phrases, keeps a list of their own (bounded),
and a refused list changes nothing."""


def phrases(user):
    response = user.get("/api/v1/me/phrases")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def send(user, body):
    return user.client.put("/api/v1/me/phrases", json=body, headers=user.headers)


def put(user, items, expect=200):
    response = send(user, {"phrases": items})
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def test_offices_have_defaults_until_the_user_keeps_their_own(api):
    province, samr = api("prov-shanxi"), api("samr")
    first = phrases(province)
    assert first["defaults"] is True and "材料齐全，同意推荐。" in first["phrases"] and "请补正后重新提交。" in first["phrases"]
    assert "同意。" in phrases(samr)["phrases"]
    saved = put(province, [" 同意。 ", "请于5个工作日内补正。", "同意。"])
    assert saved == {"phrases": ["同意。", "请于5个工作日内补正。"], "defaults": False}
    assert phrases(province) == saved
    assert phrases(api("prov-henan"))["defaults"] is True  # a colleague's list is their own
    assert put(province, []) == {"phrases": [], "defaults": False}
    me = province.get("/api/v1/me").get_json()
    assert me["username"] == "prov-shanxi"


def test_refused_lists_change_nothing(api):
    user = api("app-yuncheng")
    put(user, ["已补正，请审核。"])
    for bad in (["意" * 201], ["x"] * 51, [""], ["两行\n文字"], ["a\u202eb"], "同意。", [1]):
        response = send(user, {"phrases": bad})
        assert response.status_code == 400, (bad, response.get_json())
        assert any(k.startswith("phrases") for k in response.get_json()["error"]["fields"])
    assert send(user, {}).status_code == 400
    assert phrases(user)["phrases"] == ["已补正，请审核。"]
    assert put(user, ["意" * 200] * 1 + [f"第{i}条" for i in range(49)])["phrases"][0] == "意" * 200
