'use strict';

// An approximation of the confined environment's deploy check (engine/runtime/codecheck.py
// and RestrictedPython's compile): the code of a diagram, tokenized just enough to find
// imports, names beginning with an underscore, builtins the environment withholds and the
// text methods it refuses. Strings and comments are skipped, so `"__x"` or `# import` pass.
const VALUES = require('../values.json');

const WITHHELD = new Set(VALUES.withheldBuiltins);
const WITHHELD_ATTRIBUTES = new Set(VALUES.withheldAttributes);
const KEYWORDS = new Set(('False None True and as assert async await break class continue def del ' +
  'elif else except finally for from global if import in is lambda nonlocal not or pass raise ' +
  'return try while with yield').split(' '));

const STRING_START = /^([rRbBuUfF]{0,2})('''|"""|'|")/;

/** The tokens of `source`: { type: 'name' | 'op' | 'string' | 'number', value, line }. */
function tokenize(source) {
  const tokens = [];
  let i = 0;
  let line = 1;
  while (i < source.length) {
    const rest = source.slice(i);
    const ch = source[i];
    if (ch === '\n') {
      line += 1;
      i += 1;
      continue;
    }
    if (/\s/.test(ch) || ch === '\\') {
      i += 1;
      continue;
    }
    if (ch === '#') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
      continue;
    }
    const string = STRING_START.exec(rest);
    if (string) {
      const quote = string[2];
      let j = i + string[0].length;
      while (j < source.length && !source.startsWith(quote, j)) {
        if (source[j] === '\\') {
          j += 1;
        } else if (source[j] === '\n') {
          line += 1;
        }
        j += 1;
      }
      tokens.push({ type: 'string', value: source.slice(i, j + quote.length), line });
      i = j + quote.length;
      continue;
    }
    const name = /^[A-Za-z_\u00c0-\uffff][A-Za-z0-9_\u00c0-\uffff]*/.exec(rest);
    if (name) {
      tokens.push({ type: 'name', value: name[0], line });
      i += name[0].length;
      continue;
    }
    const number = /^[0-9][0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9]+)?j?/.exec(rest) || /^\.[0-9]+/.exec(rest);
    if (number) {
      tokens.push({ type: 'number', value: number[0], line });
      i += number[0].length;
      continue;
    }
    const op = /^(\*\*=?|\/\/=?|==|!=|<=|>=|->|:=|[-+*/%&|^<>]=|.)/.exec(rest);
    tokens.push({ type: 'op', value: op[0], line });
    i += op[0].length;
  }
  return tokens;
}

/** Why the confined environment would refuse `source`, or null. */
function refusal(source) {
  const tokens = tokenize(source || '');
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    const before = tokens[k - 1];
    const after = tokens[k + 1];
    if (token.type === 'op') {
      depth += '([{'.includes(token.value) ? 1 : ')]}'.includes(token.value) ? -1 : 0;
      continue;
    }
    if (token.type !== 'name') {
      continue;
    }
    const attribute = before && before.type === 'op' && before.value === '.';
    const keyword = depth > 0 && after && after.type === 'op' && after.value === '=';
    if (token.value === 'import' && !attribute) {
      return `line ${token.line}: import is not available in diagram scripts`;
    }
    if (token.value.startsWith('_')) {
      return `line ${token.line}: "${token.value}" is an invalid ${attribute ? 'attribute' : 'variable'} name because it starts with "_"`;
    }
    if (attribute && WITHHELD_ATTRIBUTES.has(token.value)) {
      return `.${token.value}() is not available in diagram scripts (use an f-string)`;
    }
    if (!attribute && !keyword && !KEYWORDS.has(token.value) && WITHHELD.has(token.value)) {
      return `${token.value} is not available in diagram scripts`;
    }
  }
  return null;
}

/**
 * The text of `source` when it is a constant made of string literals only ("P15D",
 * 'P' + "3Y"), else undefined: such a timer is checked like the literal.
 */
function constantText(source) {
  const tokens = tokenize(source || '');
  if (!tokens.length || tokens.length % 2 === 0) {
    return undefined;
  }
  let text = '';
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (k % 2 === 1) {
      if (token.type !== 'op' || token.value !== '+') {
        return undefined;
      }
      continue;
    }
    const literal = token.type === 'string' && /^(?:[rRuU]?)('''|"""|'|")([\s\S]*)\1$/.exec(token.value);
    if (!literal || literal[2].includes('\\')) {
      return undefined;
    }
    text += literal[2];
  }
  return text;
}

module.exports = { tokenize, refusal, constantText };
