// The sandbox language at run time: no globals, the standard library trimmed to GTM's list, require's errors,
// lint errors at load time, values crossing the boundary by GTM's rules, and a time limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ABSENT_METHODS, DOCUMENTED_METHODS, OBSERVED_METHODS } from '../../lint/index.ts';
import { ApiError, LoadError, SandboxTimeoutError } from '../errors.ts';
import { evaluate, failure, sandbox } from './helpers.ts';

const SAMPLE: Record<string, string> = { Array: '[1]', String: "'s'", Number: '(1)', Boolean: 'true', Object: '({})', Function: '(function () {})' };

test('every documented and observed standard-library method is there', () => {
  for (const [type, methods] of Object.entries(DOCUMENTED_METHODS)) {
    for (const method of [...methods, ...OBSERVED_METHODS[type as keyof typeof OBSERVED_METHODS]]) {
      assert.equal(evaluate(`return typeof ${SAMPLE[type]}.${method};`), 'function', `${type}.${method}`);
    }
  }
});

test('every method the sandbox lacks is undefined at run time, on every type that has it in ECMAScript', () => {
  for (const [method, { on }] of Object.entries(ABSENT_METHODS)) {
    for (const type of on) assert.equal(evaluate(`return typeof ${SAMPLE[type]}.${method};`, { lint: false }), 'undefined', `${type}.${method}`);
  }
  // more of ECMAScript than the lint table names
  for (const expression of ['[].constructor', '({}).valueOf', '({}).__proto__', '(function () {}).constructor', "''.codePointAt", '({}).isPrototypeOf']) {
    assert.equal(evaluate(`return typeof ${expression};`, { lint: false }), 'undefined', expression);
  }
});

test('the trimmed library still works: iteration, conversions and string methods with string patterns', () => {
  assert.deepEqual(
    evaluate(`
      const out = [];
      for (const x of [1, 2]) out.push(x * 2);
      for (const k in { a: 1 }) out.push(k);
      out.push('a-b-c'.split('-').join('+'), 'abc'.replace('b', 'x'), 'x1'.search('1'), [3, 1, 2].sort().join(''), [1, [2, 3]] + '', ({}) + '');
      out.push('abc'.match('b')[0], ({ k: 1 }).hasOwnProperty('k'));
      return out;`),
    [2, 4, 'a', 'a+b+c', 'axc', 1, '123', '1,2,3', '[object Object]', 'b', true],
  );
});

test('no globals but data and require: no window, Date, RegExp, Promise, timers, console or built-in namespaces', () => {
  const names = ['window', 'document', 'globalThis', 'Date', 'RegExp', 'Promise', 'setTimeout', 'setInterval', 'console', 'eval', 'Function', 'Object', 'Array', 'String', 'JSON', 'Math', 'Reflect', 'Proxy', 'Symbol', 'Map', 'parseInt', 'encodeURIComponent', 'process'];
  const types = evaluate(`return [${names.map((n) => `typeof ${n}`).join(', ')}];`, { lint: false });
  assert.deepEqual(types, names.map(() => 'undefined'));
  assert.deepEqual(evaluate('return [typeof data, typeof require, NaN !== NaN, Infinity > 0, typeof undefined];', { lint: false }), ['object', 'function', true, true, 'undefined']);
});

test('code cannot be generated from strings', () => {
  // a generator function (which the linter rejects) still reaches its constructor, which cannot compile strings
  const error = failure("return (function* () {}).constructor('return 1')();", { lint: false });
  assert.equal(error.message, 'Code generation from strings disallowed for this context');
});

test('require of an unknown API, or of an API of the other context, fails with "Unknown API"', () => {
  const unknown = failure("const r = require; return r('nope');", { lint: false });
  assert.ok(unknown instanceof ApiError);
  assert.equal(unknown.message, 'require: Unknown API "nope": server templates have no API of that name');
  const web = failure("const r = require; return r('injectScript');", { lint: false });
  assert.equal(web.message, 'require: Unknown API "injectScript": it exists only in web templates, and this is a server template');
  assert.equal(failure("const r = require; return r('sendHttpRequest');", { lint: false, context: 'WEB' }).message, 'require: Unknown API "sendHttpRequest": it exists only in server templates, and this is a web template');
  assert.equal(failure('const r = require; return r(1);', { lint: false }).message, 'require: the API name must be a string, not number');
});

test('code GTM would reject does not load: the linter errors, with line and column', () => {
  assert.throws(
    () => sandbox("const x = 1;\nconst d = new Date();\nreturn require('unknownApi');"),
    (error: unknown) => {
      assert.ok(error instanceof LoadError);
      assert.deepEqual(
        error.problems.map((p) => `${p.line}:${p.column}`),
        ['2:11', '2:15', '3:16'],
      );
      assert.match(error.message, /^template is not code GTM accepts:\n {2}2:11: `new` is not available/);
      return true;
    },
  );
  // warnings (methods GTM may lack) do not stop the load; the method is simply absent at run time
  assert.equal(evaluate("return typeof 'a'.startsWith;"), 'undefined');
});

test('data from the host is copied in, so the trimmed prototypes apply to it; non-plain objects arrive undefined', () => {
  class Thing {}
  const data = { list: [1, 2], nested: { when: new Date(0), thing: new Thing(), fine: 'yes' }, big: 10n };
  const result = evaluate('return [typeof data.list.includes, data.list.indexOf(2), data.nested.when, data.nested.thing, data.nested.fine, data.big];', {}, data);
  assert.deepEqual(result, ['undefined', 1, undefined, undefined, 'yes', undefined]);
});

test('functions cross wrapped: host functions are callable in the sandbox, sandbox functions from the host', () => {
  const calls: unknown[][] = [];
  const data = { report: (...args: unknown[]) => calls.push(args) };
  const box = sandbox("data.report('called', 2); return function (x) { return [x.length, typeof x.includes]; };");
  const fn = box.boundary.toHost(box.run(data).value) as (x: unknown) => unknown;
  assert.deepEqual(calls, [['called', 2]]);
  // the sandbox function, called from the host, gets host arrays as sandbox arrays
  assert.deepEqual(box.boundary.copyToHost(fn([1, 2])), [2, 'undefined']);
});

test('values the sandbox made come back unchanged (identity holds through the boundary)', () => {
  const box = sandbox("const s = require('templateDataStorage'); return 1;");
  const { boundary } = box;
  const fn = box.realm.compileFunction('return 1;', [], 'f');
  assert.equal(boundary.toSandbox(boundary.toHost(fn)), fn);
  const hostFn = (): number => 2;
  assert.equal(boundary.toHost(boundary.toSandbox(hostFn)), hostFn);
  const object = box.realm.newObject();
  assert.equal(boundary.toSandbox(object), object);
});

test('a variable returns its value; a run that throws reports the error', () => {
  assert.equal(evaluate('return data.a + 1;', {}, { a: 1 }), 2);
  const { value, error } = sandbox('const x = data.missing.deeper; return x;').run({});
  assert.equal(value, undefined);
  assert.match(String(error), /Cannot read properties of undefined/);
});

test('a TAG that throws before reporting fails like gtmOnFailure; one that reported stays as reported', () => {
  const outcome: string[] = [];
  const callbacks = { onSuccess: () => outcome.push('success'), onFailure: () => outcome.push('failure') };
  sandbox('const x = data.missing.deeper;', { templateType: 'TAG' }).run({}, callbacks);
  sandbox('data.gtmOnSuccess(); const x = data.missing.deeper;', { templateType: 'TAG' }).run({}, callbacks);
  assert.deepEqual(outcome, ['failure', 'success']);
});

test('runaway code is stopped after the time limit', () => {
  const started = Date.now();
  const error = failure('while (true) {}', { timeoutMs: 100 });
  assert.ok(error instanceof SandboxTimeoutError);
  assert.equal(error.message, 'the code ran longer than 100 ms (an endless loop?) and was stopped');
  assert.ok(Date.now() - started < 2000);
});

test('runaway code in a promise callback (an entry of its own, after the run) is stopped too; the sandbox runs on', async () => {
  const out: string[] = [];
  const box = sandbox(
    `const Promise = require('Promise');
     if (data.loop) Promise.create((resolve) => resolve()).then(() => { while (true) {} }).then(() => data.out('went on'), () => data.out('stopped'));
     return 'returned';`,
    { timeoutMs: 100 },
  );
  assert.equal(box.run({ loop: true, out: (text: string) => out.push(text) }).value, 'returned');
  await box.scheduler.settle();
  assert.deepEqual(out, ['stopped']);
  assert.equal(box.run({ loop: false }).value, 'returned');
});

test('each sandbox is its own realm: changes to one do not reach another', () => {
  evaluate("[].join.x = 1; return 1;", { lint: false });
  assert.equal(evaluate('return typeof [].join.x;', { lint: false }), 'undefined');
});

test('what one run writes onto an API does not reach the next run of the same sandbox', () => {
  const box = sandbox("const JSON = require('JSON'); const seen = JSON.note; JSON.note = 'left by a run'; return seen;");
  assert.equal(box.run({}).value, undefined);
  assert.equal(box.run({}).value, undefined);
});
