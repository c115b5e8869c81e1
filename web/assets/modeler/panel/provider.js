// The project's properties provider: its groups join bpmn-js-properties-panel's standard ones
// (general, documentation, message, multi-instance cardinality, signal), and its timer group
// replaces the stock one (same fields, plus the human hint).
import { Group } from "@bpmn-io/properties-panel";
import { h } from "@bpmn-io/properties-panel/preact";
import { TextAreaEntry, TextFieldEntry, isTextAreaEntryEdited, isTextFieldEntryEdited } from "@bpmn-io/properties-panel";
import { useService } from "bpmn-js-properties-panel";
import { is } from "bpmn-js/lib/util/ModelUtil";
import { getBody, setBody } from "./model.js";
import { projectEntries, returnEntries } from "./project.js";
import { callEntries, conditionEntries, multiEntries, scriptEntries, timerEntries } from "./bpmn.js";

function Body({ element, id, type, label, area }) {
  const [injector, t, debounce] = ["injector", "translate", "debounceInput"].map(useService);
  return h(area ? TextAreaEntry : TextFieldEntry, { element, id, label: t(label), debounce, monospace: area,
    getValue: () => getBody(element, type), setValue: (v) => setBody(injector, element, type, v) });
}

function messageEntries(element) {
  const entries = [];
  if (is(element, "bpmn:ReceiveTask") || is(element, "bpmn:IntermediateCatchEvent") || is(element, "bpmn:BoundaryEvent")
      || is(element, "bpmn:StartEvent")) {
    const messages = (element.businessObject.eventDefinitions || []).some((d) => is(d, "bpmn:MessageEventDefinition"));
    if (messages || is(element, "bpmn:ReceiveTask")) {
      entries.push({ id: "dz-message-variable", component: Body, type: "spiffworkflow:MessageVariable",
        label: "Message variable", isEdited: isTextFieldEntryEdited });
    }
  }
  return entries;
}

function scriptHooks(element) {
  const entries = [];
  if (is(element, "bpmn:Task")) {
    entries.push({ id: "dz-pre-script", component: Body, type: "spiffworkflow:PreScript", label: "Script before", area: true, isEdited: isTextAreaEntryEdited },
                 { id: "dz-post-script", component: Body, type: "spiffworkflow:PostScript", label: "Script after", area: true, isEdited: isTextAreaEntryEdited });
  }
  return entries;
}

// Entries that belong beside a standard group's join it (or stand as their own group).
function joinStandard(groups, id, mine) {
  if (!mine) return;
  const at = groups.findIndex((g) => g.id === id);
  if (at >= 0) groups[at] = { ...groups[at], entries: [...groups[at].entries, ...mine.entries] };
  else groups.push(mine);
}

function group(id, label, entries) {
  return entries.length ? { id, label, entries, component: Group } : null;
}

export default class ZoneProperties {
  static $inject = ["propertiesPanel", "translate", "config.zoneProperties"];

  constructor(propertiesPanel, translate, data) {
    this.t = translate;
    this.data = data;
    propertiesPanel.registerProvider(400, this);
  }

  getGroups(element) {
    return (groups) => {
      const { t, data } = this;
      const standard = groups.filter((g) => g.id !== "timer");
      const ours = [
        group("dz-project", t("Demonstration zone"), projectEntries(element, data)),
        group("dz-return", t("Send back to"), returnEntries(element)),
        group("dz-timer", t("Timer"), timerEntries(element, data)),
        group("dz-condition", t("Condition"), conditionEntries(element)),
        group("dz-script", t("Script"), [...scriptEntries(element), ...scriptHooks(element)]),
        group("dz-call", t("Called process"), callEntries(element, data)),
      ].filter(Boolean);
      const general = standard.findIndex((g) => g.id === "documentation");
      standard.splice(general + 1, 0, ...ours);
      joinStandard(standard, "multiInstance", group("dz-multi", t("Multi-instance"), multiEntries(element)));
      joinStandard(standard, "message", group("dz-message", t("Message"), messageEntries(element)));
      return standard;
    };
  }
}
