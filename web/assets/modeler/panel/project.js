// The project's `spiffworkflow:property` entries (docs/bpmn-conventions.md): form, stage, due,
// due_working_days, round, assignee, prune_iterations and the send-back targets.
import { h } from "@bpmn-io/properties-panel/preact";
import { CheckboxEntry, SelectEntry, TextFieldEntry, isCheckboxEntryEdited,
  isSelectEntryEdited, isTextFieldEntryEdited } from "@bpmn-io/properties-panel";
import { useService } from "bpmn-js-properties-panel";
import { is } from "bpmn-js/lib/util/ModelUtil";
import { getProperty, setProperty, userTasksBeside } from "./model.js";
import { humanDuration } from "./duration.js";

const STAGED = ["bpmn:UserTask", "bpmn:IntermediateCatchEvent", "bpmn:BoundaryEvent",
  "bpmn:ReceiveTask", "bpmn:EndEvent"];

function options(values, labels, t) {
  return () => [{ value: "", label: t("(none)") }, ...values.map((v) => ({ value: v, label: labels[v] ? `${labels[v]} (${v})` : v }))];
}

function Select(props) {
  const { element, id, name, label, choices } = props;
  const injector = useService("injector");
  const t = useService("translate");
  const current = getProperty(element, name);
  const values = choices.values.includes(current) || !current ? choices.values : [current, ...choices.values];
  return h(SelectEntry, { element, id, label: t(label), getValue: () => getProperty(element, name),
    setValue: (v) => setProperty(injector, element, name, v), getOptions: options(values, choices.labels || {}, t) });
}

function Text(props) {
  const { element, id, name, label, hint } = props;
  const injector = useService("injector");
  const t = useService("translate");
  const debounce = useService("debounceInput");
  const value = getProperty(element, name);
  return h(TextFieldEntry, { element, id, label: t(label), debounce,
    description: hint ? hint(value, t) : undefined,
    getValue: () => getProperty(element, name), setValue: (v) => setProperty(injector, element, name, (v || "").trim()) });
}

function Flag(props) {
  const { element, id, name, label } = props;
  const injector = useService("injector");
  const t = useService("translate");
  return h(CheckboxEntry, { element, id, label: t(label), getValue: () => getProperty(element, name) === "true",
    setValue: (v) => setProperty(injector, element, name, v ? "true" : "") });
}

function targets(element) {
  return getProperty(element, "return_to").split(/[\s,]+/).filter(Boolean);
}

function Target(props) {
  const { element, id, target } = props;
  const injector = useService("injector");
  return h(CheckboxEntry, { element, id, label: `${target.name || target.id} (${target.id})`,
    getValue: () => targets(element).includes(target.id),
    setValue: (on) => {
      const now = targets(element).filter((x) => x !== target.id);
      setProperty(injector, element, "return_to", (on ? [...now, target.id] : now).join(" "));
    } });
}

export function projectEntries(element, data) {
  const entries = [];
  const add = (name, component, extra, isEdited) =>
    entries.push({ id: `dz-${name}`, name, component, isEdited, ...extra });
  if (is(element, "bpmn:UserTask")) {
    add("form", Select, { label: "Form", choices: { values: data.forms } }, isSelectEntryEdited);
  }
  if (STAGED.some((type) => is(element, type))) {
    const stages = is(element, "bpmn:EndEvent") ? [...data.stages, ...data.end_stages] : data.stages;
    add("stage", Select, { label: "Stage", choices: { values: stages.map((s) => s.value),
      labels: Object.fromEntries(stages.map((s) => [s.value, s.label])) } }, isSelectEntryEdited);
  }
  if (!is(element, "bpmn:UserTask")) return entries;
  add("due", Text, { label: "Due", hint: (v, t) => humanDuration(v, t) || "ISO 8601: P10D" }, isTextFieldEntryEdited);
  add("due_working_days", Text, { label: "Due in working days" }, isTextFieldEntryEdited);
  add("round", Select, { label: "Round", choices: { values: ["evaluation"],
    labels: { evaluation: data.words.round_evaluation } } }, isSelectEntryEdited);
  add("assignee", Text, { label: "Assignee variable" }, isTextFieldEntryEdited);
  add("prune_iterations", Flag, { label: "Prune finished iterations" }, isCheckboxEntryEdited);
  return entries;
}

export function returnEntries(element) {
  if (!is(element, "bpmn:UserTask")) return [];
  return userTasksBeside(element).filter((task) => task.id !== element.id).map((target) => ({
    id: `dz-return-${target.id}`, component: Target, target, isEdited: isCheckboxEntryEdited }));
}
