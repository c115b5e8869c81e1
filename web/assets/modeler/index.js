// The BPMN modeler of the definitions pages, bundled by esbuild (`make assets`): bpmn-js with
// the properties panel (the project's `spiffworkflow:` properties, panel/) and the token
// simulation and the live checks (lint/), for web/static/js/modeler.js to drive (window.DzModeler).
import Modeler from "bpmn-js/lib/Modeler";
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from "bpmn-js-properties-panel";
import TokenSimulationModule from "bpmn-js-token-simulation";
import spiffworkflow from "./spiffworkflow.json";
import { keepUnknown } from "./lenient.js";
import { translator } from "./panel/labels.js";
import ZoneProperties from "./panel/provider.js";
import { lintMarksModule, lintModule, lintOptions } from "./lint/index.js";

const zoneModule = { __init__: ["zoneProperties"], zoneProperties: ["type", ZoneProperties] };

function create(data) {
  const translate = translator(data.lang);
  const modeler = new Modeler({
    container: "#canvas",
    propertiesPanel: { parent: "#properties" },
    zoneProperties: data.panel,
    linting: lintOptions(data.panel.forms),
    moddleExtensions: { spiffworkflow },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, zoneModule,
      TokenSimulationModule, lintModule, lintMarksModule, { translate: ["value", translate] }],
  });
  keepUnknown(modeler.get("moddle"), "spiffworkflow");
  return modeler;
}

window.DzModeler = { create };
