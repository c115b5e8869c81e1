'use strict';

// In the modeler the diagram is read with SpiffWorkflow's moddle descriptor, so the extension
// elements are typed (spiffworkflow:Property, spiffworkflow:PreScript with `value`) rather than
// generic as the CLI reads them: the helpers read both.
const { test } = require('node:test');
const assert = require('node:assert');
const path = require('path');
const { properties, extensions, localName, body } = require('../lib/model');

const spiffworkflow = require(path.resolve(__dirname, '../../../web/assets/modeler/spiffworkflow.json'));

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="defs" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:userTask id="review"><bpmn:extensionElements>
      <spiffworkflow:properties><spiffworkflow:property name="form" value="initial_review" /></spiffworkflow:properties>
      <spiffworkflow:preScript>x = 1</spiffworkflow:preScript>
    </bpmn:extensionElements></bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>`;

test('typed extension elements read as the generic ones', async () => {
  const { BpmnModdle } = await import('bpmn-moddle');
  const { rootElement } = await new BpmnModdle({ spiffworkflow }).fromXML(XML);
  const task = rootElement.rootElements[0].flowElements[0];
  assert.strictEqual(task.extensionElements.values[0].$type, 'spiffworkflow:Properties');
  assert.deepStrictEqual(properties(task), { form: 'initial_review' });
  const script = extensions(task).find(child => localName(child) === 'preScript');
  assert.strictEqual(body(script), 'x = 1');
});
