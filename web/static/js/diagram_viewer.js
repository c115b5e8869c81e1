// A deployed version's diagram, read-only (bpmn-js viewer).
(() => {
  const { xml } = JSON.parse(document.getElementById("diagram-data").textContent);
  const viewer = new BpmnJS({ container: "#canvas" });
  viewer.importXML(xml).then(() => viewer.get("canvas").zoom("fit-viewport"));
})();
