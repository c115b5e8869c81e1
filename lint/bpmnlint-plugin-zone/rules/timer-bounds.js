'use strict';

// A timer written as a constant parses now with the server's bounded parser
// (engine/clock.py, as engine/definitions/lint.py checks it), not when a token arrives years
// later: an ISO 8601 duration, date-time or repeating interval within the bound. Timer
// expressions are Python: an unquoted P15D is a variable name, not a duration.
const { idOf, is, body } = require('../lib/model');
const { constantText } = require('../lib/python');
const iso = require('../lib/iso8601');

const KINDS = [
  [ 'timeDuration', iso.duration ],
  [ 'timeDate', iso.moment ],
  [ 'timeCycle', iso.recurrence ]
];

module.exports = function() {

  function check(node, reporter) {
    if (!is(node, 'bpmn:TimerEventDefinition')) {
      return;
    }
    const present = KINDS.filter(([ kind ]) => node[kind]);
    if (!present.length) {
      reporter.report(idOf(node), 'Timer has no time (duration, date or cycle)');
    }
    for (const [ kind, parse ] of present) {
      const expression = (body(node[kind]) || '').trim();
      if (!expression) {
        reporter.report(idOf(node), `Timer's ${kind} is empty`, [ kind ]);
        continue;
      }
      if (/^[PR][0-9A-Z/]*[0-9][0-9A-Z/]*$/.test(expression) && /[A-Za-z]$/.test(expression)) {
        reporter.report(idOf(node), `Timer expression ${expression} is a name, not a text: write "${expression}"`, [ kind ]);
        continue;
      }
      const text = constantText(expression);
      if (text === undefined) {
        continue; // a variable: the bounded timer classes check it when the token arrives
      }
      const refused = parse(text);
      if (refused) {
        reporter.report(idOf(node), `Timer expression ${expression} does not parse: ${refused}`, [ kind ]);
      }
    }
  }

  return { check };
};
