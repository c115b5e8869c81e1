// Standard BPMN settings the stock provider leaves out for plain BPMN: timer expressions with
// a human hint, sequence-flow conditions, scripts, multi-instance collections, called process.
import { h } from "@bpmn-io/properties-panel/preact";
import { SelectEntry, TextAreaEntry, TextFieldEntry, isSelectEntryEdited,
  isTextAreaEntryEdited, isTextFieldEntryEdited } from "@bpmn-io/properties-panel";
import { useService } from "bpmn-js-properties-panel";
import { getBusinessObject, is } from "bpmn-js/lib/util/ModelUtil";
import { timerHint } from "./duration.js";

const KINDS = ["timeDuration", "timeDate", "timeCycle"];
const KIND_LABELS = { timeDuration: "Duration", timeDate: "Date", timeCycle: "Cycle" };

function timerOf(element) {
  return (getBusinessObject(element).eventDefinitions || []).find((d) => is(d, "bpmn:TimerEventDefinition"));
}

function kindOf(timer) {
  return KINDS.find((k) => timer[k]) || "";
}

function expression(bpmnFactory, parent, body) {
  const formal = bpmnFactory.create("bpmn:FormalExpression", { body });
  formal.$parent = parent;
  return formal;
}

function update(element, moddleElement, properties) {
  return { element, moddleElement, properties };
}

function TimerKind({ element, id }) {
  const [commandStack, bpmnFactory, t] = ["commandStack", "bpmnFactory", "translate"].map(useService);
  const timer = timerOf(element);
  return h(SelectEntry, { element, id, label: t("Type"), getValue: () => kindOf(timer),
    getOptions: () => KINDS.map((k) => ({ value: k, label: t(KIND_LABELS[k]) })),
    setValue: (kind) => {
      const old = kindOf(timer);
      const body = old ? timer[old].body : "";
      const properties = Object.fromEntries(KINDS.map((k) => [k, undefined]));
      properties[kind] = expression(bpmnFactory, timer, body);
      commandStack.execute("element.updateModdleProperties", update(element, timer, properties));
    } });
}

function TimerValue({ element, id, settings }) {
  const [commandStack, bpmnFactory, t, debounce] = ["commandStack", "bpmnFactory", "translate", "debounceInput"].map(useService);
  const timer = timerOf(element);
  const kind = kindOf(timer) || "timeDuration";
  const current = timer[kind] ? timer[kind].body || "" : "";
  return h(TextFieldEntry, { element, id, label: t("Expression"), debounce,
    description: timerHint(kind, current, settings, t) || t("Python expression: a quoted ISO 8601 literal (\"P15D\") or a variable"),
    getValue: () => (timer[kind] ? timer[kind].body || "" : ""),
    setValue: (body) => {
      if (timer[kind]) commandStack.execute("element.updateModdleProperties", update(element, timer[kind], { body }));
      else commandStack.execute("element.updateModdleProperties",
        update(element, timer, { [kind]: expression(bpmnFactory, timer, body) }));
    } });
}

export function timerEntries(element, data) {
  if (!timerOf(element)) return [];
  return [{ id: "dz-timer-kind", component: TimerKind, isEdited: isSelectEntryEdited },
          { id: "dz-timer-value", component: TimerValue, settings: data.settings, isEdited: isTextFieldEntryEdited }];
}

function Condition({ element, id }) {
  const [commandStack, bpmnFactory, t, debounce] = ["commandStack", "bpmnFactory", "translate", "debounceInput"].map(useService);
  const bo = getBusinessObject(element);
  return h(TextAreaEntry, { element, id, label: t("Condition"), debounce, monospace: true,
    getValue: () => (bo.conditionExpression ? bo.conditionExpression.body || "" : ""),
    setValue: (body) => {
      const properties = !body ? { conditionExpression: undefined }
        : bo.conditionExpression ? null : { conditionExpression: expression(bpmnFactory, bo, body) };
      if (properties) commandStack.execute("element.updateModdleProperties", update(element, bo, properties));
      else commandStack.execute("element.updateModdleProperties", update(element, bo.conditionExpression, { body }));
    } });
}

export function conditionEntries(element) {
  if (!is(element, "bpmn:SequenceFlow")) return [];
  const source = getBusinessObject(element).sourceRef;
  const conditional = getBusinessObject(element).conditionExpression
    || (is(source, "bpmn:ExclusiveGateway") || is(source, "bpmn:InclusiveGateway"));
  return conditional ? [{ id: "dz-condition", component: Condition, isEdited: isTextAreaEntryEdited }] : [];
}

function Attr({ element, id, target, attr, label, area, choices }) {
  const [commandStack, t, debounce] = ["commandStack", "translate", "debounceInput"].map(useService);
  const owner = target(element);
  const common = { element, id, label: t(label), getValue: () => owner[attr] || "",
    setValue: (v) => commandStack.execute("element.updateModdleProperties",
      update(element, owner, { [attr]: v || undefined })) };
  if (choices) {
    const values = choices(element);
    if (owner[attr] && !values.includes(owner[attr])) values.unshift(owner[attr]);
    return h(SelectEntry, { ...common, getOptions: () => [{ value: "", label: t("(none)") },
      ...values.map((v) => ({ value: v, label: v }))] });
  }
  return h(area ? TextAreaEntry : TextFieldEntry, { ...common, debounce, monospace: area });
}

const self = (element) => getBusinessObject(element);

export function scriptEntries(element) {
  if (!is(element, "bpmn:ScriptTask")) return [];
  return [{ id: "dz-script-format", component: Attr, target: self, attr: "scriptFormat", label: "Script format", isEdited: isTextFieldEntryEdited },
          { id: "dz-script", component: Attr, target: self, attr: "script", label: "Script", area: true, isEdited: isTextAreaEntryEdited }];
}

export function callEntries(element, data) {
  if (!is(element, "bpmn:CallActivity")) return [];
  return [{ id: "dz-called", component: Attr, target: self, attr: "calledElement", label: "Called process",
    choices: () => [...data.processes], isEdited: isSelectEntryEdited }];
}

function loop(element) {
  const characteristics = getBusinessObject(element).loopCharacteristics;
  return is(characteristics, "bpmn:MultiInstanceLoopCharacteristics") ? characteristics : null;
}

function dataObjects(element) {
  let parent = getBusinessObject(element).$parent;
  while (parent && !parent.flowElements) parent = parent.$parent;
  return ((parent && parent.flowElements) || []).filter((e) => is(e, "bpmn:DataObject"));
}

function Ref({ element, id, attr, label }) {
  const [commandStack, t] = ["commandStack", "translate"].map(useService);
  const mi = loop(element);
  const objects = dataObjects(element);
  return h(SelectEntry, { element, id, label: t(label), getValue: () => (mi[attr] ? mi[attr].id : ""),
    getOptions: () => [{ value: "", label: t("(none)") }, ...objects.map((o) => ({ value: o.id, label: o.name ? `${o.name} (${o.id})` : o.id }))],
    setValue: (v) => commandStack.execute("element.updateModdleProperties",
      update(element, mi, { [attr]: objects.find((o) => o.id === v) })) });
}

function Item({ element, id, attr, label }) {
  const [commandStack, bpmnFactory, t, debounce] = ["commandStack", "bpmnFactory", "translate", "debounceInput"].map(useService);
  const mi = loop(element);
  return h(TextFieldEntry, { element, id, label: t(label), debounce, getValue: () => (mi[attr] ? mi[attr].name || mi[attr].id : ""),
    setValue: (name) => {
      if (!name) return commandStack.execute("element.updateModdleProperties", update(element, mi, { [attr]: undefined }));
      if (mi[attr]) return commandStack.execute("element.updateModdleProperties", update(element, mi[attr], { name, id: name }));
      const item = bpmnFactory.create(attr === "outputDataItem" ? "bpmn:DataOutput" : "bpmn:DataInput", { id: name, name });
      item.$parent = mi;
      return commandStack.execute("element.updateModdleProperties", update(element, mi, { [attr]: item }));
    } });
}

export function multiEntries(element) {
  if (!loop(element)) return [];
  return [{ id: "dz-mi-input", component: Ref, attr: "loopDataInputRef", label: "Collection", isEdited: isSelectEntryEdited },
          { id: "dz-mi-item", component: Item, attr: "inputDataItem", label: "Element variable", isEdited: isTextFieldEntryEdited },
          { id: "dz-mi-output", component: Ref, attr: "loopDataOutputRef", label: "Output collection", isEdited: isSelectEntryEdited },
          { id: "dz-mi-out-item", component: Item, attr: "outputDataItem", label: "Output element", isEdited: isTextFieldEntryEdited }];
}
