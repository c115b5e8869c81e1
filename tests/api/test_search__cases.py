"""Searching cases: `GET /api/v1/cases?q=` finds cases by region and case data (Chinese
words of two, three and four characters, Latin words), only among the cases the caller
may see, and treats hostile queries as plain text or refuses them with a clear 400."""
import pytest

from tests.helpers.api_journey import apply


def found(user, q, **params):
    response = user.get("/api/v1/cases", query_string={"q": q, **params})
    assert response.status_code == 200, response.get_json()
    return sorted(c["id"] for c in response.get_json()["items"])


PLAIN = {"condition_regulation": "建立网络市场监管联席会议机制。",  # no % of the defaults' 99.5% and 12%
         "condition_platform_economy": "已出台平台经济发展规划和支持政策。"}


@pytest.fixture
def two_cases(api):
    """运城市 (山西) applies with a plan naming 示范 and 直播电商; 永川区 (重庆) with other words."""
    yuncheng = apply(api("app-yuncheng"), plan_summary="创建网络市场监管与服务示范区，Live-Commerce 试点 88001。",
                     condition_innovation="探索直播电商信用分级监管。", **PLAIN)
    yongchuan = apply(api("app-yongchuan"), plan_summary="三年创建方案：智慧监管平台建设。",
                      condition_innovation="跨境电商综合试验区协同监管。", contact_person="李强", **PLAIN)
    return yuncheng, yongchuan


def test_chinese_words_of_two_three_and_four_characters(api, two_cases):
    yuncheng, yongchuan = two_cases
    samr = api("samr")
    assert found(samr, "示范") == [yuncheng]  # two characters: below the trigram index
    assert found(samr, "示范区") == [yuncheng]
    assert found(samr, "直播电商") == [yuncheng]
    assert found(samr, "电商") == sorted([yuncheng, yongchuan])  # both plans mention 电商
    assert found(samr, "跨境电商") == [yongchuan]
    assert found(samr, "李强") == [yongchuan]  # a data value: the contact person
    assert found(samr, "李") == [yongchuan]  # one character
    assert found(samr, "敏") == [yuncheng]  # the default contact 王敏, a word's last character
    assert found(samr, "示范 跨境") == []  # every word must be in the same case
    assert found(samr, "电商　监管") == sorted([yuncheng, yongchuan])  # a full-width space separates words too


def test_latin_words_ignore_case_and_full_width_forms(api, two_cases):
    yuncheng, _ = two_cases
    samr = api("samr")
    assert found(samr, "live-commerce") == [yuncheng]
    assert found(samr, "ＬＩＶＥ") == [yuncheng]  # full-width letters are the same letters
    assert found(samr, "88001") == [yuncheng]


def test_region_and_province_names(api, two_cases):
    yuncheng, yongchuan = two_cases
    samr = api("samr")
    assert found(samr, "运城") == [yuncheng]
    assert found(samr, "运城市") == [yuncheng]
    assert found(samr, "永川区") == [yongchuan]
    assert found(samr, "山西") == [yuncheng]
    assert found(samr, "重庆市 智慧监管") == [yongchuan]


def test_search_is_within_the_callers_access(api, two_cases):
    yuncheng, yongchuan = two_cases
    shanxi, chongqing = api("prov-shanxi"), api("prov-chongqing")
    assert found(shanxi, "电商") == [yuncheng]
    assert found(chongqing, "电商") == [yongchuan]
    assert found(chongqing, "运城") == []  # another province's case never appears
    assert found(chongqing, "示范") == []
    assert found(api("app-yongchuan"), "直播电商") == []
    assert found(api("app-yuncheng"), "电商") == [yuncheng]
    assert api("prov-chongqing").get("/api/v1/cases", query_string={"q": "运城"}).get_json()["total"] == 0


def test_reindexing_without_the_instance_keeps_the_data_and_a_rebuild_restores_it(app, api, two_cases):
    """What comments will do (reindex_case without a workflow), and the CLI's rebuild."""
    from engine.casework import search
    from engine.operations import reindex
    from models import Case, CaseSearch, db
    yuncheng, _ = two_cases
    samr = api("samr")
    with app.app_context():
        search.reindex_case(db.session.get(Case, yuncheng))
        db.session.commit()
    assert found(samr, "直播电商") == [yuncheng]
    with app.app_context():
        db.session.execute(db.delete(CaseSearch))
        db.session.commit()
    assert found(samr, "直播电商") == []
    with app.app_context():
        assert reindex.reindex_all() == 2
    assert found(samr, "直播电商") == [yuncheng] and found(samr, "永川") == [two_cases[1]]


def test_search_combines_with_the_other_filters(api, two_cases):
    yuncheng, yongchuan = two_cases
    samr = api("samr")
    assert found(samr, "电商", stage="initial_review") == sorted([yuncheng, yongchuan])
    assert found(samr, "电商", stage="approval") == []
    assert found(samr, "") == sorted([yuncheng, yongchuan])  # an empty search is no search


def test_the_index_follows_the_case_data(api, two_cases):
    """Data submitted later (the province's review opinion) is found once it is saved."""
    yuncheng, _ = two_cases
    from tests.helpers.api_journey import complete
    samr, shanxi = api("samr"), api("prov-shanxi")
    assert found(samr, "材料齐全") == []
    complete(shanxi, "initial_review", yuncheng, {"decision": "pass", "reasons": "材料齐全，同意推荐。"})
    assert found(samr, "材料齐全") == [yuncheng]


@pytest.mark.parametrize("q", ['"', '""', '"示范', "*", "示*", "%", "%%%", "_", "___", "\\", "a OR b",
                               "电商 OR 跨境", "NEAR(电商 监管)", "电商 -跨境", "^示范", "text:示范", "(", ")))",
                               "' OR 1=1 --", "%' OR '1'='1"])
def test_search_syntax_is_plain_text(api, two_cases, q):
    """FTS operators, quotes and LIKE wildcards neither fail nor match everything."""
    assert found(api("samr"), q) == []


def test_a_literal_percent_sign_is_found_only_where_written(api):
    case_id = apply(api("app-yuncheng"), plan_summary="电商交易额年均增长12%以上。", **PLAIN)
    other = apply(api("app-yongchuan"), plan_summary="增长很快。", **PLAIN)
    samr = api("samr")
    assert found(samr, "12%") == [case_id]
    assert found(samr, "%") == [case_id]
    assert other not in found(samr, "长%")


def test_hostile_lengths_get_a_clear_400(api, two_cases):
    samr = api("samr")
    response = samr.get("/api/v1/cases", query_string={"q": "示" * 10_000})
    assert response.status_code == 400
    body = response.get_json()["error"]
    assert body["code"] == "invalid_input" and "q" in body["fields"]
    response = samr.get("/api/v1/cases", query_string={"q": " ".join(f"w{i}" for i in range(11))})
    assert response.status_code == 400
    assert "10 words" in response.get_json()["error"]["message"]
    assert found(samr, " ".join(["电商"] * 11)) == sorted(two_cases)  # the same word repeated is one word
    assert samr.get("/api/v1/cases", query_string={"q": "示" * 201}).status_code == 400


def test_the_task_list_filters_by_search(api, two_cases):
    yuncheng, yongchuan = two_cases
    samr, shanxi = api("samr"), api("prov-shanxi")
    assert {t["case_id"] for t in samr.get("/api/v1/tasks", query_string={"q": "电商"}).get_json()["items"]} \
        <= {yuncheng, yongchuan}
    items = shanxi.get("/api/v1/tasks", query_string={"q": "示范"}).get_json()["items"]
    assert {t["case_id"] for t in items} == {yuncheng}
    assert shanxi.get("/api/v1/tasks", query_string={"q": "跨境"}).get_json()["total"] == 0
    assert samr.get("/api/v1/tasks", query_string={"q": "x" * 300}).status_code == 400


def test_opinions_and_comments_are_searched_at_once(api, two_cases):
    yuncheng, _yongchuan = two_cases
    shanxi = api("prov-shanxi")
    assert found(shanxi, "佐证台账") == []
    response = shanxi.post(f"/api/v1/cases/{yuncheng}/comments", json={"text": "请补充佐证台账。"})
    assert response.status_code == 201, response.get_json()
    assert found(shanxi, "佐证台账") == [yuncheng]  # written with the comment, not at the next save
    assert found(api("samr"), "台账") == [yuncheng]
    assert found(api("prov-chongqing"), "台账") == []  # another province's case stays out of reach
