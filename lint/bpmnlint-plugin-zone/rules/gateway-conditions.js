'use strict';

// Where an exclusive or inclusive gateway forks, every outgoing flow but the default carries
// a condition with code in it, and the default carries none (SpiffWorkflow takes it when no
// condition holds): a flow without one would be taken or not by accident.
const { is, body } = require('../lib/model');

module.exports = function() {

  function check(node, reporter) {
    if (!is(node, 'bpmn:ExclusiveGateway') && !is(node, 'bpmn:InclusiveGateway')) {
      return;
    }
    // the flows out of it by their sourceRef: <bpmn:outgoing> is optional and may be missing
    const siblings = (node.$parent && node.$parent.flowElements) || [];
    const outgoing = [ ...new Set([ ...(node.outgoing || []),
      ...siblings.filter(element => is(element, 'bpmn:SequenceFlow') && element.sourceRef === node) ]) ];
    if (outgoing.length < 2) {
      return;
    }
    for (const flow of outgoing) {
      const condition = flow.conditionExpression;
      const code = condition && (body(condition) || '').trim();
      if (flow === node.default) {
        if (condition) {
          reporter.report(flow.id, 'Default flow carries a condition: it is taken when no other condition holds', [ 'conditionExpression' ]);
        }
      } else if (!code) {
        reporter.report(flow.id, `Flow out of gateway <${node.id}> has no condition and is not its default`, [ 'conditionExpression' ]);
      }
    }
  }

  return { check };
};
