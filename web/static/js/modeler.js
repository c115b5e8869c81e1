// The modeler (the bundle's bpmn-js with its properties panel and token simulation, or dmn-js,
// whichever the page loaded): edit a diagram, then check and deploy it as the next version, or
// save it into the process's draft (its diff and deploy on the draft page).
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
      show(body.error.fields.element);
    }
  });
  function show(ids) {  // the element the server names: selected, and scrolled into view
    const element = ids && modeler.get ? modeler.get("elementRegistry").get(ids[0]) : null;
    if (!element) return;
    modeler.get("selection").select(element);
    modeler.get("canvas").scrollToElement(element, { top: 120, bottom: 120, left: 200, right: 200 });
  }
  const save = document.getElementById("save-draft");
  if (save) save.addEventListener("click", async () => {  // into the draft: nothing is deployed
    const { xml } = await modeler.saveXML({ format: true });
    const response = await fetch(data.draft_files_url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json",
                 "X-CSRFToken": document.querySelector("meta[name=csrf-token]").content },
      body: JSON.stringify({ files: { [data.file]: xml } }) });
    const body = await response.json();
    result.replaceChildren();
    if (response.ok) {
      result.className = "notice";
      const link = document.createElement("a");
      link.href = body.draft_url;
      link.textContent = data.messages.open_draft;
      result.append(data.messages.saved + " " + body.saved.join(", ") + " ", link);
    } else {
      result.className = "error";
      result.textContent = body.error.message;
      show(body.error.fields.element);
    }
  });
})();
