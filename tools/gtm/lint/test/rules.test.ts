// One case per rule: the rule id, the exact message and the exact span of the offending construct.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintCode, type Finding } from '../index.ts';

interface RuleCase {
  title: string;
  rule: string;
  code: string;
  context?: 'WEB' | 'SERVER';
  expected: Omit<Finding, 'rule'>[];
}

const cases: RuleCase[] = [
  {
    title: 'new expressions',
    rule: 'new',
    code: 'const list = [];\nconst when = new Thing();',
    expected: [
      { line: 2, column: 14, endLine: 2, endColumn: 25, severity: 'error',
        message: "`new` is not available: the sandbox has no constructors. Build values with object and array literals, or use the API's factory (on the server, Promise.create(fn) instead of new Promise(fn))" },
    ],
  },
  {
    title: 'new.target',
    rule: 'new',
    code: 'function f() {\n  return new.target;\n}',
    expected: [
      { line: 2, column: 10, endLine: 2, endColumn: 20, severity: 'error',
        message: '`new.target` is not available: the sandbox has no constructors; pass what the function needs as a parameter' },
    ],
  },
  {
    title: 'this',
    rule: 'this',
    code: 'function f() {\n  return this;\n}',
    expected: [
      { line: 2, column: 10, endLine: 2, endColumn: 14, severity: 'error',
        message: '`this` is not available in the sandbox; pass the object as a parameter instead' },
    ],
  },
  {
    title: 'classes',
    rule: 'class',
    code: 'let x = 1;\n  class Queue {}',
    expected: [
      { line: 2, column: 3, endLine: 2, endColumn: 17, severity: 'error',
        message: 'classes are not available (they need `new` and `this`); use functions that take and return plain objects' },
    ],
  },
  {
    title: 'regex literals on the web',
    rule: 'regex-literal',
    code: "const ok = 'a';\nconst re = /a+/g;",
    expected: [
      { line: 2, column: 12, endLine: 2, endColumn: 17, severity: 'error',
        message: 'regular expression literals are not available (web templates have no regex API); use string methods such as indexOf, split and replace with a string' },
    ],
  },
  {
    title: 'regex literals on the server point to createRegex',
    rule: 'regex-literal',
    code: 'const re = /a+/g;',
    context: 'SERVER',
    expected: [
      { line: 1, column: 12, endLine: 1, endColumn: 17, severity: 'error',
        message: 'regular expression literals are not available; use createRegex(pattern, flags) and testRegex(regex, text) (require both)' },
    ],
  },
  {
    title: 'BigInt literals',
    rule: 'bigint',
    code: 'const n = 10n;',
    expected: [
      { line: 1, column: 11, endLine: 1, endColumn: 14, severity: 'error',
        message: 'BigInt literals are not available; use plain numbers' },
    ],
  },
  {
    title: 'destructuring declarations',
    rule: 'destructuring',
    code: 'const o = {};\nconst { a } = o;',
    expected: [
      { line: 2, column: 7, endLine: 2, endColumn: 12, severity: 'error',
        message: 'destructuring is not available; read the parts one by one (const a = obj.a; const first = list[0];)' },
    ],
  },
  {
    title: 'destructuring parameters',
    rule: 'destructuring',
    code: 'const f = ([first]) => first;',
    expected: [
      { line: 1, column: 12, endLine: 1, endColumn: 19, severity: 'error',
        message: 'destructuring is not available; read the parts one by one (const a = obj.a; const first = list[0];)' },
    ],
  },
  {
    title: 'destructuring assignments',
    rule: 'destructuring',
    code: 'let a;\n[a] = [1];',
    expected: [
      { line: 2, column: 1, endLine: 2, endColumn: 4, severity: 'error',
        message: 'destructuring is not available; read the parts one by one (const a = obj.a; const first = list[0];)' },
    ],
  },
  {
    title: 'rest parameters',
    rule: 'rest',
    code: 'function f(a, ...more) {\n  return a;\n}',
    expected: [
      { line: 1, column: 15, endLine: 1, endColumn: 22, severity: 'error',
        message: 'rest parameters are not available; in a `function`, read the extra arguments from `arguments`' },
    ],
  },
  {
    title: 'default parameters',
    rule: 'default-parameter',
    code: 'function f(a, b = 2) {\n  return a + b;\n}',
    expected: [
      { line: 1, column: 15, endLine: 1, endColumn: 20, severity: 'error',
        message: 'default parameter values are not available; set the default in the body: if (x === undefined) x = value;' },
    ],
  },
  {
    title: 'spread elements',
    rule: 'spread',
    code: 'const a = [1];\nconst b = [0, ...a];',
    expected: [
      { line: 2, column: 15, endLine: 2, endColumn: 19, severity: 'error',
        message: 'spread syntax (...) is not available; join arrays with concat (a.concat(b)), copy object keys with a for...in loop, and pass call arguments one by one' },
    ],
  },
  {
    title: 'try/catch',
    rule: 'try',
    code: 'const x = 1;\ntry {\n  x;\n} catch (e) {\n  e;\n}',
    expected: [
      { line: 2, column: 1, endLine: 6, endColumn: 2, severity: 'error',
        message: 'try/catch/finally is not available; check values before using them instead (JSON.parse returns undefined for bad input)' },
    ],
  },
  {
    title: 'throw',
    rule: 'throw',
    code: "if (!data.id) {\n  throw 'missing id';\n}",
    expected: [
      { line: 2, column: 3, endLine: 2, endColumn: 22, severity: 'error',
        message: 'throw is not available; return early, and in a tag call data.gtmOnFailure()' },
    ],
  },
  {
    title: 'void',
    rule: 'void',
    code: 'const u = void 0;',
    expected: [
      { line: 1, column: 11, endLine: 1, endColumn: 17, severity: 'error',
        message: 'the void operator is not available; write undefined' },
    ],
  },
  {
    title: 'the delete operator',
    rule: 'delete',
    code: 'const o = { a: 1 };\ndelete o.a;',
    expected: [
      { line: 2, column: 1, endLine: 2, endColumn: 11, severity: 'error',
        message: "the delete operator is not available; use require('Object').delete(obj, key)" },
    ],
  },
  {
    title: 'the in operator',
    rule: 'in-operator',
    code: "const o = { a: 1 };\nconst has = 'a' in o;",
    expected: [
      { line: 2, column: 13, endLine: 2, endColumn: 21, severity: 'error',
        message: 'the `in` operator is not available (for...in loops are); test obj.hasOwnProperty(key) or obj[key] !== undefined' },
    ],
  },
  {
    title: 'instanceof',
    rule: 'instanceof',
    code: 'const o = [];\nconst isList = o instanceof data.List;',
    expected: [
      { line: 2, column: 16, endLine: 2, endColumn: 38, severity: 'error',
        message: "instanceof is not available (there are no constructors); use getType(value) (require('getType')), which returns 'array', 'object', 'string', …" },
    ],
  },
  {
    title: 'the ** operator',
    rule: 'exponent',
    code: 'const sq = data.n ** 2;',
    expected: [
      { line: 1, column: 12, endLine: 1, endColumn: 23, severity: 'error',
        message: "the ** operator is not available; use Math.pow(a, b) (const Math = require('Math'))" },
    ],
  },
  {
    title: 'the **= operator',
    rule: 'exponent',
    code: 'let n = 2;\nn **= 3;',
    expected: [
      { line: 2, column: 1, endLine: 2, endColumn: 8, severity: 'error',
        message: "the **= operator is not available; write x = Math.pow(x, n) (const Math = require('Math'))" },
    ],
  },
  {
    title: 'the ?? operator',
    rule: 'nullish',
    code: "const id = data.id ?? 'none';",
    expected: [
      { line: 1, column: 12, endLine: 1, endColumn: 29, severity: 'error',
        message: '?? is not available; write (a === undefined || a === null ? b : a), or a || b when no falsy value is valid' },
    ],
  },
  {
    title: '||= assignments',
    rule: 'logical-assignment',
    code: "let id = data.id;\nid ||= 'none';",
    expected: [
      { line: 2, column: 1, endLine: 2, endColumn: 14, severity: 'error',
        message: '||= is not available; write x = x || value' },
    ],
  },
  {
    title: '??= assignments',
    rule: 'logical-assignment',
    code: "let id = data.id;\nid ??= 'none';",
    expected: [
      { line: 2, column: 1, endLine: 2, endColumn: 14, severity: 'error',
        message: '??= is not available; write x = x === undefined || x === null ? value : x' },
    ],
  },
  {
    title: 'getters and setters',
    rule: 'accessor',
    code: 'const o = {\n  get size() { return 1; },\n};',
    expected: [
      { line: 2, column: 3, endLine: 2, endColumn: 27, severity: 'error',
        message: 'getters and setters are not available; store the value in a plain property, or use a function property' },
    ],
  },
  {
    title: 'method shorthand',
    rule: 'method-shorthand',
    code: 'const o = {\n  size() { return 1; },\n};',
    expected: [
      { line: 2, column: 3, endLine: 2, endColumn: 23, severity: 'error',
        message: 'method shorthand is not allowed (no published GTM template uses it, so GTM acceptance is unverified); write name: function (…) { … }' },
    ],
  },
  {
    title: 'shorthand properties',
    rule: 'shorthand-property',
    code: 'const size = 1;\nconst o = { size };',
    expected: [
      { line: 2, column: 13, endLine: 2, endColumn: 17, severity: 'error',
        message: 'shorthand properties are not allowed (no published GTM template uses it, so GTM acceptance is unverified); write the key and the value: { name: name }' },
    ],
  },
  {
    title: 'computed keys',
    rule: 'computed-key',
    code: "const k = 'a';\nconst o = { [k]: 1 };",
    expected: [
      { line: 2, column: 13, endLine: 2, endColumn: 19, severity: 'error',
        message: 'computed keys are not allowed in object literals (no published GTM template uses it, so GTM acceptance is unverified); create the object, then assign obj[key] = value' },
    ],
  },
  {
    title: 'async functions on the web',
    rule: 'async',
    code: 'const f = async () => 1;',
    expected: [
      { line: 1, column: 11, endLine: 1, endColumn: 24, severity: 'error',
        message: 'async functions are not available, and web templates have no promises; pass callbacks' },
    ],
  },
  {
    title: 'async methods on the server, reported at the property',
    rule: 'async',
    code: 'const o = {\n  async load() {},\n};',
    context: 'SERVER',
    expected: [
      { line: 2, column: 3, endLine: 2, endColumn: 18, severity: 'error',
        message: "async functions are not available; use promises: Promise.create((resolve, reject) => …) and .then(…) (const Promise = require('Promise'))" },
    ],
  },
  {
    title: 'await',
    rule: 'async',
    code: 'const v = 1;\nawait v;',
    context: 'SERVER',
    expected: [
      { line: 2, column: 1, endLine: 2, endColumn: 8, severity: 'error',
        message: "`await` is not available; use promises: Promise.create((resolve, reject) => …) and .then(…) (const Promise = require('Promise'))" },
    ],
  },
  {
    title: 'generators and yield',
    rule: 'generator',
    code: 'function* ids() {\n  yield 1;\n}',
    expected: [
      { line: 1, column: 1, endLine: 3, endColumn: 2, severity: 'error',
        message: 'generator functions are not available; return an array, or take a callback' },
      { line: 2, column: 3, endLine: 2, endColumn: 10, severity: 'error',
        message: '`yield` is not available (there are no generators); return an array, or take a callback' },
    ],
  },
  {
    title: 'labels and labeled continue',
    rule: 'label',
    code: 'outer: for (let i = 0; i < 2; i++) {\n  continue outer;\n}',
    expected: [
      { line: 1, column: 1, endLine: 3, endColumn: 2, severity: 'error',
        message: 'labels are not available; leave nested loops with a flag variable, or move the loops into a function and return' },
      { line: 2, column: 3, endLine: 2, endColumn: 18, severity: 'error',
        message: 'labeled continue is not available; use a flag variable, or move the loops into a function and return' },
    ],
  },
  {
    title: 'optional chaining',
    rule: 'optional-chaining',
    code: 'const v = data.user?.id;',
    expected: [
      { line: 1, column: 11, endLine: 1, endColumn: 24, severity: 'error',
        message: 'optional chaining (?.) is not available; test first: a && a.b (or a ? a.b() : undefined)' },
    ],
  },
  {
    title: 'template literals',
    rule: 'template-literal',
    code: "const who = 'x';\nconst s = `hi ${who}`;",
    expected: [
      { line: 2, column: 11, endLine: 2, endColumn: 22, severity: 'error',
        message: "template literals are not available; use string concatenation: 'a' + x + 'b'" },
    ],
  },
  {
    title: 'tagged templates',
    rule: 'tagged-template',
    code: 'const tag = (s) => s;\nconst s = tag`hi`;',
    expected: [
      { line: 2, column: 11, endLine: 2, endColumn: 18, severity: 'error',
        message: 'tagged templates are not available; call the function with the strings and values as arguments' },
    ],
  },
  {
    title: 'with',
    rule: 'with',
    code: 'with (data) {\n  data.id;\n}',
    expected: [
      { line: 1, column: 1, endLine: 3, endColumn: 2, severity: 'error',
        message: '`with` is not available; name the object in each property access' },
    ],
  },
  {
    title: 'debugger',
    rule: 'debugger',
    code: 'const a = 1;\ndebugger;',
    expected: [
      { line: 2, column: 1, endLine: 2, endColumn: 10, severity: 'error',
        message: "debugger statements are not available; remove it (log with logToConsole, require('logToConsole'))" },
    ],
  },
  {
    title: 'comma expressions',
    rule: 'sequence',
    code: 'let a = 0;\na++, a++;',
    expected: [
      { line: 2, column: 1, endLine: 2, endColumn: 9, severity: 'error',
        message: 'the comma operator is not allowed (no published GTM template uses it, so GTM acceptance is unverified); write separate statements' },
    ],
  },
  {
    title: 'do...while',
    rule: 'do-while',
    code: 'let i = 0;\ndo {\n  i++;\n} while (i < 3);',
    expected: [
      { line: 2, column: 1, endLine: 4, endColumn: 17, severity: 'error',
        message: 'do...while is not allowed (no published GTM template uses it, so GTM acceptance is unverified); write while (true) { …; if (!condition) break; }' },
    ],
  },
  {
    title: 'import declarations',
    rule: 'import-export',
    code: "import x from 'y';\nx();",
    expected: [
      { line: 1, column: 1, endLine: 1, endColumn: 19, severity: 'error',
        message: "import and export are not available: template code is one script. Get GTM APIs with const name = require('name'); a variable template returns its value with `return`" },
    ],
  },
  {
    title: 'export declarations',
    rule: 'import-export',
    code: 'const v = 1;\nexport default v;',
    expected: [
      { line: 2, column: 1, endLine: 2, endColumn: 18, severity: 'error',
        message: "import and export are not available: template code is one script. Get GTM APIs with const name = require('name'); a variable template returns its value with `return`" },
    ],
  },
  {
    title: 'require with a computed name',
    rule: 'require-literal',
    code: "const name = 'getUrl';\nconst getUrl = require(name);",
    expected: [
      { line: 2, column: 16, endLine: 2, endColumn: 29, severity: 'error',
        message: "require() takes exactly one string literal, the API's name, as in require('getUrl'): GTM reads these literals to find the permissions a template needs" },
    ],
  },
  {
    title: 'require used as a value',
    rule: 'require-literal',
    code: 'const r = require;',
    expected: [
      { line: 1, column: 11, endLine: 1, endColumn: 18, severity: 'error',
        message: "use require only as a direct call with the API's name: require('getUrl')" },
    ],
  },
  {
    title: 'require of a misspelt API suggests the right one',
    rule: 'unknown-api',
    code: "const x = require('getURL');",
    expected: [
      { line: 1, column: 19, endLine: 1, endColumn: 27, severity: 'error',
        message: "Unknown API 'getURL': web templates cannot require it; did you mean require('getUrl')?" },
    ],
  },
  {
    title: 'require of an unknown API',
    rule: 'unknown-api',
    code: "const x = require('noSuchApi');",
    context: 'SERVER',
    expected: [
      { line: 1, column: 19, endLine: 1, endColumn: 30, severity: 'error',
        message: "Unknown API 'noSuchApi': server templates cannot require it; see the GTM API list for this context" },
    ],
  },
  {
    title: 'require of an API of the other context',
    rule: 'unknown-api',
    code: "const send = require('sendHttpRequest');",
    expected: [
      { line: 1, column: 22, endLine: 1, endColumn: 39, severity: 'error',
        message: "'sendHttpRequest' is not an API of web templates (it only exists in server templates); GTM rejects require('sendHttpRequest') here" },
    ],
  },
  {
    title: 'a browser global',
    rule: 'unknown-global',
    code: 'const now = Date;',
    expected: [
      { line: 1, column: 13, endLine: 1, endColumn: 17, severity: 'error',
        message: "Date is not defined in GTM's sandbox, which has no globals besides data and require; use getTimestampMillis() (require('getTimestampMillis'))" },
    ],
  },
  {
    title: 'an API used without require',
    rule: 'unknown-global',
    code: 'const t = getType(data.x);',
    expected: [
      { line: 1, column: 11, endLine: 1, endColumn: 18, severity: 'error',
        message: "getType is a GTM API, not a global: add const getType = require('getType');" },
    ],
  },
  {
    title: 'Math without require',
    rule: 'unknown-global',
    code: 'const m = Math.max(1, 2);',
    expected: [
      { line: 1, column: 11, endLine: 1, endColumn: 15, severity: 'error',
        message: "Math is a GTM API, not a global: add const Math = require('Math');" },
    ],
  },
  {
    title: 'Promise on the web',
    rule: 'unknown-global',
    code: 'const p = Promise;',
    expected: [
      { line: 1, column: 11, endLine: 1, endColumn: 18, severity: 'error',
        message: 'Promise is only available in server templates; pass callbacks instead' },
    ],
  },
  {
    title: 'a test API in template code',
    rule: 'unknown-global',
    code: 'runCode({});',
    expected: [
      { line: 1, column: 1, endLine: 1, endColumn: 8, severity: 'error',
        message: 'runCode is a test API: it only exists in the ___TESTS___ section, not in template code' },
    ],
  },
  {
    title: 'arguments at the top level',
    rule: 'unknown-global',
    code: 'const n = arguments.length;',
    expected: [
      { line: 1, column: 11, endLine: 1, endColumn: 20, severity: 'error',
        message: '`arguments` only exists inside a `function` (…) { … }; the template code reads its input from `data`' },
    ],
  },
  {
    title: 'arguments in an arrow function',
    rule: 'arguments-in-arrow',
    code: 'const f = () => {\n  return arguments.length;\n};',
    expected: [
      { line: 2, column: 10, endLine: 2, endColumn: 19, severity: 'error',
        message: 'arrow functions have no `arguments`; declare the parameters, or write a `function` (…) { … } that reads `arguments`' },
    ],
  },
  {
    title: 'a method the sandbox lacks (warning)',
    rule: 'stdlib-method',
    code: "const list = data.items;\nconst has = list.includes('a');",
    expected: [
      { line: 2, column: 18, endLine: 2, endColumn: 26, severity: 'warning',
        message: "includes() is not in GTM's standard library: on Array and String values it is undefined in the sandbox; use indexOf(x) !== -1" },
    ],
  },
  {
    title: 'code that does not parse',
    rule: 'parse-error',
    code: 'const a = ;',
    expected: [
      { line: 1, column: 11, endLine: 1, endColumn: 12, severity: 'error',
        message: 'Parse error: Unexpected token. GTM only accepts code that parses; fix the syntax at this position' },
    ],
  },
];

for (const c of cases) {
  test(`${c.rule}: ${c.title}`, () => {
    const found = lintCode(c.code, { context: c.context ?? 'WEB', kind: 'template' }).filter((f) => f.rule === c.rule);
    assert.deepEqual(
      found.map(({ rule: _rule, ...rest }) => rest),
      c.expected,
    );
  });
}

test('findings come sorted by position', () => {
  const found = lintCode('const b = this;\nconst a = new data.X();\nconst c = this;', { context: 'WEB', kind: 'template' });
  assert.deepEqual(
    found.map((f) => [f.line, f.column, f.rule]),
    [
      [1, 11, 'this'],
      [2, 11, 'new'],
      [3, 11, 'this'],
    ],
  );
});

test('a parse error is the only finding, since nothing else can be checked', () => {
  const found = lintCode('const x = new Thing(;', { context: 'WEB', kind: 'template' });
  assert.deepEqual(found.map((f) => f.rule), ['parse-error']);
});

test('a chain with several ?. is one finding spanning the chain', () => {
  const found = lintCode('const v = data.a?.b?.c;', { context: 'WEB', kind: 'template' });
  assert.deepEqual(found.map((f) => [f.rule, f.column, f.endColumn]), [['optional-chaining', 11, 23]]);
});
