'use strict';

// In node (make lint): the forms are the JSON files in the forms directory beside the
// diagrams (bpmn/forms, as engine.definitions.registry.read_directory reads them). The
// browser bundle uses forms-browser.js instead (package.json "browser"): no file system.
const fs = require('fs');
const path = require('path');

function availableForms(config) {
  if (Array.isArray(config.forms)) {
    return config.forms;
  }
  const directory = path.resolve(config.formsDirectory || 'bpmn/forms');
  try {
    return fs.readdirSync(directory).filter(name => name.endsWith('.json')).map(name => name.slice(0, -5));
  } catch (err) {
    return null;
  }
}

module.exports = { availableForms };
