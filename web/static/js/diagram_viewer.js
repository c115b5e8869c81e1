// A deployed version's diagram, read-only (bpmn-js viewer). The container keeps the viewer
// (`canvas.viewer`) and says when the drawing is done (data-ready), for the browser tests.
(() => {
  const { xml } = JSON.parse(document.getElementById("diagram-data").textContent);
  const container = document.getElementById("canvas");
  const viewer = new BpmnJS({ container });
  container.viewer = viewer;
  viewer.importXML(xml).then(() => {
    viewer.get("canvas").zoom("fit-viewport");
    container.dataset.ready = "yes";
  }).catch(err => { container.textContent = err.message; });
})();
