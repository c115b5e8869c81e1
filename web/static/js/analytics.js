// Process analytics on the diagram (bpmn-js viewer): a heat colour per element by the chosen
// measure (median or p90 days, five classes over the largest value), the figure beside it,
// and the number of cases on every flow taken.
(() => {
  const data = JSON.parse(document.getElementById("analytics-data").textContent);
  const container = document.getElementById("canvas");
  const select = document.getElementById("heat-measure");
  const scale = document.getElementById("heat-scale");
  const figures = {};
  [...data.containers, ...data.items].forEach(i => { figures[i.element] = i; });
  const viewer = new BpmnJS({ container });
  viewer.importXML(data.xml).then(() => {
    const canvas = viewer.get("canvas"), registry = viewer.get("elementRegistry"), overlays = viewer.get("overlays");
    const classes = ["heat-0", "heat-1", "heat-2", "heat-3", "heat-4", "heat-5"];
    const draw = () => {
      const measure = select.value;
      overlays.remove({ type: "step-figure" });
      // every step of the drawing is coloured: one nobody reached yet shows "no data"
      const present = registry.filter(e => e.type === "bpmn:UserTask" || e.type === "bpmn:CallActivity"
        || figures[e.id]).map(e => e.id);
      const top = Math.max(0, ...present.map(id => (figures[id] || {})[measure] || 0));
      present.forEach(id => {
        classes.forEach(c => canvas.removeMarker(id, c));
        const figure = figures[id] || { waiting_now: 0 };
        const value = figure[measure];
        const level = value === null || value === undefined ? 0 : Math.max(1, Math.ceil(5 * value / (top || 1)));
        canvas.addMarker(id, classes[level]);
        const note = document.createElement("span");
        note.className = "step-figure";
        note.textContent = (value === null || value === undefined ? "—" : value + " d") + " · " + figure.waiting_now;
        overlays.add(id, "step-figure", { position: { bottom: 0, right: 0 }, html: note });
      });
      scale.textContent = top ? "0 – " + top + " d" : "";
    };
    data.flows.forEach(flow => {
      if (!registry.get(flow.id)) return;
      const badge = document.createElement("span");
      badge.className = "flow-count";
      badge.textContent = String(flow.taken);
      overlays.add(flow.id, "flow-count", { position: { top: -10, left: 0 }, html: badge });
    });
    draw();
    select.addEventListener("change", draw);
    canvas.zoom("fit-viewport");
    container.dataset.ready = "yes";
  }).catch(err => { container.textContent = err.message; });
})();
