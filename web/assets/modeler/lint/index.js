// Live checks in the modeler: bpmnlint (bpmn-js-bpmnlint draws the marks) with the rules of
// .bpmnlintrc — bpmnlint's recommended set and the project's plugin — the form-exists rule
// given the forms the page knows (the deployed ones and the draft's, web/pages/modeler_panel.py).
import StaticResolver from "bpmnlint/lib/resolver/static-resolver";
import lintModule from "bpmn-js-bpmnlint";
import settings from "../../../../.bpmnlintrc" with { type: "json" };
import { cache } from "./rules.js";

export function lintOptions(forms) {
  const rules = { ...settings.rules, "zone/form-exists": ["error", { forms: forms || [] }] };
  return { active: true, bpmnlint: { config: { extends: settings.extends, rules },
                                     resolver: new StaticResolver(cache()) } };
}

export { lintModule };

// Besides bpmn-js-bpmnlint's icons, the marked elements are outlined (modeler.css):
// `lint-error` or `lint-warning` on each element an issue names, renewed after every run.
function LintMarks(eventBus, canvas, elementRegistry) {
  let marked = [];
  eventBus.on("linting.completed", ({ issues }) => {
    for (const [id, marker] of marked) canvas.removeMarker(id, marker);
    marked = [];
    for (const [id, found] of Object.entries(issues)) {
      if (!elementRegistry.get(id)) continue;
      const marker = found.some(issue => issue.category === "error") ? "lint-error" : "lint-warning";
      canvas.addMarker(id, marker);
      marked.push([id, marker]);
    }
    canvas.getContainer().dataset.lintIssues = String(Object.keys(issues).length);  // for the tests
  });
}
LintMarks.$inject = ["eventBus", "canvas", "elementRegistry"];

export const lintMarksModule = { __init__: ["lintMarks"], lintMarks: ["type", LintMarks] };
