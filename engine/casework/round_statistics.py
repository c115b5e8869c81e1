"""A round in figures: how many of its cases reached each milestone and how they ended, by
province and by economic zone (east, central, west, northeast), within what the caller may
see (engine/access.py); and one row per case for the export.

A milestone is reached when a case stands at or beyond its stage now, or has ever had a task
there (a case returned for amendment still counts as applied), or ended in a way that implies
it (a declined case was recommended). Counted over rows; no instance is deserialised.
"""
from typing import Any

from engine import access
from engine.casework import rounds
from models import Case, HumanTask, Org, User
from models.decisions import DocumentCase, OfficialDocument
from models.orgs import ZONES
from models.process import STAGES, EndStage, Stage
from models.rounds import RoundKind

# (key, the stage a case must have reached) in the order the measures run them.
MILESTONES = {
    RoundKind.APPLICATION: [("applied", Stage.INITIAL_REVIEW), ("reviewed", Stage.RECOMMENDATION),
                            ("recommended", Stage.APPROVAL), ("approved", Stage.CREATION)],
    RoundKind.EVALUATION: [("assessed", Stage.EVALUATION_PREREVIEW), ("prereviewed", Stage.EVALUATION),
                           ("evaluated", Stage.PUBLIC_NOTICE), ("certified", Stage.SUPERVISION)],
}
# How far an ended case must have come to end so (withdrawn: anywhere, implies nothing).
END_REACHED = {EndStage.REJECTED: Stage.INITIAL_REVIEW, EndStage.NOT_RECOMMENDED: Stage.RECOMMENDATION,
               EndStage.DECLINED: Stage.APPROVAL, EndStage.LAPSED: Stage.CREATION,
               EndStage.FAILED: Stage.EVALUATION, EndStage.REVOKED: Stage.SUPERVISION}
# The ends that belong to each kind of round (the others are shown as "in progress" there).
OUTCOMES = {
    RoundKind.APPLICATION: (EndStage.WITHDRAWN, EndStage.REJECTED, EndStage.NOT_RECOMMENDED, EndStage.DECLINED),
    RoundKind.EVALUATION: (EndStage.WITHDRAWN, EndStage.FAILED, EndStage.LAPSED, EndStage.REVOKED),
}
ORDER = {stage: i for i, stage in enumerate(STAGES)}


def statistics(actor: User, round_id: int) -> dict[str, Any]:
    round_ = rounds.get(round_id)
    kind = RoundKind(round_.kind)
    rows = case_rows(actor, round_id)
    keys = [key for key, _ in MILESTONES[kind]]
    outcomes = [str(end) for end in OUTCOMES[kind]]

    def tally(group: list[dict[str, Any]]) -> dict[str, Any]:
        return {"cases": len(group),
                "milestones": {k: sum(1 for r in group if r["reached"][k]) for k in keys},
                "outcomes": {o: sum(1 for r in group if r["stage"] == o) for o in outcomes}}

    provinces: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        provinces.setdefault(r["province_name"], []).append(r)
    return {
        "round": round_, "milestones": keys, "outcomes": outcomes, "rows": rows,  # rows: the export's
        "totals": tally(rows),
        "by_province": [{"province": name, "zone": group[0]["zone"], **tally(group)}
                        for name, group in provinces.items()],
        "by_zone": [{"zone": zone, **tally([r for r in rows if r["zone"] == zone])} for zone in ZONES],
    }


def case_rows(actor: User, round_id: int) -> list[dict[str, Any]]:
    """The round's cases the caller may see, by province then id: where each stands, which
    milestones it reached, and the numbers (文号) of its official documents."""
    round_ = rounds.get(round_id)
    kind = RoundKind(round_.kind)
    column = Case.round_id if kind == RoundKind.APPLICATION else Case.evaluation_round_id
    cases = (Case.query.filter(column == round_id, access.case_filter(actor))
             .order_by(Case.province_id, Case.id).all())
    if not cases:
        return []
    ids = [c.id for c in cases]
    provinces = {o.id: o for o in Org.query.filter(Org.id.in_({c.province_id for c in cases}))}
    furthest: dict[int, int] = {}
    for case_id, stage in (HumanTask.query.with_entities(HumanTask.case_id, HumanTask.stage)
                           .filter(HumanTask.case_id.in_(ids)).distinct()):
        if stage in ORDER:
            furthest[case_id] = max(furthest.get(case_id, -1), ORDER[stage])
    numbers: dict[int, list[str]] = {}
    for case_id, number in (DocumentCase.query.join(OfficialDocument)
                            .with_entities(DocumentCase.case_id, OfficialDocument.number)
                            .filter(DocumentCase.case_id.in_(ids))
                            .order_by(OfficialDocument.issued_at, OfficialDocument.id)):
        numbers.setdefault(case_id, []).append(number)
    result = []
    for c in cases:
        reached = max(furthest.get(c.id, -1), ORDER.get(c.stage, -1),
                      ORDER[END_REACHED[c.stage]] if c.stage in END_REACHED else -1)
        province = provinces[c.province_id]
        result.append({"id": c.id, "region_name": c.region.name, "province_name": province.name,
                       "zone": province.zone, "stage": c.stage, "status": c.status,
                       "created_at": c.created_at,
                       "reached": {k: reached >= ORDER[s] for k, s in MILESTONES[kind]},
                       "documents": numbers.get(c.id, [])})
    return result
