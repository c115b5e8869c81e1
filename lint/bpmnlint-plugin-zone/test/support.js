'use strict';

// bpmnlint's rule tester (mocha's describe/it) on node's own test runner, and a diagram
// written around a process's elements.
const { describe, it, beforeEach } = require('node:test');

Object.assign(globalThis, { describe, it, beforeEach });

const { verify } = require('bpmnlint/lib/testers/rule-tester');
const { createModdle } = require('bpmnlint/lib/testers/helper');

function diagram(elements, { lanes = '' } = {}) {
  return createModdle(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="defs" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    ${lanes ? `<bpmn:laneSet id="ls">${lanes}</bpmn:laneSet>` : ''}
    ${elements}
  </bpmn:process>
</bpmn:definitions>`);
}

function userTask(id, form, extra = '') {
  const property = form ? `<spiffworkflow:property name="form" value="${form}" />` : '';
  return `<bpmn:userTask id="${id}"><bpmn:extensionElements><spiffworkflow:properties>${property}` +
    `</spiffworkflow:properties>${extra}</bpmn:extensionElements></bpmn:userTask>`;
}

function lane(id, name, refs) {
  return `<bpmn:lane id="${id}" name="${name}">${refs.map(ref => `<bpmn:flowNodeRef>${ref}</bpmn:flowNodeRef>`).join('')}</bpmn:lane>`;
}

function timer(kind, expression) {
  return `<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition id="t">` +
    `<bpmn:${kind} xsi:type="bpmn:tFormalExpression">${expression}</bpmn:${kind}>` +
    '</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>';
}

function gateway(flows, defaultFlow) {
  return `<bpmn:exclusiveGateway id="gw"${defaultFlow ? ` default="${defaultFlow}"` : ''} />` +
    '<bpmn:endEvent id="a" /><bpmn:endEvent id="b" /><bpmn:endEvent id="c" />' +
    flows.map(([ id, target, condition ]) => `<bpmn:sequenceFlow id="${id}" sourceRef="gw" targetRef="${target}">` +
      (condition !== undefined ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression>` : '') +
      '</bpmn:sequenceFlow>').join('');
}

module.exports = { verify, diagram, userTask, lane, timer, gateway };
