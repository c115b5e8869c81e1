'use strict';

// Every user task names its form (spiffworkflow:property form) and the form exists among
// the forms beside the diagrams (bpmn/forms/<name>.json; in the browser, config.forms).
const { is, properties } = require('../lib/model');
const { availableForms } = require('../lib/forms-node');

module.exports = function(config = {}) {
  const forms = availableForms(config);

  function check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) {
      return;
    }
    const form = properties(node).form;
    if (!form) {
      reporter.report(node.id, 'User task names no form (property \'form\')', [ 'extensionElements' ]);
    } else if (forms && !forms.includes(form)) {
      reporter.report(node.id, `User task names form <${form}>, which does not exist`, [ 'extensionElements' ]);
    }
  }

  return { check };
};
