// The ___TESTS___ runner: scenarios in fresh sandboxes sharing the setup's scope, mocks that bypass permissions and
// reset per scenario, failures that end only their scenario, asynchronous work settled before a scenario ends,
// and the assertion set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_CHECKS, MATCHERS } from '../test-runner/assertions.ts';
import { runTemplateTests, type ScenarioResult } from '../test-runner/runner.ts';
import { firstCodeLine, section, tplText, type TplSpec } from './helpers.ts';

async function results(spec: TplSpec): Promise<ScenarioResult[]> {
  const report = await runTemplateTests(tplText(spec));
  assert.deepEqual(report.loadErrors, []);
  return report.scenarios;
}

/** name → failure message, or 'passed'. */
async function outcomes(spec: TplSpec): Promise<Record<string, string>> {
  return Object.fromEntries((await results(spec)).map((r) => [r.name, r.passed ? 'passed' : r.failure!]));
}

test('a failing assertion fails only its scenario; the others still run', async () => {
  assert.deepEqual(
    await outcomes({
      code: 'return data.n * 2;',
      scenarios: [
        { name: 'doubles', code: 'assertThat(runCode({ n: 2 })).isEqualTo(4);' },
        { name: 'checks chain', code: "assertThat(runCode({ n: 2 })).isNumber().isGreaterThan(3).isLessThan(5);\nassertThat('').isString().isEmpty();\nassertThat('x').isString().isEmpty();" },
        { name: 'wrong expectation', code: "assertThat(runCode({ n: 2 })).isEqualTo(5);\nfail('not reached');" },
        { name: 'with a message', code: "assertThat(runCode({ n: 1 }), 'one doubled').isEqualTo(3);" },
        { name: 'still runs', code: 'assertThat(runCode({ n: 0 })).isEqualTo(0);' },
        { name: 'fail()', code: "fail('gave up');" },
        { name: 'fail() without a message', code: 'fail();' },
      ],
    }),
    {
      doubles: 'passed',
      'checks chain': 'expected "x" to be empty',
      'wrong expectation': 'expected 4 to equal 5',
      'with a message': 'one doubled: expected 2 to equal 3',
      'still runs': 'passed',
      'fail()': 'gave up',
      'fail() without a message': 'fail() was called',
    },
  );
});

test('mocks bypass permission checks; unmocked calls are checked', async () => {
  const spec: TplSpec = {
    code: "const s = require('templateDataStorage'); s.setItemCopy('k', 1); return require('getContainerVersion')().containerId;",
    permissions: [],
    scenarios: [
        { name: 'unmocked', code: 'runCode({});' },
        {
          name: 'mocked',
          code: "mockObject('templateDataStorage', { setItemCopy: (k, v) => {} });\nmock('getContainerVersion', { containerId: 'GTM-MOCK' });\nassertThat(runCode({})).isEqualTo('GTM-MOCK');\nassertApi('getContainerVersion').wasCalled();",
        },
    ],
  };
  assert.deepEqual(await outcomes(spec), {
    unmocked: `runCode: the template's code failed at line ${firstCodeLine(spec)}: templateDataStorage.setItemCopy: permission denied by access_template_storage: the template does not declare the access_template_storage permission`,
    mocked: 'passed',
  });
});

test('mocks reset before each scenario; the setup runs again for each, in the scenario\'s scope', async () => {
  assert.deepEqual(
    await outcomes({
      code: "return [require('getTimestampMillis')(), require('makeString')(data.n)];",
      setup: "const state = { runs: 0 };\nfunction twice(x) { return x + x; }\nmock('makeString', (n) => 'made ' + n);",
      scenarios: [
        { name: 'mocks the clock', code: "mock('getTimestampMillis', 5);\nstate.runs = state.runs + 1;\nassertThat(runCode({ n: 1 })).isEqualTo([5, 'made 1']);\nassertThat(state.runs).isEqualTo(1);" },
        { name: 'fresh mocks and state', code: "const out = runCode({ n: twice(2) });\nassertThat(out[0]).isNotEqualTo(5);\nassertThat(out[1]).isEqualTo('made 4');\nassertThat(state.runs).isEqualTo(0);" },
      ],
    }),
    { 'mocks the clock': 'passed', 'fresh mocks and state': 'passed' },
  );
});

test('asynchronous work settles before the scenario ends: callLater, promises, and failures inside them', async () => {
  assert.deepEqual(
    await outcomes({
      type: 'TAG',
      code: "const Promise = require('Promise');\nPromise.create((resolve) => resolve(1)).then(() => data.gtmOnSuccess());",
      setup: "const callLater = require('callLater');",
      scenarios: [
        { name: 'success after the promise', code: "runCode({});\ncallLater(() => assertApi('gtmOnSuccess').wasCalled());" },
        { name: 'a late failed assertion counts', code: "runCode({});\ncallLater(() => assertApi('gtmOnFailure').wasCalled());" },
        { name: 'an assertion inside a promise callback counts', code: "require('Promise').create((resolve) => resolve(2)).then((v) => assertThat(v).isEqualTo(3));" },
        { name: 'an error in a callLater task counts', code: 'callLater(() => { const x = undefined; x.y = 1; });' },
      ],
    }),
    {
      'success after the promise': 'passed',
      'a late failed assertion counts': 'expected gtmOnFailure to have been called, but it was not',
      'an assertion inside a promise callback counts': 'expected 2 to equal 3',
      'an error in a callLater task counts': "Cannot set properties of undefined (setting 'y')",
    },
  );
});

test('a variable that returns a promise: runCode returns it, and then-callbacks run', async () => {
  assert.deepEqual(
    await outcomes({
      code: "return require('Promise').create((resolve) => resolve(data.v));",
      scenarios: [
        { name: 'resolves', code: "runCode({ v: 'x' }).then((v) => assertThat(v).isEqualTo('x'));" },
        { name: 'checked', code: "runCode({ v: 'x' }).then((v) => assertThat(v).isEqualTo('y'));" },
      ],
    }),
    { resolves: 'passed', checked: 'expected "x" to equal "y"' },
  );
});

test('assertApi: calls recorded with their arguments, gtmOnSuccess and gtmOnFailure too', async () => {
  assert.deepEqual(
    await outcomes({
      type: 'TAG',
      context: 'WEB',
      code: "const encode = require('encodeUriComponent');\nencode('a b');\nencode({ deep: [1] });\nif (data.ok) data.gtmOnSuccess(); else data.gtmOnFailure();",
      scenarios: [
        {
          name: 'calls',
          code: "runCode({ ok: true });\nassertApi('encodeUriComponent').wasCalledWith('a b');\nassertApi('encodeUriComponent').wasCalledWith({ deep: [1] });\nassertApi('encodeUriComponent').wasNotCalledWith('c');\nassertApi('gtmOnSuccess').wasCalled();\nassertApi('gtmOnFailure').wasNotCalled();\nassertApi('sendPixel').wasNotCalled();",
        },
        { name: 'not called with', code: "runCode({ ok: false });\nassertApi('encodeUriComponent').wasCalledWith('x');" },
        { name: 'failure reported', code: "runCode({ ok: false });\nassertApi('gtmOnSuccess').wasCalled();" },
        { name: 'unknown API', code: "assertApi('noSuchApi').wasCalled();" },
      ],
    }),
    {
      calls: 'passed',
      'not called with': 'expected encodeUriComponent to have been called with ("x"), but its calls were: ("a b"), ({"deep": [1]})',
      'failure reported': 'expected gtmOnSuccess to have been called, but it was not',
      'unknown API': 'require: Unknown API "noSuchApi": web templates have no API of that name',
    },
  );
});

test('a TAG\'s runCode returns undefined; a MACRO\'s returns the value', async () => {
  assert.deepEqual(await outcomes({ type: 'TAG', code: 'return 1;', scenarios: [{ name: 'tag', code: 'assertThat(runCode({})).isUndefined();' }] }), { tag: 'passed' });
  assert.deepEqual(await outcomes({ type: 'MACRO', code: 'return 1;', scenarios: [{ name: 'macro', code: 'assertThat(runCode({})).isEqualTo(1);' }] }), { macro: 'passed' });
});

test('the template\'s own failure fails the scenario, with the error and its .tpl line', async () => {
  const spec: TplSpec = { code: 'const a = 1;\nreturn data.a.b;', scenarios: [{ name: 'throws', code: 'runCode({});' }] };
  assert.deepEqual(await outcomes(spec), {
    throws: `runCode: the template's code failed at line ${firstCodeLine(spec) + 1}: Cannot read properties of undefined (reading 'b')`,
  });
});

test('APIs no runtime implements yet fail unless mocked, and are reported', async () => {
  const spec: TplSpec = {
    code: "const path = require('getRequestPath')(); const BigQuery = require('BigQuery'); if (path === '/x') BigQuery.insert({ datasetId: 'd', tableId: 't' }, []); return path;",
    scenarios: [
      { name: 'unmocked', code: 'runCode({});' },
      { name: 'mocked', code: "mock('getRequestPath', '/x');\nmockObject('BigQuery', { insert: () => undefined });\nassertThat(runCode({})).isEqualTo('/x');" },
      { name: 'mocked without the member', code: "mock('getRequestPath', '/x');\nmockObject('BigQuery', {});\nrunCode({});" },
    ],
  };
  const scenarios = await results(spec);
  const failed = `runCode: the template's code failed at line ${firstCodeLine(spec)}`;
  assert.deepEqual(
    scenarios.map((s) => [s.name, s.passed, s.failure, s.unavailableApis]),
    [
      ['unmocked', false, `${failed}: getRequestPath is not available in this emulator yet (the server runtime will provide it); in tests, replace it with mock('getRequestPath', …)`, ['getRequestPath']],
      ['mocked', true, undefined, []],
      ['mocked without the member', false, `${failed}: BigQuery.insert: the object given to mockObject('BigQuery', …) has no insert`, []],
    ],
  );
});

test('mock and mockObject check the kind of API; test code requires APIs without checks', async () => {
  assert.deepEqual(
    await outcomes({
      code: 'return 1;',
      permissions: [],
      scenarios: [
        { name: 'mock of an object API', code: "mock('templateDataStorage', {});" },
        { name: 'mockObject of a function', code: "mockObject('getType', {});" },
        { name: 'test code require', code: "const s = require('templateDataStorage');\ns.setItemCopy('k', [1]);\nassertThat(s.getItemCopy('k')).isEqualTo([1]);" },
      ],
    }),
    {
      'mock of an object API': "mock('templateDataStorage', …): templateDataStorage is an object API; use mockObject",
      'mockObject of a function': "mockObject('getType', …): getType is a function; use mock",
      'test code require': 'passed',
    },
  );
});

test('logToConsole output is kept per scenario (test runs are in debug mode)', async () => {
  const [scenario] = await results({
    code: "require('logToConsole')('seen', { a: 1 }, [2]); return 1;",
    permissions: section('SERVER', { logging: { environments: 'debug' } }),
    scenarios: [{ name: 'logs', code: 'runCode({});' }],
  });
  assert.deepEqual(scenario!.logs, ['seen {"a": 1} [2]']);
});

test('files GTM would not accept do not load: lint errors at .tpl positions, unreadable permissions', async () => {
  const text = tplText({ code: 'return 1;', scenarios: [{ name: 'bad', code: 'const d = new Date();' }] });
  const report = await runTemplateTests(text);
  assert.equal(report.scenarios.length, 0);
  const line = text.split('\n').findIndex((l) => l.includes('new Date()')) + 1;
  // `new` and the Date global, both on the scenario's line
  assert.deepEqual(report.loadErrors.map((e) => [e.line, e.message.split(':')[0]]), [[line, '___TESTS___ scenario "bad"'], [line, '___TESTS___ scenario "bad"']]);
  const broken = await runTemplateTests(tplText({ code: 'return 1;', permissions: [{ instance: { key: {} } }], scenarios: [] }));
  assert.match(broken.loadErrors[0]!.message, /permissions cannot be read/);
});

test('code that runs away is stopped, in the scenario, in the template or in a callback; the next scenario runs', async () => {
  const report = await runTemplateTests(
    tplText({
      code: 'if (data.loop) { while (true) {} }\nreturn 1;',
      scenarios: [
        { name: 'scenario loops', code: 'while (true) {}' },
        { name: 'template loops', code: 'runCode({ loop: true });' },
        { name: 'callback loops', code: "require('callLater')(() => { while (true) {} });" },
        { name: 'next', code: 'assertThat(runCode({})).isEqualTo(1);' },
      ],
    }),
    { timeoutMs: 100 },
  );
  const stopped = 'the code ran longer than 100 ms (an endless loop?) and was stopped';
  assert.deepEqual(report.scenarios.map((s) => s.failure ?? 'passed'), [stopped, stopped, stopped, 'passed']);
});

test('assertThat matchers: each passes where it should and fails where it should', () => {
  const cases: [string, unknown, unknown[], boolean][] = [
    ['isUndefined', undefined, [], true], ['isUndefined', null, [], false],
    ['isDefined', 0, [], true], ['isDefined', undefined, [], false],
    ['isNull', null, [], true], ['isNull', undefined, [], false],
    ['isNotNull', 0, [], true], ['isNotNull', null, [], false],
    ['isTrue', true, [], true], ['isTrue', 1, [], false],
    ['isFalse', false, [], true], ['isFalse', 0, [], false],
    ['isTruthy', 'x', [], true], ['isTruthy', '', [], false],
    ['isFalsy', 0, [], true], ['isFalsy', [], [], false],
    ['isNaN', NaN, [], true], ['isNaN', 'x', [], false],
    ['isNotNaN', 1, [], true], ['isNotNaN', NaN, [], false],
    ['isInfinity', -Infinity, [], true], ['isInfinity', 1e308, [], false],
    ['isNotInfinity', 1, [], true], ['isNotInfinity', Infinity, [], false],
    ['isEqualTo', { a: [1, { b: 2 }] }, [{ a: [1, { b: 2 }] }], true], ['isEqualTo', { a: 1 }, [{ a: 1, b: undefined }], false], ['isEqualTo', NaN, [NaN], true],
    ['isNotEqualTo', [1], [[2]], true], ['isNotEqualTo', [1], [[1]], false],
    ['isAnyOf', 2, [1, 2], true], ['isAnyOf', 3, [1, 2], false],
    ['isNoneOf', 3, [1, 2], true], ['isNoneOf', { a: 1 }, [{ a: 1 }], false],
    ['isStrictlyEqualTo', 'a', ['a'], true], ['isStrictlyEqualTo', {}, [{}], false],
    ['isNotStrictlyEqualTo', {}, [{}], true], ['isNotStrictlyEqualTo', 1, [1], false],
    ['isGreaterThan', 2, [1], true], ['isGreaterThan', 1, [1], false],
    ['isGreaterThanOrEqualTo', 1, [1], true], ['isGreaterThanOrEqualTo', 0, [1], false],
    ['isLessThan', 0, [1], true], ['isLessThan', 1, [1], false],
    ['isLessThanOrEqualTo', 1, [1], true], ['isLessThanOrEqualTo', 2, [1], false],
    ['contains', [1, { a: 2 }], [{ a: 2 }, 1], true], ['contains', 'hello', ['ell'], true], ['contains', [1], [2], false], ['contains', 5, [5], false],
    ['doesNotContain', [1], [2, 3], true], ['doesNotContain', 'abc', ['b'], false],
    ['containsExactly', [2, 1, 1], [1, 2, 1], true], ['containsExactly', [1, 2], [1, 2, 2], false], ['containsExactly', [1, 1], [1, 2], false],
    ['doesNotContainExactly', [1, 2], [1], true], ['doesNotContainExactly', [1, 2], [2, 1], false],
    ['hasLength', 'abc', [3], true], ['hasLength', [1], [2], false], ['hasLength', { length: 1 }, [1], false],
    ['isEmpty', [], [], true], ['isEmpty', {}, [], true], ['isEmpty', 'a', [], false], ['isEmpty', 0, [], false],
    ['isNotEmpty', [0], [], true], ['isNotEmpty', '', [], false],
    ['isArray', [], [], true], ['isArray', {}, [], false],
    ['isBoolean', false, [], true], ['isBoolean', 'true', [], false],
    ['isFunction', () => 1, [], true], ['isFunction', {}, [], false],
    ['isNumber', 1, [], true], ['isNumber', '1', [], false],
    ['isObject', {}, [], true], ['isObject', [], [], false], ['isObject', null, [], false],
    ['isString', '', [], true], ['isString', 1, [], false],
  ];
  for (const [matcher, actual, args, passes] of cases) {
    assert.equal(MATCHERS[matcher]!(actual, args) === undefined, passes, `${matcher}(${String(actual)}, ${JSON.stringify(args)})`);
  }
  const tested = new Set(cases.map(([name]) => name));
  assert.deepEqual(Object.keys(MATCHERS).filter((name) => !tested.has(name)), []);
  assert.equal(MATCHERS['containsExactly']!([1], [2]), 'expected [1] to contain exactly 2');
  assert.equal(API_CHECKS['wasNotCalled']!('sendPixel', [['a'], []], []), 'expected sendPixel not to have been called, but it was called 2 times: ("a"), ()');
});
