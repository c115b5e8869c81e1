"""What a draft changes against the deployed version: elements added, removed and changed.

Computed from the parsed XML (engine.runtime.xmlsafe), not from SpiffWorkflow's specs, so
that it sees what an administrator edits: element ids, types, names, lanes, the
`spiffworkflow:` properties and other extension elements, conditions, timer definitions,
scripts, multi-instance settings, called elements, messages — and, for a user task, the
content of the form it names. Each change is an aspect with its value before and after.
"""
import json
from typing import Any

from lxml import etree

from engine.runtime.xmlsafe import parse

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
_CONTAINERS = {"process", "subProcess", "transaction", "adHocSubProcess"}
_SKIPPED = {"laneSet", "extensionElements", "documentation", "incoming", "outgoing",
            "ioSpecification", "property", "dataInputAssociation", "dataOutputAssociation"}
_ATTRIBUTES = ("sourceRef", "targetRef", "attachedToRef", "cancelActivity", "calledElement", "default",
               "messageRef", "scriptFormat", "isInterrupting")
_EVENT_DEFINITIONS = {"timerEventDefinition": "timer", "messageEventDefinition": "message",
                      "signalEventDefinition": "signal", "errorEventDefinition": "error",
                      "escalationEventDefinition": "escalation", "conditionalEventDefinition": "condition",
                      "terminateEventDefinition": "terminate"}


def _local(tag: Any) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""  # a comment or processing instruction
    namespace, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return namespace, name


def _text(node: etree._Element | None) -> str:
    return (node.text or "").strip() if node is not None else ""


def _extensions(node: etree._Element) -> dict[str, str]:
    """The `spiffworkflow:` extension elements: each property, and the others by tag."""
    aspects: dict[str, str] = {}
    extensions = node.find(f"{{{BPMN}}}extensionElements")
    if extensions is None:
        return aspects
    for child in extensions:
        namespace, name = _local(child.tag)
        if name == "properties" and namespace == SPIFF:
            for prop in child.findall(f"{{{SPIFF}}}property"):
                aspects[f"property {prop.get('name')}"] = prop.get("value") or ""
        else:
            inner = "".join(child.itertext()).strip()
            attributes = " ".join(f"{k}={v}" for k, v in sorted(child.attrib.items()))
            aspects[f"extension {name}"] = " ".join(p for p in (attributes, inner) if p)
    return aspects


def _event_definitions(node: etree._Element) -> dict[str, str]:
    aspects = {}
    for child in node:
        namespace, name = _local(child.tag)
        what = _EVENT_DEFINITIONS.get(name) if namespace == BPMN else None
        if what is None:
            continue
        parts = [f"{_local(c.tag)[1]}: {_text(c)}" for c in child if isinstance(c.tag, str) and _text(c)]
        parts += [f"{k}={v}" for k, v in sorted(child.attrib.items()) if k != "id"]
        aspects[what] = "; ".join(parts) or name
    return aspects


def _loop(node: etree._Element) -> str:
    loop = node.find(f"{{{BPMN}}}multiInstanceLoopCharacteristics")
    if loop is None:
        loop = node.find(f"{{{BPMN}}}standardLoopCharacteristics")
    if loop is None:
        return ""
    parts = [f"{k}={v}" for k, v in sorted(loop.attrib.items()) if k != "id"]
    parts += [f"{_local(c.tag)[1]}: {''.join(c.itertext()).strip()}" for c in loop if isinstance(c.tag, str)]
    return f"{_local(loop.tag)[1]} " + "; ".join(parts)


def _aspects(node: etree._Element, lane: str | None) -> dict[str, str]:
    aspects = {"type": _local(node.tag)[1], "name": node.get("name") or ""}
    if lane:
        aspects["lane"] = lane
    for attribute in _ATTRIBUTES:
        if node.get(attribute) is not None:
            aspects[attribute] = node.get(attribute) or ""
    documentation = node.find(f"{{{BPMN}}}documentation")
    if _text(documentation):
        aspects["documentation"] = _text(documentation)
    condition = node.find(f"{{{BPMN}}}conditionExpression")
    if condition is not None:
        aspects["condition"] = _text(condition)
    script = node.find(f"{{{BPMN}}}script")
    if script is not None:
        aspects["script"] = _text(script)
    if _loop(node):
        aspects["multi-instance"] = _loop(node)
    aspects.update(_event_definitions(node))
    aspects.update(_extensions(node))
    return {k: v for k, v in aspects.items() if v != "" or k in ("name", "type")}


def elements(xml: str | bytes, name: str = "diagram.bpmn") -> dict[str, dict[str, str]]:
    """{element id: {aspect: value}} of every flow element, lane and message of a diagram."""
    root = parse(xml.encode("utf-8") if isinstance(xml, str) else xml, name)
    lanes = {}
    for lane in root.iter(f"{{{BPMN}}}lane"):
        for ref in lane.findall(f"{{{BPMN}}}flowNodeRef"):
            lanes[_text(ref)] = lane.get("name") or lane.get("id") or ""
    found: dict[str, dict[str, str]] = {}
    for message in root.findall(f"{{{BPMN}}}message"):
        found[message.get("id") or ""] = {"type": "message", "name": message.get("name") or ""}
    for lane in root.iter(f"{{{BPMN}}}lane"):
        found[lane.get("id") or ""] = {"type": "lane", "name": lane.get("name") or ""}
    stack = list(root.findall(f"{{{BPMN}}}process"))
    while stack:
        container = stack.pop()
        for child in container:
            namespace, local = _local(child.tag)
            if namespace != BPMN or local in _SKIPPED or not child.get("id"):
                continue
            found[child.get("id") or ""] = _aspects(child, lanes.get(child.get("id") or ""))
            if local in _CONTAINERS:
                stack.append(child)
    found.pop("", None)
    return found


def _digest(schema: Any) -> str:
    return json.dumps(schema, sort_keys=True, ensure_ascii=False)


def compare(old_files: dict[str, str], new_files: dict[str, str], old_forms: dict[str, Any],
            new_forms: dict[str, Any]) -> dict[str, Any]:
    """{added, removed, changed: [{id, type, name, file, changes: [{aspect, before, after}]}],
    forms: {added, removed, changed: [form names]}} between two bundles' .bpmn files."""
    def collect(files: dict[str, str]) -> dict[tuple[str, str], dict[str, str]]:
        # by file and id: called processes in other files reuse ids (initial_review)
        return {(name, element): aspects for name, xml in sorted(files.items()) if name.endswith(".bpmn")
                for element, aspects in elements(xml, name).items()}

    before, after = collect(old_files), collect(new_files)
    changed_forms = sorted(f for f in set(old_forms) & set(new_forms) if _digest(old_forms[f]) != _digest(new_forms[f]))

    def row(where: tuple[str, str], aspects: dict[str, str]) -> dict[str, Any]:
        return {"id": where[1], "type": aspects["type"], "name": aspects.get("name", ""), "file": where[0]}

    result: dict[str, Any] = {
        "added": [row(e, after[e]) for e in sorted(set(after) - set(before))],
        "removed": [row(e, before[e]) for e in sorted(set(before) - set(after))], "changed": []}
    for where in sorted(set(before) & set(after)):
        old, new = before[where], after[where]
        changes = [{"aspect": a, "before": old.get(a), "after": new.get(a)}
                   for a in sorted(set(old) | set(new)) if old.get(a) != new.get(a)]
        form = new.get("property form")
        if form in changed_forms and old.get("property form") == form:
            changes.append({"aspect": "form content", "before": form, "after": form})
        if changes:
            result["changed"].append({**row(where, new), "changes": changes})
    result["forms"] = {"added": sorted(set(new_forms) - set(old_forms)),
                       "removed": sorted(set(old_forms) - set(new_forms)), "changed": changed_forms}
    return result
