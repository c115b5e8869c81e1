'use strict';

// Reading a diagram as bpmn-moddle gives it: with SpiffWorkflow's moddle extension the
// extension elements are typed (`values`, `name`), without it (the bpmnlint CLI) they are
// generic (`$children`, `$attrs`, `$body`). These helpers read both.

function is(node, type) {
  return !!node && (typeof node.$instanceOf === 'function' ? node.$instanceOf(type) : node.$type === type);
}

function attr(element, name) {
  if (!element) {
    return undefined;
  }
  if (element[name] !== undefined) {
    return element[name];
  }
  return element.$attrs ? element.$attrs[name] : undefined;
}

function children(element) {
  if (!element) {
    return [];
  }
  return [].concat(element.values || [], element.$children || [], element.properties || []);
}

/** The element's name as the XML has it: `property`, `preScript` (typed: `Property`, `PreScript`). */
function localName(element) {
  const name = String(element.$type || '').split(':').pop();
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The extension elements (`spiffworkflow:*`) of an element, nested ones included. */
function extensions(element) {
  const found = [];
  const stack = children(element.extensionElements);
  while (stack.length) {
    const child = stack.shift();
    found.push(child);
    stack.push(...children(child));
  }
  return found;
}

/** The spiffworkflow:property values of an element: { name: value }. */
function properties(element) {
  const result = {};
  for (const child of extensions(element)) {
    if (localName(child) === 'property') {
      result[attr(child, 'name')] = attr(child, 'value');
    }
  }
  return result;
}

function body(element) {
  if (!element) {
    return undefined;
  }
  if (typeof element === 'string') {
    return element;
  }
  if (element.body !== undefined) {
    return element.body;
  }
  return element.$body !== undefined ? element.$body : element.value;  // typed preScript: `value`
}

/** The id to report on: an element's own, else its nearest parent's that has one. */
function idOf(node) {
  let element = node;
  while (element && !element.id) {
    element = element.$parent;
  }
  return element ? element.id : undefined;
}

module.exports = { idOf, is, attr, children, extensions, properties, body, localName };
