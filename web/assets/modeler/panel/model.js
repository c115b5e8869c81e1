// Reading and writing the diagram's `spiffworkflow:` extension elements through the command
// stack (one undoable step per edit, as the standard entries do).
import { getBusinessObject, is } from "bpmn-js/lib/util/ModelUtil";

const PROPERTIES = "spiffworkflow:Properties";

export function extensions(bo) {
  return (bo.extensionElements && bo.extensionElements.values) || [];
}

export function propertyList(bo) {
  const container = extensions(bo).find((e) => is(e, PROPERTIES));
  return container ? container.properties || [] : [];
}

export function getProperty(element, name) {
  const found = propertyList(getBusinessObject(element)).find((p) => p.name === name);
  return found ? found.value || "" : "";
}

function update(element, moddleElement, properties) {
  return { cmd: "element.updateModdleProperties", context: { element, moddleElement, properties } };
}

// Commands that give the element an extensionElements holding one `type` child, created if
// missing; `then(child)` adds the commands that change that child.
function withChild(element, bpmnFactory, type, attrs, then) {
  const bo = getBusinessObject(element);
  const commands = [];
  let ext = bo.extensionElements;
  if (!ext) {
    ext = bpmnFactory.create("bpmn:ExtensionElements", { values: [] });
    ext.$parent = bo;
    commands.push(update(element, bo, { extensionElements: ext }));
  }
  let child = (ext.values || []).find((e) => is(e, type));
  if (!child) {
    child = bpmnFactory.create(type, attrs);
    child.$parent = ext;
    commands.push(update(element, ext, { values: [...(ext.values || []), child] }));
  }
  return commands.concat(then(child));
}

export function setProperty(injector, element, name, value) {
  const commandStack = injector.get("commandStack");
  const bpmnFactory = injector.get("bpmnFactory");
  const bo = getBusinessObject(element);
  const existing = propertyList(bo).find((p) => p.name === name);
  if (!value) {
    if (!existing) return;
    const container = existing.$parent;
    const left = container.properties.filter((p) => p !== existing);
    const ext = container.$parent;
    commandStack.execute("properties-panel.multi-command-executor", left.length || !ext
      ? [update(element, container, { properties: left })]  // no empty <spiffworkflow:properties /> left behind
      : [update(element, ext, { values: ext.values.filter((e) => e !== container) })]);
    return;
  }
  if (existing) {
    commandStack.execute("element.updateModdleProperties",
      { element, moddleElement: existing, properties: { value } });
    return;
  }
  commandStack.execute("properties-panel.multi-command-executor",
    withChild(element, bpmnFactory, PROPERTIES, { properties: [] }, (container) => {
      const property = bpmnFactory.create("spiffworkflow:Property", { name, value });
      property.$parent = container;
      return [update(element, container, { properties: [...(container.properties || []), property] })];
    }));
}

// Body elements: spiffworkflow:messageVariable, preScript, postScript.
export function getBody(element, type) {
  const found = extensions(getBusinessObject(element)).find((e) => is(e, type));
  return found ? found.value || "" : "";
}

export function setBody(injector, element, type, value) {
  const commandStack = injector.get("commandStack");
  const bpmnFactory = injector.get("bpmnFactory");
  const bo = getBusinessObject(element);
  const found = extensions(bo).find((e) => is(e, type));
  if (!value) {
    if (found) {
      const ext = bo.extensionElements;
      commandStack.execute("properties-panel.multi-command-executor",
        [update(element, ext, { values: ext.values.filter((e) => e !== found) })]);
    }
    return;
  }
  commandStack.execute("properties-panel.multi-command-executor",
    withChild(element, bpmnFactory, type, { value }, (child) =>
      child === found ? [update(element, child, { value })] : []));
}

// The user tasks of the process (or sub-process) that holds the element.
export function userTasksBeside(element) {
  let parent = getBusinessObject(element).$parent;
  while (parent && !is(parent, "bpmn:Process") && !is(parent, "bpmn:SubProcess")) parent = parent.$parent;
  return ((parent && parent.flowElements) || []).filter((e) => is(e, "bpmn:UserTask"));
}
