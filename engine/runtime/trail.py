"""What a diagram viewer needs about a case and a version, as plain ids and text.

The web layer draws the diagram with bpmn-js and marks elements by id: it never
sees SpiffWorkflow objects, only the lists computed here.
"""
import json
from typing import Any

from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine.errors import NotFound
from engine.runtime import instances
from engine.runtime.xmlsafe import parse
from models import Case, ProcessDefinition

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def sources(definition: ProcessDefinition) -> dict[str, str]:
    """{file name: XML text} deployed with this version."""
    return json.loads(definition.sources_json)


def source(definition: ProcessDefinition, name: str) -> str:
    files = sources(definition)
    if name not in files:
        raise NotFound("version {version} of {definition} has no file {name}", version=definition.version, definition=definition.key, name=name)
    return files[name]


def main_file(definition: ProcessDefinition) -> str:
    """The file that holds the process itself (a bundle carries every deployed file)."""
    for name, xml in sources(definition).items():
        if name.endswith(".bpmn"):
            root = parse(xml.encode("utf-8"), name)
            if root.find(f".//{{{BPMN_NS}}}process[@id='{definition.key}']") is not None:
                return name
    raise NotFound("no file of {definition} v{version} defines the process", definition=definition.key, version=definition.version)


def _bpmn_ancestor(task: Task) -> Task | None:
    parent = task.parent
    while parent is not None and not getattr(parent.task_spec, "bpmn_id", None):
        parent = parent.parent
    return parent


def of_case(case: Case) -> dict[str, list[Any]]:
    """Completed and active element ids, and the (source, target) pairs the case passed
    through — a viewer marks the sequence flow between each pair as the path taken."""
    workflow = instances.load(case)
    completed, active, flows = [], [], []
    for task in workflow.get_tasks():
        element = getattr(task.task_spec, "bpmn_id", None)
        if not element:
            continue
        if task.has_state(TaskState.COMPLETED):
            completed.append(element)
        elif task.has_state(TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR):
            active.append(element)
        else:
            continue
        parent = _bpmn_ancestor(task)
        if parent is not None and parent.has_state(TaskState.COMPLETED):
            flows.append([parent.task_spec.bpmn_id, element])
    return {"completed": list(dict.fromkeys(completed)), "active": list(dict.fromkeys(active)),
            "flows": [list(pair) for pair in dict.fromkeys(tuple(f) for f in flows)]}
