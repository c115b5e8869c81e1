"""Both official indicator systems load with the counts and maxima of the source documents,
their texts are the sources' texts, and what does not add up is reported."""
import csv
import json
from pathlib import Path

import pytest

from engine.scoring.indicators import IndicatorSystemError, load_all, load_system

REPO = Path(__file__).resolve().parents[2]
SEEDS = Path("/work/shared/seeds")  # the scraped sources; outside the repo, so optional


@pytest.fixture(scope="module")
def systems():
    return load_all(REPO / "bpmn" / "indicators")


def test_both_versions_load_by_key(systems):
    assert set(systems) == {"2022-trial", "2024-draft"}


def test_2022_trial_groups_indicators_and_pass_rule(systems):
    s = systems["2022-trial"]
    assert [(g["name"], g["max"]) for g in s.groups] == [
        ("促进发展", 20), ("规范监管", 25), ("优化服务", 20), ("探索创新", 20), ("综合保障", 15)]
    assert [i["number"] for i in s.indicators] == list(range(1, 42))
    assert [sum(i["max"] for i in s.indicators_of(g["number"])) for g in s.groups] == [20, 25, 20, 20, 15]
    subgroups = [(sg["name"], sg["max"]) for g in s.groups for sg in g["subgroups"]]
    assert subgroups == [("发展规模", 10), ("发展质量", 10), ("完善监管", 15), ("规范执法", 10),
                         ("服务网络经营", 11), ("服务网络消费", 9), ("创新工作", 12), ("创新效果", 8),
                         ("组织机制保障", 7), ("工作基础保障", 8)]
    assert s.pass_rule["total_min"] == 85 and s.pass_rule["group_rate_min"] == 0.75
    # spot checks against the table
    i8 = s.indicator(8)
    assert (i8["name"], i8["max"], i8["nature"]) == ("网络市场税收贡献度。", 2, "quantitative")
    assert [x["points"] for x in s.indicator(11)["sub_items"]] == [1, 1, 1]
    assert s.indicator(28)["sub_items_mode"] == "any"
    assert {i["nature"] for i in s.indicators if i["number"] in (11, 17, 18, 25, 26, 38)} == {"both"}


def test_2024_draft_groups_indicators_and_pass_rule(systems):
    s = systems["2024-draft"]
    assert [(g["name"], g["max"]) for g in s.groups] == [
        ("促进发展", 20), ("规范监管", 30), ("优化服务", 30), ("探索创新", 20)]
    assert [i["max"] for i in s.indicators] == [3, 3, 5, 5, 4, 5, 5, 5, 3, 3, 3, 3, 3,
                                               6, 3, 2, 2, 2, 6, 6, 3, 6, 6, 4, 4]
    assert [len(s.indicators_of(g["number"])) for g in s.groups] == [5, 8, 8, 4]
    assert s.pass_rule["total_min"] == 85 and s.pass_rule["group_rate_min"] == 0.80
    i1 = s.indicator(1)
    assert i1["name"] == "创建地电子商务交易额同比增速。"
    assert i1["assessment_methods"] == ["数据比对", "资料审查"]
    assert i1["data_sources"] == ["国家统计局官网", "创建对象提供"]
    assert s.indicator(19)["nature"] == "both"
    assert [x["points"] for x in s.indicator(7)["sub_items"]] == [1.5, 1.5, 1, 1]


def test_2022_trial_reports_nothing_that_does_not_add_up(systems):
    assert systems["2022-trial"].warnings == []


def test_2024_draft_warnings_name_the_indicators_that_do_not_add_up(systems):
    w = {(x.code, x.indicator): x for x in systems["2024-draft"].warnings}
    assert set(w) == {("sub_items_exceed_max", 3), ("sub_items_below_max", 24),
                      ("sub_item_points_not_stated", 22), ("sub_item_points_not_stated", 23),
                      ("sub_item_points_not_stated", 25)}
    three = w[("sub_items_exceed_max", 3)]
    assert "6" in three.message_zh and "5" in three.message_zh and "6" in three.message_en
    assert "capped" in three.resolution and "5" in three.resolution
    assert "3" in w[("sub_items_below_max", 24)].message_en


def _write(tmp_path, data, name="x.json"):
    p = tmp_path / name
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


@pytest.fixture
def raw2024():
    return json.loads((REPO / "bpmn/indicators/2024-draft.json").read_text(encoding="utf-8"))


def test_sums_that_do_not_match_are_reported_not_hidden(tmp_path, raw2024):
    raw2024["groups"][0]["max"] = 25  # group 1 now claims 25 but its indicators add up to 20
    raw2024["indicators"][5]["sub_items"][0]["points"] = 9  # indicator 6, a 5-point indicator
    s = load_system(_write(tmp_path, raw2024))
    codes = {(x.code, x.indicator) for x in s.warnings}
    assert ("groups_total", None) in codes  # 105 instead of 100
    assert ("group_sum", None) in codes
    assert ("sub_item_exceeds_max", 6) in codes and ("sub_items_exceed_max", 6) in codes


@pytest.mark.parametrize("breakage", ["unknown_group", "bad_nature", "duplicate", "bad_sub_item_ref"])
def test_unusable_files_are_refused(tmp_path, raw2024, breakage):
    inds = raw2024["indicators"]
    if breakage == "unknown_group":
        inds[0]["group"] = 9
    elif breakage == "bad_nature":
        inds[0]["nature"] = "定量"
    elif breakage == "duplicate":
        inds[1]["number"] = 1
    else:
        inds[2]["auto_score"][0]["sub_item"] = 7
    with pytest.raises(IndicatorSystemError):
        load_system(_write(tmp_path, raw2024))


def test_load_all_skips_reference_data_and_refuses_duplicate_keys(tmp_path, raw2024):
    _write(tmp_path, raw2024, "a.json")
    _write(tmp_path, {"national": {}}, "reference-figures.json")
    assert list(load_all(tmp_path)) == ["2024-draft"]
    _write(tmp_path, raw2024, "b.json")
    with pytest.raises(IndicatorSystemError, match="twice"):
        load_all(tmp_path)


def test_auto_score_rules_quote_their_indicator_text(systems):
    """Each rule names the source phrase it encodes; a rule without a basis in the text is invented."""
    for s in systems.values():
        for ind in s.indicators:
            for rule in ind["auto_score"]:
                assert rule["basis"] in ind["text"], (s.key, ind["number"], rule["basis"])


@pytest.mark.skipif(not SEEDS.is_dir(), reason="source documents not available")
def test_texts_are_verbatim_from_the_sources(systems):
    for s in systems.values():
        seed = (SEEDS / s.source["seed"]).read_text(encoding="utf-8")
        assert s.pass_rule["text"] in seed
        for g in s.groups:
            assert g["name"] in seed
        for ind in s.indicators:
            assert ind["name"] in seed, ind["number"]
            for line in ind["text"].split("\n"):
                assert line in seed, (s.key, ind["number"], line)
            for sub in ind["sub_items"]:
                assert sub["text"] in ind["text"]


def test_indicator_systems_hold_national_content_only(systems):
    """Yongchuan's tasks and units for the 2022 indicators are its decomposition (the plan's
    `indicators` sheet), not part of the system: a system file naming them does not load."""
    for s in systems.values():
        for ind in s.indicators:
            assert not {"plan_tasks", "lead_units", "responsible_units"} & set(ind), (s.key, ind["number"])
        assert "永川" not in json.dumps([s.groups, s.indicators], ensure_ascii=False), s.key
    rows = {int(r["indicator_number"]): r for r in csv.DictReader(
        (REPO / "seeds/plans/yongchuan-decomposition.csv").open(encoding="utf-8"))}
    assert set(rows) == {i["number"] for i in systems["2022-trial"].indicators}
    assert (rows[12]["lead_unit"], rows[12]["responsible_units"]) == ("永川区发展改革委", "永川区市场监管局;永川区司法局")
    assert rows[1]["tasks"] == "1;2;3;4;5;6" and rows[35]["measures"].startswith("四(一)")


def test_a_system_file_naming_a_regions_units_is_refused(tmp_path):
    data = json.loads((REPO / "bpmn/indicators/2022-trial.json").read_text(encoding="utf-8"))
    data["indicators"][0]["lead_units"] = ["区商务委"]
    (tmp_path / "x.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(IndicatorSystemError, match="lead_units"):
        load_all(tmp_path)
