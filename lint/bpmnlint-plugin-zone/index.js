'use strict';

// bpmnlint resolves `plugin:zone/recommended` and `zone/<rule>` through this package.
const RULES = [
  'lane-roles',
  'form-exists',
  'gateway-conditions',
  'timer-bounds',
  'confined-code'
];

module.exports = {
  configs: {
    recommended: {
      rules: Object.fromEntries(RULES.map(name => [ name, 'error' ]))
    }
  },
  rules: Object.fromEntries(RULES.map(name => [ name, `./rules/${name}` ]))
};
