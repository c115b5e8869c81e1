"""Score forms without a database: expansion per system and the computed results."""
import json
from pathlib import Path

import pytest

from engine.scoring import sheets
from engine.scoring.indicators import load_all

REPO = Path(__file__).resolve().parents[2]
FORMS = REPO / "bpmn" / "forms"


@pytest.fixture(scope="module")
def systems():
    return load_all(REPO / "bpmn" / "indicators")


def form(name):
    return json.loads((FORMS / f"{name}.json").read_text(encoding="utf-8"))


def full(system, **changes):
    scores = {str(i["number"]): i["max"] for i in system.indicators}
    scores.update(changes)
    return scores


def test_forms_without_a_marker_are_returned_unchanged(systems):
    schema = form("initial_review")
    assert sheets.expand(schema, systems["2024-draft"]) is schema


def test_figures_are_offered_only_for_auto_scored_indicators(systems):
    s = systems["2024-draft"]
    props = sheets.expand(form("self_assessment"), s)["properties"]["reported_figures"]["properties"]
    assert set(props) == {str(i["number"]) for i in s.indicators if i["auto_score"]}
    assert props["1"]["properties"]["ecommerce_growth"]["type"] == "object"  # year -> value


def test_self_results_override_anything_typed(systems):
    s = systems["2024-draft"]
    sheet = sheets.derive(form("self_assessment"), s,
                               {"self_scores": full(s), "indicator_evidence": {str(i["number"]): ["a"] for i in s.indicators}}, {})
    assert sheet.task_data["qualified"] is True and sheet.task_data["self_score_total"] == 100
    assert sheet.task_data["self_group_scores"] == {"1": 20, "2": 30, "3": 30, "4": 20}


def test_province_keeps_unadjusted_scores_and_records_reasons(systems):
    s = systems["2022-trial"]
    context = {"self_indicator_scores": full(s)}
    sheet = sheets.derive(form("evaluation_prereview"), s,
                               {"decision": "forward", "prereview_opinion": "x",
                                "adjusted_scores": {"1": {"score": 1, "reason": "核减"}, "2": {"score": 2, "reason": "不变"}}},
                               context)
    assert sheet.values[1] == 1 and sheet.values[2] == 2 and sheet.reasons == {1: "核减"}
    assert sheet.task_data["province_score_total"] == 99


def test_samr_takes_expert_means_and_checks_a_typed_total(systems):
    s = systems["2024-draft"]
    experts = [{"expert": "e1", "scores": full(s, **{"5": 2})}, {"expert": "e2", "scores": full(s, **{"5": 3})}]
    data = {"decision": "pass", "reasons": "x"}
    sheet = sheets.derive(form("evaluation_decision"), s, data, {"expert_scores": experts})
    assert sheet.task_data["evaluation_score"] == 98.5 and sheet.values[5] == 2.5
    with pytest.raises(sheets.ScoreInputError) as e:
        sheets.derive(form("evaluation_decision"), s, {**data, "evaluation_score": 98}, {"expert_scores": experts})
    assert "evaluation_score" in e.value.fields
    with pytest.raises(sheets.ScoreInputError) as e:
        sheets.derive(form("evaluation_decision"), s, data, {"expert_scores": []})
    assert "consolidated_scores" in e.value.fields
