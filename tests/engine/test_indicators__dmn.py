"""The band and threshold DMN tables on every edge, and auto-scoring of real indicators."""
from decimal import Decimal as D
from pathlib import Path

import pytest

from engine.scoring.indicators import load_all
from engine.scoring.rules import DecisionError, Decisions, ScoreError, auto_score

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dmn():
    return Decisions(REPO / "bpmn" / "dmn")


@pytest.fixture(scope="module")
def systems():
    return load_all(REPO / "bpmn" / "indicators")


def test_every_decision_the_data_names_exists(dmn, systems):
    named = {r["decision"] for s in systems.values() for i in s.indicators
             for r in i["auto_score"] if r["decision"]}
    assert named == set(dmn.ids) == {"threshold_check", "band_2024_share_6_10_15", "band_2022_share_8_15",
                                     "band_2022_share_3_5", "band_2022_share_30_50"}


BANDS = {  # value on each side of every edge -> points; 0 and 100 are the outer edges
    "band_2024_share_6_10_15": [(0, 0), (5.99, 0), (6, 1), (9.99, 1), (10, 2), (14.99, 2), (15, 3), (100, 3)],
    "band_2022_share_8_15": [(0, 0), (7.99, 0), (8, 1), (14.99, 1), (15, 2), (100, 2)],
    "band_2022_share_3_5": [(0, 0), (2.99, 0), (3, 1), (4.99, 1), (5, 2), (100, 2)],
    "band_2022_share_30_50": [(0, 0), (29.99, 0), (30, 1), (49.99, 1), (50, 2), (100, 2)],
}


@pytest.mark.parametrize("decision,value,points",
                         [(d, v, p) for d, cases in BANDS.items() for v, p in cases])
def test_band_edges(dmn, decision, value, points):
    assert dmn.decide(decision, share=value) == {"points": points}


@pytest.mark.parametrize("decision", sorted(BANDS))
@pytest.mark.parametrize("value", [-0.01, 100.01])
def test_band_outside_0_100_matches_no_rule_and_says_so(dmn, decision, value):
    with pytest.raises(DecisionError, match="no rule matches"):
        dmn.decide(decision, share=value)


@pytest.mark.parametrize("op,value,threshold,met", [
    ("gt", 95, 95, False), ("gt", 95.01, 95, True), ("gt", 94.99, 95, False),
    ("ge", 100, 100, True), ("ge", 99.99, 100, False), ("ge", 50, 50, True), ("ge", 50.01, 50, True),
    ("le", 0, 0, True), ("le", 1, 0, False),
    ("gt", -1.5, -2, True), ("gt", -2, -2, False),  # growth rates may be negative
])
def test_threshold_edges(dmn, op, value, threshold, met):
    assert dmn.decide("threshold_check", op=op, value=value, threshold=threshold) == {"met": met}


def test_unknown_operator_and_unknown_decision_raise(dmn):
    with pytest.raises(DecisionError, match="no rule matches"):
        dmn.decide("threshold_check", op="eq", value=1, threshold=1)
    with pytest.raises(DecisionError, match="no DMN decision"):
        dmn.decide("nope", share=1)
    with pytest.raises(DecisionError, match="failed"):
        dmn.decide("threshold_check", op="gt", value=None, threshold=1)


# ---------------------------------------------------------------- auto-scoring real indicators
def test_per_year_comparison_counts_only_years_strictly_above(systems, dmn):
    s = systems["2024-draft"]
    figs = {"ecommerce_growth": {"2022": 10, "2023": 8, "2024": -1},
            "national_ecommerce_growth": {"2022": 9.99, "2023": 8, "2024": -1.5}}
    r = auto_score(s, 1, figs, dmn)
    assert r["points"] == 2 and r["parts"][0]["years_exceeded"] == ["2022", "2024"] and r["complete"]
    figs["ecommerce_growth"]["2025"] = 20
    figs["national_ecommerce_growth"]["2025"] = 1
    with pytest.raises(ScoreError, match="4 years"):  # 共3分: a creation period of at most 3 years
        auto_score(s, 1, figs, dmn)


def test_per_year_comparison_needs_the_reference_for_each_year(systems, dmn):
    with pytest.raises(ScoreError, match="2023"):
        auto_score(systems["2022-trial"], 1, {"online_retail_growth": {"2022": 5, "2023": 6},
                                               "national_online_retail_growth": {"2022": 4}}, dmn)


def test_2024_indicator_3_parts_add_to_6_but_score_caps_at_5(systems, dmn):
    s = systems["2024-draft"]
    r = auto_score(s, 3, {"online_entity_share": 15, "new_large_online_entities": 7}, dmn)
    assert [p["points"] for p in r["parts"]] == [3, 3]  # 7 x 0.5 = 3.5, capped at 3
    assert r["uncapped"] == 6 and r["points"] == 5
    r = auto_score(s, 3, {"online_entity_share": 9.99, "new_large_online_entities": 5}, dmn)
    assert r["points"] == D("3.5")
    with pytest.raises(ScoreError, match="whole number"):
        auto_score(s, 3, {"online_entity_share": 9, "new_large_online_entities": 1.5}, dmn)


def test_count_bands_of_2022_indicator_4(systems, dmn):
    s = systems["2022-trial"]
    assert [auto_score(s, 4, {"new_large_online_traders": n}, dmn)["points"] for n in (0, 1, 2, 5)] == [0, 1, 2, 2]


def test_weighted_counts_with_and_without_cap(systems, dmn):
    s = systems["2024-draft"]

    def pts(n, f):
        return auto_score(s, n, f, dmn)["points"]
    docs = dict(laws=0, rules=1, normative_documents_or_standards=0)
    assert pts(24, docs) == 2
    assert pts(24, dict(docs, normative_documents_or_standards=1)) == 3
    assert pts(24, dict(docs, laws=1)) == 3  # 3 + 2 capped at 最高分3分: never the indicator's 4
    r = auto_score(s, 25, dict(commendations=2, exchanges=1, central_media_reports=1,
                                provincial_media_reports=2), dmn)
    assert [p["points"] for p in r["parts"]] == [D("3.5"), D("1.5")]  # media: 1 + 1.0 capped at 1.5
    assert r["points"] == 4 and r["uncapped"] == 5


def test_thresholds_all_conditions_must_hold(systems, dmn):
    s = systems["2024-draft"]
    good = dict(report_check_rate=95.5, assigned_clue_timely_rate=91, assigned_clue_completion_rate=90.5,
                case_upheld_rate=96, case_win_rate=100, procedural_loss_cases=0)
    assert auto_score(s, 13, good, dmn)["points"] == 3
    r = auto_score(s, 13, dict(good, procedural_loss_cases=1, assigned_clue_completion_rate=90), dmn)
    assert r["points"] == 1
    assert [p["unmet"] for p in r["parts"]] == [[], ["assigned_clue_completion_rate"], ["procedural_loss_cases"]]


def test_reference_figures_come_from_the_input(systems, dmn):
    s = systems["2024-draft"]
    figs = dict(complaint_initial_check_rate=99.01, complaint_closed_on_time_rate=100,
                mediation_success_rate=60, national_mediation_success_rate=59.9)
    assert auto_score(s, 17, figs, dmn)["points"] == 2
    assert auto_score(s, 17, dict(figs, national_mediation_success_rate=60), dmn)["points"] == 0
    ok = dict(odr_first_settlement_rate=40, national_odr_first_settlement_rate=40, odr_closed_on_time_rate=98.01)
    assert auto_score(s, 18, ok, dmn)["points"] == 2  # 不低于: equal is enough
    assert auto_score(s, 18, dict(ok, odr_closed_on_time_rate=98), dmn)["points"] == 0  # 高于98%


def test_unreported_rules_leave_sub_items_to_the_experts(systems, dmn):
    s = systems["2022-trial"]
    r = auto_score(s, 11, {"identity_claim_rate": 100}, dmn)
    assert r["points"] == 1 and r["manual_sub_items"] == [1, 3] and not r["complete"]
    assert auto_score(s, 11, {"identity_claim_rate": 99.99}, dmn)["points"] == 0
    with pytest.raises(ScoreError, match="missing"):  # one of a rule's two figures
        auto_score(s, 17, {"assigned_clue_timely_rate": 91}, dmn)
    with pytest.raises(ScoreError, match="none of its figures"):
        auto_score(s, 17, {}, dmn)
    with pytest.raises(ScoreError, match="no auto-scoring rule"):
        auto_score(s, 12, {"x": 1}, dmn)


@pytest.mark.parametrize("bad", [100.5, -1, None, "96"])
def test_invalid_rates_are_refused_before_the_table(systems, dmn, bad):
    with pytest.raises(ScoreError):
        auto_score(systems["2022-trial"], 19, {"monitoring_check_timely_rate": bad}, dmn)


def test_band_value_above_100_is_an_error_not_zero(systems, dmn):
    with pytest.raises(DecisionError):
        auto_score(systems["2022-trial"], 9, {"traders_over_2_years_share": 120}, dmn)
    assert auto_score(systems["2022-trial"], 9, {"traders_over_2_years_share": 50}, dmn)["points"] == 2
