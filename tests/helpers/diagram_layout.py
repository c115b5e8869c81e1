"""Where bpmn-js draws a diagram's parts, read from the rendered SVG in diagram coordinates,
and what would make a drawing hard to read: an external label (of an event, gateway, flow)
over a shape, across a flow or over another label, or outside its lane; a flow through a
shape or along another flow (but where a fork's or a merge's flows share their way); a
task's name out of its box; a shape outside its lane."""
from itertools import pairwise

from lxml import etree

NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
GAP = 2  # nearer than this, a label reads as touching a shape, a flow or a lane's border

# Run in the page once bpmn-js has drawn into #canvas: boxes [x1, y1, x2, y2] of every
# external label's text, every shape and every name inside a shape; the points of every flow.
MEASURE = """() => {
  // Boxes in diagram coordinates: every external label's text, every shape, every flow's points.
  const viewport = document.querySelector('#canvas .viewport');
  const back = viewport.getScreenCTM().inverse();
  const svg = viewport.ownerSVGElement;
  const toDiagram = (x, y) => { const p = svg.createSVGPoint(); p.x = x; p.y = y; const q = p.matrixTransform(back); return [q.x, q.y]; };
  const box = r => { const [x1, y1] = toDiagram(r.left, r.top), [x2, y2] = toDiagram(r.right, r.bottom); return [x1, y1, x2, y2]; };
  const out = { labels: {}, shapes: {}, flows: {}, texts: {} };
  for (const g of document.querySelectorAll('#canvas .djs-element[data-element-id]')) {
    const id = g.getAttribute('data-element-id');
    const visual = g.querySelector(':scope > .djs-visual');
    if (!visual) continue;
    if (g.classList.contains('djs-connection')) {
      const path = visual.querySelector(':scope > path, :scope > polyline');
      const m = path.getScreenCTM();
      const nums = (path.getAttribute('d') || path.getAttribute('points')).match(/-?[0-9.]+/g).map(Number);
      const pts = [];
      for (let k = 0; k + 1 < nums.length; k += 2) { const p = svg.createSVGPoint(); p.x = nums[k]; p.y = nums[k + 1]; const s = p.matrixTransform(m); pts.push(toDiagram(s.x, s.y)); }
      out.flows[id] = pts;
    } else if (id.endsWith('_label')) {
      const text = visual.querySelector('text');
      if (text && text.textContent.trim()) out.labels[id] = box(text.getBoundingClientRect());
    } else {
      const shape = visual.firstElementChild;
      if (shape) out.shapes[id] = box(shape.getBoundingClientRect());
      const text = visual.querySelector('text');
      if (text && text.textContent.trim()) out.texts[id] = box(text.getBoundingClientRect());
    }
  }
  return out;
}"""


def _overlap(a, b, gap=0):
    return a[0] - gap < b[2] and b[0] - gap < a[2] and a[1] - gap < b[3] and b[1] - gap < a[3]


def _inside(box, outer, gap=0):
    return (box[0] >= outer[0] + gap and box[1] >= outer[1] + gap
            and box[2] <= outer[2] - gap and box[3] <= outer[3] - gap)


def _crosses(box, p, q, gap=0):
    """Whether the segment p–q passes through the box (grown by gap): Liang–Barsky clipping."""
    x1, y1, x2, y2 = box[0] - gap, box[1] - gap, box[2] + gap, box[3] + gap
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in ((-dx, p[0] - x1), (dx, x2 - p[0]), (-dy, p[1] - y1), (dy, y2 - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _shared(p, q, r, t) -> float:
    """How long two axis-parallel segments run along the same line (0 when they do not)."""
    if abs(p[1] - q[1]) < 1 and abs(r[1] - t[1]) < 1 and abs(p[1] - r[1]) < 1:
        lo, hi = max(min(p[0], q[0]), min(r[0], t[0])), min(max(p[0], q[0]), max(r[0], t[0]))
        return max(0.0, hi - lo)
    if abs(p[0] - q[0]) < 1 and abs(r[0] - t[0]) < 1 and abs(p[0] - r[0]) < 1:
        lo, hi = max(min(p[1], q[1]), min(r[1], t[1])), min(max(p[1], q[1]), max(r[1], t[1]))
        return max(0.0, hi - lo)
    return 0.0


def _segments(points):
    return list(pairwise(points))


def ends(xml: bytes, hosts: bool = True) -> dict[str, set[str]]:
    """The shapes each flow may touch: its source and target (and the task a boundary event sits on)."""
    root = etree.fromstring(xml)
    attached = {e.get("id"): e.get("attachedToRef") for e in root.iterfind(".//bpmn:boundaryEvent", NS)} if hosts else {}
    found = {}
    for flow in root.iterfind(".//bpmn:sequenceFlow", NS):
        touching = {flow.get("sourceRef"), flow.get("targetRef")}
        found[flow.get("id")] = touching | {attached[e] for e in touching if e in attached}
    return found


def containers(xml: bytes) -> tuple[set[str], dict[str, str]]:
    """The ids of pools and lanes (not shapes a label must keep clear of), and each flow node's lane."""
    root = etree.fromstring(xml)
    pools = {e.get("id") for e in root.iterfind(".//bpmn:participant", NS)}
    lanes = {e.get("id") for e in root.iterfind(".//bpmn:lane", NS)}
    lane_of = {ref.text.strip(): lane.get("id") for lane in root.iterfind(".//bpmn:lane", NS)
               for ref in lane.iterfind("bpmn:flowNodeRef", NS)}
    return pools | lanes, lane_of


def problems(measured: dict, xml: bytes) -> list[str]:
    skip, lane_of = containers(xml)
    shapes = {k: v for k, v in measured["shapes"].items() if k not in skip}
    lanes = {lane: measured["shapes"][lane] for lane in set(lane_of.values()) if lane in measured["shapes"]}
    found = []
    for label, box in measured["labels"].items():
        for shape, other in shapes.items():
            if _overlap(box, other, GAP):
                found.append(f"label {label} overlaps shape {shape}")
        for flow, points in measured["flows"].items():
            if any(_crosses(box, p, q, GAP) for p, q in _segments(points)):
                found.append(f"label {label} crosses flow {flow}")
        for other, other_box in measured["labels"].items():
            if other < label and _overlap(box, other_box):
                found.append(f"label {label} overlaps label {other}")
        owner = label[:-len("_label")]
        allowed = [lanes[lane_of[owner]]] if lane_of.get(owner) in lanes else list(lanes.values())
        if allowed and not any(_inside(box, outer, GAP) for outer in allowed):
            found.append(f"label {label} is not inside {'its lane' if owner in lane_of else 'a lane'}")
    for flow, touching in ends(xml).items():
        points = measured["flows"].get(flow, [])
        for shape, box in shapes.items():
            inner = (box[0] + GAP, box[1] + GAP, box[2] - GAP, box[3] - GAP)
            if shape not in touching and any(_crosses(inner, p, q) for p, q in _segments(points)):
                found.append(f"flow {flow} runs through shape {shape}")
    flows, touching = sorted(measured["flows"].items()), ends(xml, hosts=False)
    for k, (flow, points) in enumerate(flows):
        for other, other_points in flows[k + 1:]:
            if touching.get(flow, set()) & touching.get(other, set()):
                continue  # a fork's or a merge's flows may share their way out or in
            if any(_shared(p, q, r, t) > 6 for p, q in _segments(points) for r, t in _segments(other_points)):
                found.append(f"flows {flow} and {other} run along the same line")
    for shape, text in measured["texts"].items():
        if shape in shapes and not _inside(text, shapes[shape], -1):
            found.append(f"name of {shape} runs out of its box")
    for shape, lane in lane_of.items():
        if shape in shapes and lane in lanes and not _inside(shapes[shape], lanes[lane]):
            found.append(f"{shape} is not inside its lane {lane}")
    return found
