'use strict';

const { verify, diagram, userTask, lane, timer, gateway } = require('./support');

const rule = name => require(`../rules/${name}`);

verify('lane-roles', rule('lane-roles'), {
  valid: [
    { moddleElement: diagram(userTask('review', 'f'), { lanes: lane('l1', 'province', [ 'review' ]) }) },
    { moddleElement: diagram('<bpmn:scriptTask id="s" />') }
  ],
  invalid: [
    {
      name: 'a lane that is no role',
      moddleElement: diagram(userTask('review', 'f'), { lanes: lane('l1', 'mayor', [ 'review' ]) }),
      report: { id: 'l1', message: 'Lane <mayor> is not a role (samr, province, applicant, expert, member_unit)', path: [ 'name' ] }
    },
    {
      name: 'admin is a role but not a lane',
      moddleElement: diagram(userTask('review', 'f'), { lanes: lane('l1', 'admin', [ 'review' ]) }),
      report: { id: 'l1', message: 'Lane <admin> is not a role (samr, province, applicant, expert, member_unit)', path: [ 'name' ] }
    },
    {
      name: 'a user task in no lane',
      moddleElement: diagram(userTask('review', 'f') + userTask('other', 'f'), { lanes: lane('l1', 'samr', [ 'review' ]) }),
      report: { id: 'other', message: 'User task is in no lane: its lane names the role that does it (samr, province, applicant, expert, member_unit)' }
    }
  ]
});

verify('form-exists', rule('form-exists'), {
  valid: [
    { config: { forms: [ 'initial_review' ] }, moddleElement: diagram(userTask('review', 'initial_review')) },
    { name: 'the forms of bpmn/forms', moddleElement: diagram(userTask('review', 'initial_review')) }
  ],
  invalid: [
    {
      config: { forms: [ 'initial_review' ] },
      moddleElement: diagram(userTask('review', 'initial_reveiw')),
      report: { id: 'review', message: 'User task names form <initial_reveiw>, which does not exist', path: [ 'extensionElements' ] }
    },
    {
      name: 'not among bpmn/forms',
      moddleElement: diagram(userTask('review', 'no_such_form')),
      report: { id: 'review', message: 'User task names form <no_such_form>, which does not exist', path: [ 'extensionElements' ] }
    },
    {
      moddleElement: diagram(userTask('review', null)),
      report: { id: 'review', message: 'User task names no form (property \'form\')', path: [ 'extensionElements' ] }
    }
  ]
});

verify('gateway-conditions', rule('gateway-conditions'), {
  valid: [
    { moddleElement: diagram(gateway([ [ 'f1', 'a', 'x == 1' ], [ 'f2', 'b' ] ], 'f2')) },
    { moddleElement: diagram(gateway([ [ 'f1', 'a', 'x == 1' ], [ 'f2', 'b', 'x != 1' ] ])) },
    { name: 'a merge', moddleElement: diagram(gateway([ [ 'f1', 'a' ] ])) }
  ],
  invalid: [
    {
      name: 'a flow with neither condition nor default',
      moddleElement: diagram(gateway([ [ 'f1', 'a', 'x == 1' ], [ 'f2', 'b' ], [ 'f3', 'c' ] ], 'f3')),
      report: { id: 'f2', message: 'Flow out of gateway <gw> has no condition and is not its default', path: [ 'conditionExpression' ] }
    },
    {
      name: 'an empty condition',
      moddleElement: diagram(gateway([ [ 'f1', 'a', 'x == 1' ], [ 'f2', 'b', '  ' ] ])),
      report: { id: 'f2', message: 'Flow out of gateway <gw> has no condition and is not its default', path: [ 'conditionExpression' ] }
    },
    {
      name: 'a default with a condition',
      moddleElement: diagram(gateway([ [ 'f1', 'a', 'x == 1' ], [ 'f2', 'b', 'x != 1' ] ], 'f2')),
      report: { id: 'f2', message: 'Default flow carries a condition: it is taken when no other condition holds', path: [ 'conditionExpression' ] }
    }
  ]
});

const timerReport = (kind, message) => ({ id: 't', message, path: [ kind ] });

verify('timer-bounds', rule('timer-bounds'), {
  valid: [
    { moddleElement: diagram(timer('timeDuration', '"P15D"')) },
    { moddleElement: diagram(timer('timeDuration', '"P" + \'3Y\'')) },
    { moddleElement: diagram(timer('timeDuration', '"P1000Y"')) },
    { moddleElement: diagram(timer('timeDuration', 'creation_period')) },
    { moddleElement: diagram(timer('timeDate', '"2030-01-01T00:00:00+08:00"')) },
    { moddleElement: diagram(timer('timeDate', 'amend_deadline + "T23:59:59+08:00"')) },
    { moddleElement: diagram(timer('timeCycle', '"R3/P1D"')) },
    { moddleElement: diagram(timer('timeCycle', '"R/2030-01-01T00:00:00Z/PT1M"')) }
  ],
  invalid: [
    {
      name: 'unquoted',
      moddleElement: diagram(timer('timeDuration', 'P15D')),
      report: timerReport('timeDuration', 'Timer expression P15D is a name, not a text: write "P15D"')
    },
    {
      name: 'over the bound',
      moddleElement: diagram(timer('timeDuration', '"P1001Y"')),
      report: timerReport('timeDuration', 'Timer expression "P1001Y" does not parse: duration P1001Y is longer than 1000 years')
    },
    {
      name: 'months in fractions',
      moddleElement: diagram(timer('timeDuration', '"P1.5M"')),
      report: timerReport('timeDuration', 'Timer expression "P1.5M" does not parse: P1.5M is not an ISO 8601 duration such as P15D or P3Y')
    },
    {
      name: 'not a date',
      moddleElement: diagram(timer('timeDate', '"2030-13-01"')),
      report: timerReport('timeDate', 'Timer expression "2030-13-01" does not parse: 2030-13-01 is not an ISO 8601 date-time')
    },
    {
      name: 'too far away',
      moddleElement: diagram(timer('timeDate', '"9999-01-01T00:00:00Z"')),
      report: timerReport('timeDate', 'Timer expression "9999-01-01T00:00:00Z" does not parse: 9999-01-01T00:00:00Z is more than 1000 years away')
    },
    {
      name: 'too fast',
      moddleElement: diagram(timer('timeCycle', '"R/PT10S"')),
      report: timerReport('timeCycle', 'Timer expression "R/PT10S" does not parse: R/PT10S repeats more often than every 1 minute')
    },
    {
      name: 'not a cycle',
      moddleElement: diagram(timer('timeCycle', '"P1D"')),
      report: timerReport('timeCycle', 'Timer expression "P1D" does not parse: P1D is not an ISO 8601 repeating interval such as R3/P1D')
    }
  ]
});

const script = source => `<bpmn:scriptTask id="s"><bpmn:script>${source}</bpmn:script></bpmn:scriptTask>`;

verify('confined-code', rule('confined-code'), {
  valid: [
    { moddleElement: diagram(script('scores = [s for s in expert_scores if s]\ntotal = sum(scores)')) },
    { name: 'names in texts and comments', moddleElement: diagram(script('note = "import __x; open()"  # import os')) },
    { name: 'a keyword argument', moddleElement: diagram(script('x = dict(type="a", id=1)')) },
    { moddleElement: diagram(gateway([ [ 'f1', 'a', 'decision == "pass"' ], [ 'f2', 'b' ] ], 'f2')) }
  ],
  invalid: [
    {
      moddleElement: diagram(script('import os')),
      report: { id: 's', message: 'script refused: line 1: import is not available in diagram scripts', path: [ 'script' ] }
    },
    {
      moddleElement: diagram(script('x = 1\nfrom os import path')),
      report: { id: 's', message: 'script refused: line 2: import is not available in diagram scripts', path: [ 'script' ] }
    },
    {
      name: 'a dunder attribute',
      moddleElement: diagram(script('x = ().__class__')),
      report: { id: 's', message: 'script refused: line 1: "__class__" is an invalid attribute name because it starts with "_"', path: [ 'script' ] }
    },
    {
      name: 'a withheld builtin',
      moddleElement: diagram(script('data = open("/etc/passwd")')),
      report: { id: 's', message: 'script refused: open is not available in diagram scripts', path: [ 'script' ] }
    },
    {
      name: 'str.format',
      moddleElement: diagram(script('x = "{}".format(1)')),
      report: { id: 's', message: 'script refused: .format() is not available in diagram scripts (use an f-string)', path: [ 'script' ] }
    },
    {
      name: 'in a condition',
      moddleElement: diagram(gateway([ [ 'f1', 'a', '__import__("os")' ], [ 'f2', 'b' ] ], 'f2')),
      report: { id: 'f1', message: 'condition refused: line 1: "__import__" is an invalid variable name because it starts with "_"', path: [ 'conditionExpression' ] }
    },
    {
      name: 'in a pre-script',
      moddleElement: diagram(userTask('review', 'f', '<spiffworkflow:preScript>exec("x")</spiffworkflow:preScript>')),
      report: { id: 'review', message: 'preScript refused: exec is not available in diagram scripts', path: [ 'extensionElements' ] }
    }
  ]
});
