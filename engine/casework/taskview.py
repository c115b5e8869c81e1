"""What a task page shows beside its form: the case data, labelled by the forms' titles."""
from typing import Any

from engine.casework import tasks
from engine.definitions import registry
from models import HumanTask, ProcessDefinition

HIDDEN = {"case_id", "region_id", "round_id", "notice_period", "max_creation_period",
          "evaluation_round_id", "period_exceeds_max", "creation_period_days",
          "max_creation_period_days", "expert", "experts_remaining"}
DERIVED = ("objection", "expert_score_count", "expert_score_average", "evaluation_attempts",
           "evaluation_result", "application_outcome", "notice_outcome")


def _titles(definition: ProcessDefinition) -> dict[str, str]:
    titles: dict[str, str] = {}
    for schema in registry._forms(definition.id, definition.hash).values():
        for name, spec in (schema.get("properties") or {}).items():
            titles.setdefault(name, spec.get("title") or name)
    return titles


def context_fields(task: HumanTask) -> list[tuple[str, str | None, Any]]:
    """[(name, title or None, value)] of the case data the task sees, without the fields of
    its own form (those are in the form) and without engine bookkeeping."""
    data = tasks.context(task)
    own = set((tasks.form_of(task) or {}).get("properties") or {})
    titles = _titles(task.case.definition)
    shown: list[tuple[str, str | None, Any]] = [
        (name, titles[name], data[name]) for name in titles
        if name in data and name not in own and name not in HIDDEN and data[name] not in (None, "", [])]
    shown += [(name, None, data[name]) for name in DERIVED if name in data]
    return shown
