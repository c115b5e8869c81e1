"""Which sequence flows a case took, without reading SpiffWorkflow's task history.

A case's completed user tasks, in order, are mapped onto the diagram: between two consecutive
steps the case took the shortest path through the elements that are not user tasks
(gateways, events, script tasks, call activities into their called processes and out again,
boundary events of the step or of the call activity it sits in). The graph is read from the
XML deployed with the definition version (its flow ids are what bpmn-js draws; the parsed
spec keeps targets but not the flows' ids).
"""
from collections import deque
from functools import lru_cache
from typing import Any

from engine.runtime import trail
from engine.runtime.xmlsafe import parse
from models import ProcessDefinition

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
START = "<start>"  # where every case begins: the main process's start events
END = "<end>"  # + a final stage: where a closed case ended (end events of the main process with that `stage`)
Node = tuple[str, str]  # (process id, element id); an exit node of a call activity ends in "#out"


class Graph:
    def __init__(self) -> None:
        self.edges: dict[Node, list[tuple[str | None, Node]]] = {}
        self.user_tasks: dict[str, Node] = {}   # element id → node (first process that has it)
        self.waits: dict[str, Node] = {}        # intermediate catch events and receive tasks, likewise
        self.names: dict[str, str] = {}        # element id → name, for every element
        self.owner: dict[str, str] = {}        # user task or wait → the element of the main diagram holding it
        self.ends: dict[str, set[Node]] = {}   # final stage → the main process's end events with it

    def add(self, source: Node, target: Node, flow: str | None = None) -> None:
        self.edges.setdefault(source, []).append((flow, target))


def _processes(definition: ProcessDefinition) -> dict[str, Any]:
    found = {}
    for name, xml in trail.sources(definition).items():
        if name.endswith(".bpmn"):
            for process in parse(xml.encode("utf-8"), name).iter(f"{BPMN}process"):
                found[process.get("id")] = process
    # a version carries every file deployed with it: keep its process and those it calls
    keep, todo = set(), [definition.key]
    while todo:
        pid = todo.pop()
        if pid in keep or pid not in found:
            continue
        keep.add(pid)
        todo.extend(el.get("calledElement") for el in found[pid] if el.tag == f"{BPMN}callActivity")
    return {pid: found[pid] for pid in keep}


def _plain_start(el: Any) -> bool:
    """A start event without a trigger (timer, message): where a call enters its process."""
    return el.tag == f"{BPMN}startEvent" and not any(str(c.tag).endswith("EventDefinition") for c in el)


def build(definition: ProcessDefinition) -> Graph:
    """The combined graph of the definition's process and the processes it calls."""
    processes, graph = _processes(definition), Graph()
    calls: dict[str, list[tuple[str, str]]] = {}  # called process → [(caller process, call activity)]
    for pid, process in processes.items():
        kinds = {el.get("id"): el.tag for el in process}
        for el in process:
            if el.get("id"):
                graph.names.setdefault(el.get("id"), el.get("name") or el.get("id"))
            if el.tag == f"{BPMN}userTask":
                graph.user_tasks.setdefault(el.get("id"), (pid, el.get("id")))
            elif el.tag in (f"{BPMN}intermediateCatchEvent", f"{BPMN}receiveTask"):
                graph.waits.setdefault(el.get("id"), (pid, el.get("id")))
            elif el.tag == f"{BPMN}callActivity":
                calls.setdefault(el.get("calledElement"), []).append((pid, el.get("id")))
            elif el.tag == f"{BPMN}sequenceFlow":
                src = el.get("sourceRef")
                if kinds.get(src) == f"{BPMN}callActivity":
                    src += "#out"  # leaving a call activity: after its called process ended
                graph.add((pid, src), (pid, el.get("targetRef")), el.get("id"))
            elif el.tag == f"{BPMN}boundaryEvent":
                host = el.get("attachedToRef")
                graph.add((pid, host), (pid, el.get("id")))
    for called, callers in calls.items():
        if called not in processes:
            continue
        inner = processes[called]
        for caller, activity in callers:
            for el in inner:
                if _plain_start(el):
                    graph.add((caller, activity), (called, el.get("id")))
                elif el.tag == f"{BPMN}endEvent":
                    graph.add((called, el.get("id")), (caller, activity + "#out"))
            # a boundary event of the call activity interrupts whatever step runs inside
            for target in [t for f, t in graph.edges.get((caller, activity), []) if f is None
                           and t[1] != activity and t[0] == caller]:
                for el in inner:
                    if el.tag == f"{BPMN}userTask":
                        graph.add((called, el.get("id")), target)
    _owners(graph, processes, calls, definition.key)
    return graph


def _owners(graph: Graph, processes: dict[str, Any], calls: dict[str, list[tuple[str, str]]], main: str) -> None:
    """Each user task's and wait's element on the main diagram: itself, or the call activity it runs in."""
    def top(pid: str, element: str, depth: int = 0) -> str:
        if pid == main or depth > 10 or pid not in calls:
            return element
        caller, activity = calls[pid][0]
        return top(caller, activity, depth + 1)
    for element, (pid, _) in [*graph.user_tasks.items(), *graph.waits.items()]:
        graph.owner[element] = top(pid, element)
    for el in processes.get(main, ()):
        if _plain_start(el):
            graph.add((main, START), (main, el.get("id")))
        elif el.tag == f"{BPMN}endEvent":
            for prop in el.iter("{*}property"):
                if prop.get("name") == "stage":
                    graph.ends.setdefault(prop.get("value"), set()).add((main, el.get("id")))


def path(graph: Graph, source: str, target: str, main: str) -> list[str] | None:
    """The flow ids on the shortest path from user task `source` (or START) to user task
    `target` (or END + a final stage) that passes no other user task; None when there is
    none (parallel steps)."""
    begin = (main, START) if source == START else graph.user_tasks.get(source)
    task = graph.user_tasks.get(target)
    ends = graph.ends.get(target[len(END):], set()) if target.startswith(END) else {task} if task else set()
    if begin is None or not ends:
        return None
    seen = {begin}
    queue: deque[tuple[Node, list[str]]] = deque([(begin, [])])
    while queue:
        node, flows = queue.popleft()
        for flow, nxt in graph.edges.get(node, []):
            if nxt in seen:
                continue
            taken = flows + [flow] if flow else flows
            if nxt in ends:
                return taken
            seen.add(nxt)
            if nxt[1] not in graph.user_tasks:
                queue.append((nxt, taken))
    return None


@lru_cache(maxsize=16)
def _graph(definition_id: int, digest: str) -> Graph:
    from models import db
    return build(db.session.get(ProcessDefinition, definition_id))


def graph_of(definition: ProcessDefinition) -> Graph:
    """The graph of a definition version, built once per process."""
    return _graph(definition.id, definition.hash)


def taken(definition: ProcessDefinition, sequences: list[list[str]]) -> dict[str, int]:
    """How many cases took each flow, from each case's steps in order."""
    graph, counts = graph_of(definition), dict[str, int]()
    cache: dict[tuple[str, str], list[str] | None] = {}
    for steps in sequences:
        used: set[str] = set()
        for a, b in zip([START, *steps], steps, strict=False):
            if (a, b) not in cache:
                cache[a, b] = path(graph, a, b, definition.key)
            used.update(cache[a, b] or ())
        for flow in used:
            counts[flow] = counts.get(flow, 0) + 1
    return counts
