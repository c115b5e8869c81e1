"""What the indicator administrator is told about a system whose arithmetic does not add up:
one warning per finding, naming the indicator, the figures and how scoring resolves it; a
system that adds up gets none."""
from engine.scoring.indicators import IndicatorSystem, validate_system


def _ind(number, mx, points, mode="sum", group=1):
    return {"number": number, "max": mx, "group": group, "sub_items_mode": mode,
            "sub_items": [{"number": i + 1, "points": p} for i, p in enumerate(points)]}


def _system(indicators, groups=None):
    groups = groups or [{"number": 1, "name": "基础", "max": 100, "subgroups": []}]
    return IndicatorSystem(key="t", name="t", pass_rule={}, groups=groups, indicators=indicators)


def _found(system):
    return [(w.code, w.indicator) for w in validate_system(system)]


def test_a_system_that_adds_up_has_no_warnings():
    groups = [{"number": 1, "name": "基础", "max": 60, "subgroups": [{"name": "甲", "max": 60, "indicators": [1, 2]}]},
              {"number": 2, "name": "成效", "max": 40, "subgroups": []}]
    system = _system([_ind(1, 30, [10, 20]), _ind(2, 30, [30]), _ind(3, 40, [5], mode="any", group=2)], groups)
    assert _found(system) == []


def test_group_maxima_not_adding_up_to_100_are_reported_with_the_total():
    groups = [{"number": 1, "name": "基础", "max": 60, "subgroups": []},
              {"number": 2, "name": "成效", "max": 45, "subgroups": []}]
    (warning,) = validate_system(_system([_ind(1, 60, [60]), _ind(2, 45, [45], group=2)], groups))
    assert (warning.code, warning.indicator) == ("groups_total", None)
    assert warning.message_en == "group maxima add up to 105, not 100" and "105" in warning.message_zh


def test_a_group_and_a_subgroup_whose_indicators_do_not_add_up():
    groups = [{"number": 1, "name": "基础", "max": 100,
               "subgroups": [{"name": "甲", "max": 50, "indicators": [1]}]}]
    warnings = validate_system(_system([_ind(1, 40, [40]), _ind(2, 50, [50])], groups))
    by_code = {w.code: w for w in warnings}
    assert [w.code for w in warnings] == ["group_sum", "subgroup_sum"]
    assert by_code["group_sum"].message_en == "group 1 基础: maximum 100 but its indicators add up to 90"
    assert by_code["subgroup_sum"].message_en == "subgroup 甲: maximum 50 but its indicators add up to 40"
    assert by_code["subgroup_sum"].resolution == "reported only; subgroups take no part in the pass rule"


def test_sub_items_above_or_below_their_indicator():
    system = _system([_ind(1, 5, [6, 1]), _ind(2, 10, [3, 3]), _ind(3, 85, [85])])
    warnings = validate_system(system)
    assert [(w.code, w.indicator) for w in warnings] == [
        ("sub_item_exceeds_max", 1), ("sub_items_exceed_max", 1), ("sub_items_below_max", 2)]
    exceeds, total, below = warnings
    assert exceeds.message_en == "indicator 1 sub-item 1 is worth 6, more than the indicator's 5"
    assert total.message_en == "indicator 1: sub-items add up to 7, more than its maximum 5"
    assert total.resolution == exceeds.resolution == "capped at the indicator's maximum 5"
    assert below.message_en == "indicator 2: sub-items add up to 6 only, below its maximum 10"
    assert below.resolution == "reported only: scores up to 10 are accepted; auto-scoring yields at most 6"


def test_a_sub_item_worth_exactly_its_indicator_is_fine():
    assert _found(_system([_ind(1, 100, [100])])) == []
    assert _found(_system([_ind(1, 100, [100, 100], mode="any")])) == []


def test_unstated_points_are_one_finding_per_indicator_in_the_words_of_its_mode():
    system = _system([_ind(1, 50, [None, 10, None]), _ind(2, 50, [None], mode="any")])
    warnings = validate_system(system)
    assert [(w.code, w.indicator) for w in warnings] == [
        ("sub_item_points_not_stated", 1), ("sub_item_points_not_stated", 2)]
    summed, any_ = warnings
    assert summed.message_en == "indicator 1 sub-item 1、3: no maximum is stated (points per occurrence only)"
    assert summed.resolution == "the indicator score is capped at its maximum 50"
    assert any_.message_en == "indicator 2: the points a qualifying item earns are not stated"
    assert any_.resolution == "experts award up to the indicator's maximum 50"


def test_sums_are_judged_only_when_every_sub_item_states_its_points_and_only_in_sum_mode():
    assert _found(_system([_ind(1, 100, [None, 1])])) == [("sub_item_points_not_stated", 1)]
    assert _found(_system([_ind(1, 100, [1, 1], mode="any")])) == []
    assert _found(_system([_ind(1, 100, [])])) == []
