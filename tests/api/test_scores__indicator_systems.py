"""Both indicator systems, loaded at start, through the API: counts, maxima, pass rules, warnings."""
import pytest

from engine.scoring import catalog
from engine.scoring.indicators import IndicatorSystemError


def test_both_versions_are_listed_with_counts_and_pass_rules(api):
    body = api("app-yuncheng").get("/api/v1/indicator-systems").get_json()
    systems = {s["key"]: s for s in body["items"]}
    assert body["total"] == 2 and set(systems) == {"2022-trial", "2024-draft"}
    s22, s24 = systems["2022-trial"], systems["2024-draft"]
    assert (s24["group_count"], s24["indicator_count"], s24["max_total"]) == (4, 25, 100)
    assert (s22["group_count"], s22["indicator_count"], s22["max_total"]) == (5, 41, 100)
    assert (s24["pass_rule"]["total_min"], s24["pass_rule"]["group_rate_min"]) == (85, 0.8)
    assert (s22["pass_rule"]["total_min"], s22["pass_rule"]["group_rate_min"]) == (85, 0.75)
    assert s24["current"] and not s22["current"]
    assert s24["warning_count"] > 0 and s22["warning_count"] == 0


@pytest.mark.parametrize("key,group_maxima,count", [
    ("2024-draft", [20, 30, 30, 20], 25), ("2022-trial", [20, 25, 20, 20, 15], 41)])
def test_detail_gives_groups_indicators_and_maxima(api, key, group_maxima, count):
    body = api("expert1").get(f"/api/v1/indicator-systems/{key}").get_json()
    assert [g["max"] for g in body["groups"]] == group_maxima
    indicators = [i for g in body["groups"] for i in g["indicators"]]
    assert len(indicators) == count == len({i["number"] for i in indicators})
    for g in body["groups"]:
        assert sum(i["max"] for i in g["indicators"]) == g["max"]
    assert body["pass_rule"]["text"].startswith("本评估指标体系合格标准")


def test_2024_detail_keeps_the_validation_warnings_and_auto_scored_figures(api):
    body = api("samr").get("/api/v1/indicator-systems/2024-draft").get_json()
    first = body["groups"][0]["indicators"][0]
    assert (first["number"], first["max"], first["auto_scored"]) == (1, 3, True)
    assert first["figures"]["ecommerce_growth"]["per_year"] is True
    codes = {w["code"] for w in body["warnings"]}
    assert "sub_items_exceed_max" in codes  # indicator 3: 6 points of sub-items for 5
    assert all(w["message_zh"] and w["resolution"] for w in body["warnings"])


def test_unknown_version_is_404_and_the_api_needs_a_token(api, client):
    assert api("samr").get("/api/v1/indicator-systems/1999").status_code == 404
    assert client.get("/api/v1/indicator-systems").status_code == 401


def test_a_broken_file_fails_loudly_at_load(tmp_path):
    (tmp_path / "broken.json").write_text('{"key": "x", "indicators": [], "groups": []}', encoding="utf-8")
    with pytest.raises(IndicatorSystemError):
        catalog.load(tmp_path)
    with pytest.raises(IndicatorSystemError, match="INDICATOR_SYSTEM"):
        catalog.load(catalog.indicators.DEFAULT_DIR, current="2030-final")
    assert catalog.current_key() == "2024-draft"  # a failed load changes nothing
