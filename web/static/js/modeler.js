// The modeler (the bundle's bpmn-js with its properties panel and token simulation, or dmn-js,
// whichever the page loaded): edit a diagram, then check and deploy it as the next version.
// `window.modeler` stays reachable for the browser tests.
(() => {
  const data = JSON.parse(document.getElementById("modeler-data").textContent);
  const result = document.getElementById("result");
  const modeler = window.modeler = data.kind === "bpmn"
    ? window.DzModeler.create(data) : new DmnJS({ container: "#canvas" });
  modeler.importXML(data.xml).then((imported) => {
    const drawn = document.getElementById("canvas");  // for the browser tests
    drawn.dataset.warnings = String((imported.warnings || []).length);
    drawn.dataset.ready = "yes";
    const canvas = modeler.get ? modeler.get("canvas") : null;
    if (canvas) canvas.zoom("fit-viewport");
    if (canvas && data.kind === "bpmn") {  // room on the left for the palette and the simulation switch
      const box = canvas.viewbox();
      const margin = 150 / box.scale;
      canvas.viewbox({ x: box.x - margin, y: box.y - margin / 3, width: box.width + margin,
                       height: box.height + margin / 3 });
    }
  });
  document.getElementById("deploy").addEventListener("click", async () => {
    const { xml } = await modeler.saveXML({ format: true });
    const response = await fetch(data.deploy_url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json",
                 "X-CSRFToken": document.querySelector("meta[name=csrf-token]").content },
      body: JSON.stringify({ files: { [data.file]: xml } }) });
    const body = await response.json();
    if (response.ok) {
      result.className = "";
      result.textContent = body.created.length
        ? data.messages.deployed + " " + body.created.map(d => d.key + " v" + d.version).join(", ")
        : data.messages.unchanged;
    } else {
      result.className = "error";
      result.textContent = body.error.message;
      const element = (body.error.fields.element || [])[0];
      if (element && modeler.get) {
        try { modeler.get("selection").select(modeler.get("elementRegistry").get(element)); } catch (e) {}
      }
    }
  });
})();
