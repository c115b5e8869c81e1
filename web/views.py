"""Read models the API and the pages share: a case as its users see it."""
from engine import audit
from engine.casework import returns
from models import HumanTask


def case_view(case, history=True):
    view = {
        "id": case.id, "region_id": case.region_id, "province_id": case.province_id,
        "round_id": case.round_id, "evaluation_round_id": case.evaluation_round_id,
        "region_name": case.region.name, "stage": case.stage, "status": case.status,
        "definition": {"key": case.definition.key, "version": case.definition.version},
        "indicator_system": case.indicator_system, "created_at": case.created_at, "updated_at": case.updated_at,
        "next_timer_at": case.next_timer_at, "region": case.region, "hold": case.hold,
        "active_tasks": HumanTask.query.filter_by(case_id=case.id, completed_at=None)
                                       .order_by(HumanTask.id).all(),
    }
    if history:
        view["history"] = audit.history(case.id)
    return view


def reopened_view(task):
    """Why an open task is open again (sent back to it, or recalled), or None."""
    move = returns.reopened(task)
    if move is None:
        return None
    return {"kind": move.kind, "by": move.actor.username, "at": move.at, "reason": move.reason,
            "from_task": move.task.name, "from_title": move.task.title}
