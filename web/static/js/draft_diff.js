// The draft's diagram (bpmn-js viewer) with the elements it adds and changes marked; the
// table beside it lists them, and removed ones, as the server computed them.
(() => {
  const { xml, marks } = JSON.parse(document.getElementById("diff-data").textContent);
  const container = document.getElementById("canvas");
  if (!xml) { container.hidden = true; return; }
  const viewer = new BpmnJS({ container });
  viewer.importXML(xml).then(() => {
    const canvas = viewer.get("canvas"), registry = viewer.get("elementRegistry");
    const mark = (id, cls) => { if (registry.get(id)) canvas.addMarker(id, cls); };
    marks.added.forEach(id => mark(id, "diff-added"));
    marks.changed.forEach(id => mark(id, "diff-changed"));
    canvas.zoom("fit-viewport");
    container.dataset.ready = "yes";
  }).catch(err => { container.textContent = err.message; });
  // a row of the table selects its element on the diagram
  document.querySelectorAll("#diff-table tr[data-element]").forEach(row => row.addEventListener("click", () => {
    const element = viewer.get("elementRegistry").get(row.dataset.element);
    if (element) viewer.get("canvas").scrollToElement(element);
  }));
})();
