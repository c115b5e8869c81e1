'use strict';

// For tests/bpmn/test_lint__zone_plugin.py: reads [ [ kind, text ], ... ] on stdin and prints
// what the plugin says of each (null: accepted, else the refusal), so the test can hold the
// approximations to the server's own checks. kind: duration, moment, recurrence, code.
const iso = require('../lib/iso8601');
const { refusal } = require('../lib/python');

const judges = { duration: iso.duration, moment: iso.moment, recurrence: iso.recurrence, code: refusal };
let input = '';
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const verdicts = JSON.parse(input).map(([ kind, text ]) => judges[kind](text));
  process.stdout.write(JSON.stringify(verdicts));
});
