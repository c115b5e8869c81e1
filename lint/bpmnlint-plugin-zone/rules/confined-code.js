'use strict';

// The code a diagram carries — scripts, pre- and post-scripts, conditions, timer
// expressions, multi-instance cardinality and completion condition — passes the confined
// environment's deploy check (engine/runtime/codecheck.py, approximated in lib/python.js):
// no import, no name beginning with an underscore, no builtin it withholds.
const { idOf, is, body, extensions, localName } = require('../lib/model');
const { refusal } = require('../lib/python');

function pieces(node) {
  const found = [];
  if (is(node, 'bpmn:ScriptTask') && node.script) {
    found.push([ 'script', body(node.script), 'script' ]);
  }
  if (is(node, 'bpmn:FlowNode')) {
    for (const child of extensions(node)) {
      if ([ 'preScript', 'postScript' ].includes(localName(child))) {
        found.push([ localName(child), body(child), 'extensionElements' ]);
      }
    }
  }
  if (is(node, 'bpmn:SequenceFlow') && node.conditionExpression) {
    found.push([ 'condition', body(node.conditionExpression), 'conditionExpression' ]);
  }
  if (is(node, 'bpmn:MultiInstanceLoopCharacteristics')) {
    if (node.loopCardinality) {
      found.push([ 'cardinality', body(node.loopCardinality), 'loopCardinality' ]);
    }
    if (node.completionCondition) {
      found.push([ 'completion condition', body(node.completionCondition), 'completionCondition' ]);
    }
  }
  if (is(node, 'bpmn:ConditionalEventDefinition') && node.condition) {
    found.push([ 'condition', body(node.condition), 'condition' ]);
  }
  if (is(node, 'bpmn:TimerEventDefinition')) {
    for (const kind of [ 'timeDuration', 'timeDate', 'timeCycle' ]) {
      if (node[kind]) {
        found.push([ 'timer', body(node[kind]), kind ]);
      }
    }
  }
  return found;
}

module.exports = function() {

  function check(node, reporter) {
    for (const [ what, source, path ] of pieces(node)) {
      const refused = refusal(source);
      if (refused) {
        reporter.report(idOf(node), `${what} refused: ${refused}`, [ path ]);
      }
    }
  }

  return { check };
};
