// A case's diagram (bpmn-js viewer): completed and active elements and the flows taken, marked.
(() => {
  const { xml, marks } = JSON.parse(document.getElementById("diagram-data").textContent);
  const container = document.getElementById("canvas");
  const viewer = new BpmnJS({ container });
  viewer.importXML(xml).then(() => {
    const canvas = viewer.get("canvas"), registry = viewer.get("elementRegistry");
    const mark = (id, cls) => { if (registry.get(id)) canvas.addMarker(id, cls); };
    marks.completed.forEach(id => mark(id, "done"));
    marks.active.forEach(id => mark(id, "active"));
    const pairs = new Set(marks.flows.map(([a, b]) => a + ">" + b));
    registry.filter(e => e.type === "bpmn:SequenceFlow").forEach(flow => {
      if (pairs.has(flow.source.id + ">" + flow.target.id)) canvas.addMarker(flow.id, "taken");
    });
    canvas.zoom("fit-viewport");
    container.dataset.ready = "yes";
  }).catch(err => { container.textContent = err.message; });
})();
