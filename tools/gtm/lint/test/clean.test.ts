// Code in the style of published Gallery templates lints clean: every construct here appears in real exports
// (for...of, switch, typeof, let/const loop heads, arguments in a function, top-level return, hasOwnProperty).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintCode, requiredApis } from '../index.ts';

const WEB_TAG = `
const copyFromWindow = require('copyFromWindow');
const setInWindow = require('setInWindow');
const injectScript = require('injectScript');
const makeString = require('makeString');
const getType = require('getType');
const JSON = require('JSON');
const Object = require('Object');
const Math = require('Math');

if (!data.accountId) {
  data.gtmOnFailure();
  return;
}

var queue = copyFromWindow('vendorQueue') || [];
const methods = ['track', 'identify'];
for (let i = 0; i < methods.length; i++) {
  queue[methods[i]] = queue[methods[i]] || (function (name) {
    return function () {
      queue.push([name, arguments]);
    };
  })(methods[i]);
}

function merge() {
  const target = arguments[0];
  for (let i = 1; i < arguments.length; i++) {
    for (const key in arguments[i]) {
      if (arguments[i].hasOwnProperty(key)) target[key] = arguments[i][key];
    }
  }
  return target;
}

const settings = merge({}, { 'max-age': 60, secure: true }, data.extra || {});
let count = 0;
for (const row of data.rows || []) {
  switch (row.kind) {
    case 'a':
    case 'b':
      count += 1;
      break;
    default:
  }
  if (typeof row.value !== 'string' || getType(row.value) === 'array') continue;
  ++count;
}
const label = count > 0 ? 'rows: ' + makeString(count) : 'empty';
const keys = Object.keys(settings).filter((k) => k.indexOf('x-') !== 0).map(k => k.toUpperCase());
const size = Math.max(keys.length, JSON.stringify(settings).length);
const found = keys.filter((k) => k === label)[0];
while (count > 100) {
  count = Math.floor(count / 2);
}
if (found != null && size) setInWindow('vendorLabel', label, true);
injectScript('https://example.com/v.js', data.gtmOnSuccess, data.gtmOnFailure, 'v');
`;

const SERVER_CLIENT = `
const claimRequest = require('claimRequest');
const getRequestPath = require('getRequestPath');
const returnResponse = require('returnResponse');
const runContainer = require('runContainer');
const Promise = require('Promise');
const createRegex = require('createRegex');
const templateDataStorage = require('templateDataStorage');

if (getRequestPath() !== '/collect') return;
claimRequest();
require('setResponseStatus')(200);
const dash = createRegex('-', 'g');
const events = [{ event_name: 'page_view'.replace(dash, '_') }];
const cached = templateDataStorage.getItemCopy('v') || {};
Promise.all(events.map((event) => Promise.create((resolve) => runContainer(event, resolve))))
  .then(() => returnResponse())
  .catch(() => returnResponse());
templateDataStorage.setItemCopy('v', cached);
`;

test('a web tag written like the published ones has no findings', () => {
  assert.deepEqual(lintCode(WEB_TAG, { context: 'WEB', kind: 'template' }), []);
});

test('a server client written like the published ones has no findings', () => {
  assert.deepEqual(lintCode(SERVER_CLIENT, { context: 'SERVER', kind: 'template' }), []);
});

test('test code may use the test APIs and the names its setup declares', () => {
  const scenario = `
mock('getRequestPath', '/collect');
mock('runContainer', (event, done) => done());
mockObject('templateDataStorage', { getItemCopy: () => undefined, setItemCopy: () => undefined });
runCode(mockData);
assertApi('returnResponse').wasCalled();
assertThat(mockData.id).isEqualTo('x');
if (!mockData) fail('no data');
`;
  assert.deepEqual(lintCode(scenario, { context: 'SERVER', kind: 'test', extraGlobals: ['mockData'] }), []);
  assert.deepEqual(
    lintCode(scenario, { context: 'SERVER', kind: 'test' }).map((f) => [f.rule, f.line]),
    [
      ['unknown-global', 5],
      ['unknown-global', 7],
      ['unknown-global', 8],
    ],
  );
});

test('a declaration counts for its whole scope, and only there', () => {
  const code = `
run();
function run() {
  const inner = 1;
  if (inner) {
    let block = inner;
    var hoisted = block;
  }
  return hoisted;
}
const named = function again(n) { return n ? again(n - 1) : 0; };
named(inner + block);
`;
  assert.deepEqual(
    lintCode(code, { context: 'WEB', kind: 'template' }).map((f) => [f.rule, f.line, f.column, f.message.split(' ')[0]]),
    [
      ['unknown-global', 12, 7, 'inner'],
      ['unknown-global', 12, 15, 'block'],
    ],
  );
});

test('a local function called require is not the sandbox require', () => {
  const code = 'function f(require) {\n  return require(1);\n}';
  assert.deepEqual(lintCode(code, { context: 'WEB', kind: 'template' }), []);
  assert.deepEqual(requiredApis(code), []);
});

test('requiredApis lists every require call with a literal name, nested ones included', () => {
  assert.deepEqual(requiredApis(SERVER_CLIENT).map((r) => r.name), [
    'claimRequest', 'getRequestPath', 'returnResponse', 'runContainer', 'Promise', 'createRegex', 'templateDataStorage',
    'setResponseStatus',
  ]);
  assert.deepEqual(requiredApis("const a = 1;\n  if (a) require('getUrl')();\nrequire(a);"), [{ name: 'getUrl', line: 2, column: 10 }]);
  assert.deepEqual(requiredApis('const a = ;'), []);
});
