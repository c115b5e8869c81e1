'use strict';

// The bounded time parser of the server (engine/clock.py), for literal timers: durations of
// at most maxYears with whole years and months, moments within maxYears of now, repeating
// intervals of at least minIntervalSeconds. Each function returns an error text or null.
const VALUES = require('../values.json');

const NUMBER = '[0-9]+(?:[.,][0-9]+)?';
const DURATION = new RegExp(`^P(?=[0-9T])(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:(${NUMBER})W)?(?:(${NUMBER})D)?` +
  `(?:T(?=[0-9])(?:(${NUMBER})H)?(?:(${NUMBER})M)?(?:(${NUMBER})S)?)?$`, 'i');
const FRACTION_LAST = /^[^.,]*(?:[.,][0-9]+[A-Z])?$/i;
const YEARS_PER = [ 1, 1 / 12, 7 / 365.25, 1 / 365.25, 1 / 8766, 1 / 525960, 1 / 31557600 ];
const SECONDS_PER = [ 31556952, 2629746, 604800, 86400, 3600, 60, 1 ];
const MOMENT = /^([0-9]{4})-?([0-9]{2})-?([0-9]{2})(?:[T ]([0-9]{2})(?::?([0-9]{2})(?::?([0-9]{2})(?:[.,][0-9]+)?)?)?)?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$/i;
const WEEK = /^([0-9]{4})-?W([0-9]{2})(?:-?([1-7]))?$/i;

function text(value, what) {
  const trimmed = value.trim();
  if (trimmed.length > VALUES.maxTimeText) {
    return { error: `${trimmed.slice(0, VALUES.maxTimeText)}… is not an ISO 8601 ${what} (too long)` };
  }
  return { value: trimmed };
}

function durationParts(value) {
  const { error, value: trimmed } = text(value, 'duration');
  if (error) {
    return { error };
  }
  const match = DURATION.exec(trimmed);
  if (!match || !FRACTION_LAST.test(trimmed)) {
    return { error: `${trimmed} is not an ISO 8601 duration such as P15D or P3Y` };
  }
  const parts = match.slice(1).map(part => (part ? parseFloat(part.replace(',', '.')) : 0));
  const years = parts.reduce((sum, part, k) => sum + part * YEARS_PER[k], 0);
  if (years > VALUES.maxYears) {
    return { error: `duration ${trimmed} is longer than ${VALUES.maxYears} years` };
  }
  return { seconds: parts.reduce((sum, part, k) => sum + part * SECONDS_PER[k], 0) };
}

function duration(value) {
  return durationParts(value).error || null;
}

function momentYear(value) {
  const { error, value: trimmed } = text(value, 'date-time');
  if (error) {
    return { error };
  }
  const week = WEEK.exec(trimmed);
  const match = week || MOMENT.exec(trimmed);
  if (!match) {
    return { error: `${trimmed} is not an ISO 8601 date-time` };
  }
  if (!week) {
    const [ month, day, hour, minute, second ] = match.slice(2, 7).map(part => parseInt(part || '0', 10));
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
      return { error: `${trimmed} is not an ISO 8601 date-time` };
    }
  }
  return { year: parseInt(match[1], 10) };
}

function moment(value, now = new Date()) {
  const { error, year } = momentYear(value);
  if (error) {
    return error;
  }
  if (Math.abs(year - now.getUTCFullYear()) > VALUES.maxYears) {
    return `${value.trim()} is more than ${VALUES.maxYears} years away`;
  }
  return null;
}

function recurrence(value, now = new Date()) {
  const { error, value: trimmed } = text(value, 'repeating interval');
  if (error) {
    return error;
  }
  const components = trimmed.toUpperCase().replace('--', '/').split('/');
  const shape = `${trimmed} is not an ISO 8601 repeating interval such as R3/P1D`;
  if (components.length < 2 || components.length > 3 || !/^R[0-9]{0,9}$/.test(components[0])) {
    return shape;
  }
  const kinds = components.slice(1).map(part => (part.startsWith('P') ? 'duration' : 'moment'));
  const kind = kinds.join(' ');
  if (![ 'duration', 'moment duration', 'duration moment' ].includes(kind)) {
    return shape;
  }
  let interval;
  for (const [ k, part ] of components.slice(1).entries()) {
    if (kinds[k] === 'duration') {
      const parts = durationParts(part);
      if (parts.error) {
        return parts.error;
      }
      interval = parts.seconds;
    } else {
      const refused = moment(part, now);
      if (refused) {
        return refused;
      }
    }
  }
  if (interval < VALUES.minIntervalSeconds) {
    return `${trimmed} repeats more often than every ${VALUES.minIntervalSeconds / 60} minute`;
  }
  return null;
}

module.exports = { duration, moment, recurrence };
