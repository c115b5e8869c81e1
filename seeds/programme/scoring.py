"""Score sheets as people fill them in: a score per indicator of the case's indicator
system, adding up to an intended total spread over the groups in proportion to their
maxima (so every group's rate is the total's rate). The engine computes totals, group
rates and qualification from these itself (engine/scoring/sheets.py)."""
from decimal import Decimal

from engine.scoring import catalog
from engine.scoring.sheets import num
from models import Case, db

HALF = Decimal("0.5")


def system_of(case_id):
    return catalog.for_case(db.session.get(Case, case_id))


def group_totals(system, total):
    """{group: score} in halves, proportional to the group maxima, adding up to `total`."""
    total = Decimal(str(total))
    out = {g["number"]: (Decimal(str(g["max"])) * total / 100 / HALF).to_integral_value() * HALF
           for g in system.groups}
    last = system.groups[-1]["number"]
    out[last] += total - sum(out.values())
    return out


def indicator_scores(system, total):
    """{"1": score, …}: each group's share filled into its indicators in order."""
    scores = {}
    for number, left in group_totals(system, total).items():
        for ind in system.indicators_of(number):
            take = min(left, Decimal(str(ind["max"])))
            scores[str(ind["number"])] = num(take)
            left -= take
    return scores


def self_assessment(case_id, total, report, remarks):
    """The self-assessment form: scores, evidence for each scored indicator, the report."""
    scores = indicator_scores(system_of(case_id), total)
    evidence = {k: [f"自评佐证材料：指标{k}（创建方案任务台账及成效数据）"] for k, v in scores.items() if v > 0}
    return {"self_scores": scores, "indicator_evidence": evidence, "self_assessment_report": [report],
            "remarks": remarks}


def expert_sheet(case_id, total, opinion):
    return {"indicator_scores": indicator_scores(system_of(case_id), total), "expert_opinion": opinion}
