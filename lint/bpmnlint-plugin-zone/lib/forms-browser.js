'use strict';

// In the browser the page passes the forms it knows: { forms: [ 'initial_review', ... ] }
// as the rule's configuration; without them the rule checks only that a form is named.
function availableForms(config) {
  return Array.isArray(config.forms) ? config.forms : null;
}

module.exports = { availableForms };
