"""Moving running cases to a newer version of their process definition.

A plan is computed on a throw-away copy of the case's workflow: diff against the
new spec (SpiffWorkflow.bpmn.util.diff), migrate, run engine steps, and save and
load the result again. Only a plan that survives all of that may be applied; the
move itself is one transaction per case, audited. Waiting timers keep their due
dates (`reset_mask=READY`): a case in the middle of its notice keeps the notice's
original end even if the new version has a shorter period.
"""
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.util.diff import WorkflowDiff, diff_workflow, migrate_workflow
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from engine.audit import Actor, record
from engine.definitions import registry
from engine.errors import Conflict, InvalidInput, NotFound
from engine.runtime import instances, serializer
from engine.runtime.scripting import script_engine
from engine.tx import lock_case, transactional
from models import Case, HumanTask, ProcessDefinition, db

PASSED = TaskState.FINISHED_MASK | TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR


class NotMigratable(Conflict):
    """The case cannot move; `reason` says why in words a modeller understands."""


def target_version(key: str, version: int) -> ProcessDefinition:
    target = ProcessDefinition.query.filter_by(key=key, version=version).first()
    if target is None:
        raise NotFound("process {key} has no version {version}", key=key, version=version)
    return target


def _waiting(workflow: BpmnWorkflow) -> list[dict[str, Any]]:
    """Element ids of ready user tasks and waiting events, with the state, for the report."""
    result = []
    for t in workflow.get_tasks(state=TaskState.READY | TaskState.WAITING):
        spec = t.task_spec
        if getattr(spec, "bpmn_id", None) and (spec.manual or t.state == TaskState.WAITING):
            result.append({"element": spec.bpmn_id, "name": spec.bpmn_name,
                           "state": TaskState.get_name(t.state).lower()})
    return result


def _refusals(top: WorkflowDiff, subs: dict[UUID, WorkflowDiff | None], workflow: BpmnWorkflow,
              new_subs: dict[str, BpmnProcessSpec]) -> list[str]:
    """Why the library's migration would be unsafe: elements the case already passed (or
    stands on) that the new version removes, or a called process that disappeared."""
    reasons = []
    for diff, wf in [(top, workflow)] + [(subs[sp_id], sp) for sp_id, sp in workflow.subprocesses.items()]:
        if diff is None:
            reasons.append(f"called process {wf.spec.name} is not in the new version")
            continue
        for task in diff.removed:
            if task.has_state(PASSED) and getattr(task.task_spec, "bpmn_id", None):
                reasons.append(f"element {task.task_spec.bpmn_id} ({TaskState.get_name(task.state).lower()} "
                               "in this case) is removed in the new version")
    return sorted(set(reasons))


def _changed(top: WorkflowDiff, subs: dict[UUID, WorkflowDiff | None]) -> list[str]:
    changed = {}
    for diff in [top, *subs.values()]:
        for task in (diff.changed if diff else ()):
            if task.has_state(TaskState.READY | TaskState.WAITING) and task.task_spec.bpmn_id:
                changed[task.task_spec.bpmn_id] = True
    return sorted(changed)


def _migrate(case: Case, target: ProcessDefinition) -> tuple[BpmnWorkflow, dict[str, Any]]:
    """(new workflow, report) or NotMigratable. Works on a fresh load: nothing is written."""
    if case.status == "closed":
        raise NotMigratable("the case is closed")
    current = case.definition
    if target.key != current.key:
        raise NotMigratable("version {version} belongs to {target}, not {current}", version=target.version, target=target.key, current=current.key)
    if target.version <= current.version:
        raise NotMigratable("the case is on version {version}; migration only moves forward", version=current.version)
    workflow = instances.load(case)
    before = _waiting(workflow)
    spec, subs = registry.specs(target)
    top, sub_diffs = diff_workflow(serializer.registry, workflow, spec, subs)
    reasons = _refusals(top, sub_diffs, workflow, subs)
    if reasons:
        raise NotMigratable("; ".join(reasons))
    changed = _changed(top, sub_diffs)
    migrate_workflow(top, workflow, spec, reset_mask=TaskState.READY)
    for sp_id, sp in workflow.subprocesses.items():
        migrate_workflow(sub_diffs[sp_id], sp, subs[sp.spec.name], reset_mask=TaskState.READY)
    workflow.subprocess_specs = subs
    try:
        instances.run(workflow)
        # The library can produce a state that never loads again: prove it round-trips.
        text = serializer.dump_workflow(workflow)
        workflow = serializer.load_workflow(text, spec, subs)
        workflow.script_engine = script_engine()
    except instances.StepFailed as exc:
        raise NotMigratable("the new version fails on this case: {message_value}", message_value=exc.message) from exc
    except Exception as exc:
        raise NotMigratable("the migrated case would not load again ({name}: {exc})", name=type(exc).__name__, exc=exc) from exc
    after = _waiting(workflow)
    report = {"case_id": case.id, "from_version": current.version, "to_version": target.version,
              "can_migrate": True, "reason": None, "before": before, "after": after,
              "changed": changed, "stage": case.stage,
              "timers_kept": [w["element"] for w in before if w["state"] == "waiting"
                              and w in after]}
    return workflow, report


def plan(case: Case, target: ProcessDefinition) -> dict[str, Any]:
    """Preview for one case: whether it can move and which waiting tasks change."""
    try:
        return _migrate(case, target)[1]
    except NotMigratable as exc:
        return {"case_id": case.id, "from_version": case.definition.version,
                "to_version": target.version, "can_migrate": False, "reason": exc.message,
                "stage": case.stage, "before": [], "after": [], "changed": [], "timers_kept": []}


@transactional
def migrate(actor: Actor, case_id: int, version: int) -> tuple[Case, dict[str, Any]]:
    """Move one case in one transaction; a case that cannot move raises NotMigratable."""
    case = lock_case(case_id)
    target = target_version(case.definition.key, version)
    workflow, report = _migrate(case, target)
    case.definition = target
    instances.save(case, workflow, actor)
    _refresh_open_tasks(case, workflow, report["changed"])
    record(actor, "case_migrated", case, detail={k: report[k] for k in (
        "from_version", "to_version", "before", "after", "changed", "timers_kept")})
    return case, report


@transactional
def _record_refusal(actor: Actor, case_id: int, version: int, reason: str) -> None:
    record(actor, "case_migration_refused", case_id, detail={"to_version": version, "reason": reason})


def migrate_or_refuse(actor: Actor, case_id: int, version: int) -> dict[str, Any]:
    """The case moves, or stays untouched and the refusal is audited with its reason."""
    try:
        return migrate(actor, case_id, version)[1]
    except NotMigratable as exc:
        _record_refusal(actor, case_id, version, exc.message)
        case = db.session.get(Case, case_id)
        return {"case_id": case_id, "from_version": case.definition.version, "to_version": version,
                "can_migrate": False, "reason": exc.message, "stage": case.stage,
                "before": [], "after": [], "changed": [], "timers_kept": []}


def _refresh_open_tasks(case: Case, workflow: BpmnWorkflow, changed: list[str]) -> None:
    """Open inbox rows of changed elements take the new title, lane, form and due."""
    if not changed:
        return
    ready = {str(t.id): t for t in instances.ready_user_tasks(workflow)}
    for row in HumanTask.query.filter_by(case_id=case.id, completed_at=None).all():
        task = ready.get(row.task_guid)
        if task is None or row.name not in changed:
            continue
        props = instances.properties(task.task_spec)
        row.title = task.task_spec.bpmn_name or row.name
        row.role, row.form = task.task_spec.lane, props.get("form", row.form)
        row.stage = props.get("stage", row.stage)
        row.due_at = instances._due(props, row.created_at)


def select(key: str, from_version: int | None = None, case_ids: list[int] | None = None,
           stage: str | None = None) -> list[Case]:
    """Cases chosen for a bulk move: listed ids, or every open case on a version (and stage)."""
    q = Case.query.join(ProcessDefinition).filter(ProcessDefinition.key == key,
                                                  Case.status != "closed")
    if case_ids:
        q = q.filter(Case.id.in_(case_ids))
    elif from_version is None:
        raise InvalidInput("choose cases: list their ids or give the version they are on",
                           {"from_version": ["required unless case_ids are given"]})
    if from_version is not None:
        q = q.filter(ProcessDefinition.version == from_version)
    if stage:
        q = q.filter(Case.stage == stage)
    return q.order_by(Case.id).all()


def preview(key: str, to_version: int, **selection: Any) -> list[dict[str, Any]]:
    target = target_version(key, to_version)
    return [plan(case, target) for case in select(key, **selection)]


def migrate_many(actor: Actor, key: str, to_version: int, **selection: Any) -> list[dict[str, Any]]:
    """One transaction per case; refusals leave their case untouched and are reported."""
    target_version(key, to_version)
    ids = [case.id for case in select(key, **selection)]
    db.session.rollback()  # end the read transaction: every case gets its own
    return [migrate_or_refuse(actor, case_id, to_version) for case_id in ids]
