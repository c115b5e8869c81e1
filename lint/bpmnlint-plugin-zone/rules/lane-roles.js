'use strict';

// Lanes are roles (engine/definitions/lint.py): every lane's name is a role code of
// models/orgs.py ROLES but admin (values.json), and every user task sits in such a lane,
// since the task opens for the lane's role in the case's office.
const { is } = require('../lib/model');
const VALUES = require('../values.json');

function lanesOf(process) {
  const lanes = [];
  const stack = [ ...(process.laneSets || []) ];
  while (stack.length) {
    const laneSet = stack.shift();
    for (const lane of laneSet.lanes || []) {
      lanes.push(lane);
      if (lane.childLaneSet) {
        stack.push(lane.childLaneSet);
      }
    }
  }
  return lanes;
}

/** [ user task, the process-level element it is in ] of a process, in sub-processes too. */
function userTasks(container, outermost, found = []) {
  for (const element of container.flowElements || []) {
    if (is(element, 'bpmn:UserTask')) {
      found.push([ element, outermost || element ]);
    } else if (is(element, 'bpmn:SubProcess')) {
      userTasks(element, outermost || element, found);
    }
  }
  return found;
}

module.exports = function() {
  const roles = VALUES.roles;

  function check(node, reporter) {
    if (!is(node, 'bpmn:Process')) {
      return;
    }
    const laneOf = new Map();
    for (const lane of lanesOf(node)) {
      if (!roles.includes(lane.name)) {
        reporter.report(lane.id, `Lane <${lane.name || ''}> is not a role (${roles.join(', ')})`, [ 'name' ]);
      }
      for (const ref of lane.flowNodeRef || []) {
        laneOf.set(ref.id, lane);
      }
    }
    for (const [ task, placed ] of userTasks(node)) {
      if (!laneOf.has(placed.id)) {
        reporter.report(task.id, `User task is in no lane: its lane names the role that does it (${roles.join(', ')})`);
      }
    }
  }

  return { check };
};
