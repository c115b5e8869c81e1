"""Every error says what is wrong in the user's language: zh-CN by default (and for a
zh-CN client), English when asked for; a short Chinese objection is a whole objection."""
import itertools
import re

import pytest

from tests.helpers.api_journey import Journey, apply, open_task

ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:\s+[A-Za-z]{2,}){2,}")  # three English words in a row
CHINESE = re.compile(r"[\u4e00-\u9fff]")
_addresses = itertools.count(1)
TASK_TITLE = "申报材料初审"  # data (the diagram's name of the task), not a message


def _ask(app, language):
    """A client of its own (its own address, so the objection throttle starts afresh)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.20.0.{next(_addresses)}"
    if language:
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def bad_requests(app, api, language):
    """(what, response) for a set of bad requests, each answered in `language`."""
    client = _ask(app, language)
    case_id = apply(api("app-yuncheng"))
    province = api("prov-shanxi")
    task = open_task(province, "initial_review", case_id)
    headers = {"Authorization": province.headers["Authorization"],
               **({"Accept-Language": language} if language else {})}
    complete = f"/api/v1/tasks/{task['id']}/complete"
    yield "form", client.post(complete, json={"decision": "maybe", "reasons": 42, "colour": "red"}, headers=headers)
    assert client.post(complete, json={"decision": "pass"}, headers=headers).status_code == 200
    yield "engine conflict", client.post(complete, json={"decision": "pass"}, headers=headers)
    samr = {**headers, "Authorization": api("samr").headers["Authorization"]}
    yield "nested", client.post("/api/v1/rounds/1/approvals", json={"items": [{"case_id": "x", "decision": 7}]},
                                headers=samr)
    yield "no such route", client.get("/api/v1/no-such-thing", headers=headers)
    yield "no such case", client.get("/api/v1/cases/999999", headers=headers)
    yield "method", client.delete("/api/v1/public/notices")
    yield "no token", client.get("/api/v1/cases")
    objections = f"/api/v1/public/notices/{Journey(api, 'app-yongchuan').to_notice().case_id}/objections"
    yield "malformed JSON", client.post(objections, data="{not json", content_type="application/json")
    yield "missing field", client.post(objections, json={"name": "张三", "content": "数据造假"})
    yield "wrong type", client.post(objections, json={"name": 42, "contact": "13800000000", "content": "数据造假"})
    yield "too long", client.post(objections, json={"name": "张三", "contact": "13800000000", "content": "长" * 5001})
    yield "too short", client.post(objections, json={"name": "张三", "contact": "13800000000", "content": "短"})


def _texts(response):
    error = response.get_json()["error"]
    return [error["message"], *_leaves(error["fields"])]


def _leaves(fields):
    """The messages of `fields`, nested ones ({"items": {"0": {"case_id": [...]}}}) included."""
    for msgs in fields.values():
        yield from _leaves(msgs) if isinstance(msgs, dict) else msgs


@pytest.mark.parametrize("language", [None, "zh-CN,zh;q=0.9,en;q=0.5"])
def test_errors_are_chinese_by_default_and_for_a_chinese_client(app, api, language):
    statuses = {}
    for what, response in bad_requests(app, api, language):
        statuses[what] = response.status_code
        for text in _texts(response):
            assert CHINESE.search(text) and not ENGLISH_SENTENCE.search(text), (what, text)
    assert statuses == {"malformed JSON": 400, "missing field": 400, "wrong type": 400, "too long": 400,
                        "too short": 400, "no such route": 404, "no such case": 404, "method": 405,
                        "no token": 401, "form": 400, "engine conflict": 409, "nested": 400}


def test_errors_are_english_on_request(app, api):
    seen = {}
    for what, response in bad_requests(app, api, "en-GB,en;q=0.9"):
        seen[what] = _texts(response)
        for text in seen[what]:
            assert not CHINESE.search(text.replace(TASK_TITLE, "")), (what, text)
    assert seen["missing field"][0] == "Invalid input: contact"
    assert seen["malformed JSON"][0] == "Invalid JSON body."
    assert seen["nested"][0] == "Invalid input: items" and "Not a valid integer." in seen["nested"]
    assert seen["too long"][1] == "Length must be between 2 and 5000."
    assert "Not a valid string." in seen["wrong type"]
    assert "is not one of" in " ".join(seen["form"]) and "unknown field" in seen["form"]
    assert "already completed" in seen["engine conflict"][0]
    assert seen["no such case"][0] == "case 999999 does not exist"


def test_field_messages_are_translated_one_by_one(app, api):
    journey = Journey(api).to_notice()
    response = _ask(app, None).post(f"/api/v1/public/notices/{journey.case_id}/objections",
                                    json={"name": "", "contact": "1", "content": "长" * 5001})
    error = response.get_json()["error"]
    assert error["message"] == "表单有误：contact, content, name"
    assert error["fields"]["content"] == ["长度应为 2 至 5000 个字符。"]
    assert error["fields"]["contact"] == ["长度应为 3 至 200 个字符。"]


def test_engine_errors_are_translated_with_roles_by_name(app, api):
    journey = Journey(api).to_notice()
    ours = _ask(app, None)
    response = ours.post(f"/api/v1/public/notices/{journey.case_id}/objections",
                         json={"name": "张三", "contact": "13800000000", "content": "数据造假"})
    assert response.status_code == 201
    journey.advance("P16D")
    late = ours.post(f"/api/v1/public/notices/{journey.case_id}/objections",
                     json={"name": "张三", "contact": "13800000000", "content": "数据造假"})
    assert late.status_code in (404, 409) and CHINESE.search(late.get_json()["error"]["message"])
    refused = ours.post("/api/v1/rounds", json={}, headers=api("expert1").headers)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["message"] == "此操作需要市场监管总局角色"


def test_a_four_character_objection_is_accepted(app, api):
    journey = Journey(api).to_notice()
    response = _ask(app, None).post(f"/api/v1/public/notices/{journey.case_id}/objections",
                                    json={"name": "张三", "contact": "13800000000", "content": "数据造假"})
    assert response.status_code == 201, response.get_json()
    assert "objection_verification" in journey.active()


def test_page_errors_are_in_the_page_language(client):
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "没有这个页面或记录。" in missing.data.decode()
    assert "Not Found" not in missing.data.decode()
    english = client.get("/no-such-page?lang=en")
    assert english.status_code == 404 and "There is no such page or record." in english.data.decode()
