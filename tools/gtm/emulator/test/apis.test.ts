// Every core API: its behaviour and its argument checks, in the context(s) that have it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.ts';
import { PROMISE_TIMEOUT_REASON } from '../api/core/promise.ts';
import { translateRe2 } from '../api/core/re2.ts';
import { evaluate, failure, sandbox, section, type Options } from './helpers.ts';

const WEB: Options = { context: 'WEB' };

/** Runs code that reports through data.out(...) — also from callbacks — and returns every report once all settled. */
async function reports(code: string, options: Options = {}): Promise<unknown[][]> {
  const out: unknown[][] = [];
  const box = sandbox(code, options);
  const { error } = box.run({ out: (...args: unknown[]) => out.push(args.map((a) => box.boundary.copyToHost(a))) });
  if (error !== undefined) throw error;
  await box.scheduler.settle();
  return out;
}

test('JSON: parse builds sandbox values and gives undefined for bad input; stringify gives undefined for cycles', () => {
  assert.deepEqual(
    evaluate(`const JSON = require('JSON');
      const parsed = JSON.parse('{"a":[1,{"b":null}]}');
      const cycle = {}; cycle.self = cycle;
      return [parsed, typeof parsed.a.includes, JSON.parse('{bad'), JSON.parse(5), JSON.stringify({ a: [1, 'x'], f: function () {} }), JSON.stringify(cycle)];`),
    [{ a: [1, { b: null }] }, 'undefined', undefined, 5, '{"a":[1,"x"]}', undefined],
  );
});

test('Math: the documented functions, arguments converted to numbers, and no random', () => {
  assert.deepEqual(
    evaluate(`const Math = require('Math');
      return [Math.abs(-2), Math.ceil(1.2), Math.floor('1.8'), Math.round(2.5), Math.max(1, '7', 3), Math.min(4, 2), Math.pow(2, 10), Math.sqrt(16), typeof Math.random, typeof Math.PI];`),
    [2, 2, 1, 3, 7, 2, 1024, 4, 'undefined', 'undefined'],
  );
});

test('Object: keys, values, entries, freeze and delete', () => {
  assert.deepEqual(
    evaluate(`const Object = require('Object');
      const o = { a: 1, b: [2] };
      const frozen = Object.freeze({ k: 1 });
      frozen.k = 2;
      const removed = Object.delete(o, 'a');
      return [Object.keys({ x: 1, y: 2 }), Object.values({ x: 1 }), Object.entries({ x: 1 }), frozen.k, removed, o, Object.delete(frozen, 'k'),
              Object.delete(o, 'absent'), Object.keys(null), typeof Object.keys({}).includes];`),
    [['x', 'y'], [1], [['x', 1]], 1, true, { b: [2] }, false, true, [], 'undefined'],
  );
  const error = failure("require('Object').delete('text', 'length');");
  assert.ok(error instanceof ApiError);
  assert.equal(error.message, 'Object.delete: argument 1 (objectInput) must be an object or an array, not the string "text"');
});

test('getType tells arrays and null from objects', () => {
  assert.deepEqual(
    evaluate("const getType = require('getType'); return [getType('s'), getType(1), getType(true), getType(null), getType(undefined), getType([]), getType({}), getType(getType)];"),
    ['string', 'number', 'boolean', 'null', 'undefined', 'array', 'object', 'function'],
  );
});

test('makeInteger, makeNumber and makeString convert like Number and String (integers cut toward zero)', () => {
  assert.deepEqual(
    evaluate(`const makeInteger = require('makeInteger'); const makeNumber = require('makeNumber'); const makeString = require('makeString');
      return [makeInteger('3.7'), makeInteger(-3.7), makeNumber('12.5'), makeNumber('x') !== makeNumber('x'), makeString(5), makeString(null), makeString([1, 2]), makeString(undefined)];`),
    [3, -3, 12.5, true, '5', 'null', '1,2', 'undefined'],
  );
});

test('makeTableMap maps a table field to an object; null when it is not such a table', () => {
  assert.deepEqual(
    evaluate(`const makeTableMap = require('makeTableMap');
      return [makeTableMap([{ key: 'a', value: 1 }, { key: 'b', value: { deep: true } }], 'key', 'value'), makeTableMap('nope', 'key', 'value'),
              makeTableMap([{ other: 'a' }], 'key', 'value'), makeTableMap([], 'key', 'value')];`),
    [{ a: 1, b: { deep: true } }, null, null, {}],
  );
  assert.equal(failure("require('makeTableMap')([], 1, 'value');").message, 'makeTableMap: argument 2 (keyColumnName) must be a string, not number 1');
});

test('URI coding: ECMAScript semantics, undefined for input that cannot be coded', () => {
  assert.deepEqual(
    evaluate(`const encodeUri = require('encodeUri'); const encodeUriComponent = require('encodeUriComponent');
      const decodeUri = require('decodeUri'); const decodeUriComponent = require('decodeUriComponent');
      return [encodeUri('https://a.b/c d?e=ü'), encodeUriComponent('a b&c/d'), decodeUri('%20%2F'), decodeUriComponent('%20%2F'),
              decodeUriComponent('%E0%A4%A'), encodeUriComponent('\\uD800')];`),
    ['https://a.b/c%20d?e=%C3%BC', 'a%20b%26c%2Fd', ' %2F', ' /', undefined, undefined],
  );
});

test('toBase64 and fromBase64: UTF-8, the server option urlEncoding, undefined for bad input', () => {
  assert.deepEqual(evaluate("return [require('toBase64')('hi?'), require('toBase64')('é'), require('fromBase64')('aGk/'), require('fromBase64')('!!'), require('fromBase64')('w6k')];", WEB), ['aGk/', 'w6k=', 'hi?', undefined, 'é']);
  assert.deepEqual(evaluate("return [require('toBase64')('hi?', { urlEncoding: true }), require('toBase64')('hi?'), require('fromBase64')('aGk_')];"), ['aGk_', 'aGk/', 'hi?']);
  assert.equal(failure("require('toBase64')(12);").message, 'toBase64: argument 1 (input) must be a string, not number 12');
  assert.equal(failure("require('toBase64')('a', 'url');").message, "toBase64: argument 2 (options) must be an object or left out, not the string \"url\"");
});

const ABC_BASE64 = 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=';
const ABC_HEX = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

test('sha256 calls back later with the digest, in each context\'s signature', async () => {
  assert.deepEqual(
    await reports("const sha256 = require('sha256'); sha256('abc', (d) => data.out('b64', d)); sha256('abc', (d) => data.out('hex', d), undefined, { outputEncoding: 'hex' }); data.out('sync part done');", WEB),
    [['sync part done'], ['b64', ABC_BASE64], ['hex', ABC_HEX]],
  );
  assert.deepEqual(await reports("require('sha256')('abc', (d) => data.out(d), { outputEncoding: 'hex' });"), [[ABC_HEX]]);
  assert.equal(failure("require('sha256')('abc', (d) => d, { outputEncoding: 'base32' });").message, "sha256: outputEncoding must be 'base64' or 'hex', not \"base32\"");
  assert.equal(failure("require('sha256')('abc');", WEB).message, 'sha256: argument 2 (onSuccess) must be a function, not undefined');
});

test('sha256Sync (server only) returns the digest', () => {
  assert.deepEqual(evaluate("const s = require('sha256Sync'); return [s('abc'), s('abc', { outputEncoding: 'hex' })];"), [ABC_BASE64, ABC_HEX]);
  assert.match(failure("const r = require; r('sha256Sync');", { ...WEB, lint: false }).message, /Unknown API "sha256Sync"/);
});

test('generateRandom gives integers from min to max inclusive, from the host\'s random source', () => {
  const at = (random: number) => evaluate("return require('generateRandom')(1, 6);", { host: { random: () => random } });
  assert.deepEqual([at(0), at(0.5), at(0.9999)], [1, 4, 6]);
  assert.equal(failure("require('generateRandom')('1', 6);").message, 'generateRandom: argument 1 (min) must be a number, not the string "1"');
});

test('getTimestamp and getTimestampMillis read the host clock in milliseconds', () => {
  assert.deepEqual(evaluate("return [require('getTimestampMillis')(), require('getTimestamp')()];", { host: { now: () => 1747945830456 } }), [1747945830456, 1747945830456]);
});

test('callLater runs after the current code and after the promise callbacks it queued', async () => {
  assert.deepEqual(
    await reports(`const callLater = require('callLater'); const Promise = require('Promise');
      callLater(() => data.out('later 1'));
      Promise.create((resolve) => resolve('value')).then((v) => data.out('then', v));
      callLater(() => data.out('later 2'));
      data.out('now');`),
    [['now'], ['then', 'value'], ['later 1'], ['later 2']],
  );
  assert.equal(failure("require('callLater')('notAFunction');").message, 'callLater: argument 1 (function) must be a function, not the string "notAFunction"');
});

test('parseUrl gives the parts of a URL, repeated parameters as arrays, undefined for malformed URLs', () => {
  assert.deepEqual(evaluate("return [require('parseUrl')('https://u:p@www.example.com:8080/a/b?x=1&y=2&y=3#top'), require('parseUrl')('not a url')];"), [
    {
      href: 'https://u:p@www.example.com:8080/a/b?x=1&y=2&y=3#top',
      origin: 'https://www.example.com:8080',
      protocol: 'https:',
      username: 'u',
      password: 'p',
      host: 'www.example.com:8080',
      hostname: 'www.example.com',
      port: '8080',
      pathname: '/a/b',
      search: '?x=1&y=2&y=3',
      searchParams: { x: '1', y: ['2', '3'] },
      hash: '#top',
    },
    undefined,
  ]);
});

test('getContainerVersion: defaults for tests, overridable by the host, behind read_container_data', () => {
  const permissions = section('WEB', { read_container_data: {} });
  assert.deepEqual(evaluate("return require('getContainerVersion')();", { ...WEB, permissions, host: { debugMode: true } }), {
    containerId: 'GTM-EMULATOR',
    debugMode: true,
    environmentName: '',
    environmentMode: false,
    previewMode: true,
    version: '0',
  });
  assert.equal(evaluate("return require('getContainerVersion')().containerId;", { ...WEB, permissions, host: { containerVersion: { containerId: 'GTM-ABC' } } }), 'GTM-ABC');
});

test('Promise (server): create, then/catch/finally chains, all, and the 5 s limit', async () => {
  const out = await reports(`const Promise = require('Promise');
      Promise.create((resolve) => resolve(1))
        .then((v) => Promise.create((resolve) => resolve(v + 1)))
        .then((v) => data.out('chained', v));
      Promise.create((resolve, reject) => reject('no')).catch((r) => data.out('caught', r)).finally(() => data.out('finally'));
      Promise.all([Promise.create((resolve) => resolve('a')), 'b', undefined]).then((all) => data.out('all', all, typeof all.includes));
      Promise.all([Promise.create((resolve, reject) => reject('first')), Promise.create((resolve) => resolve('x'))]).catch((r) => data.out('all rejected', r));
      Promise.create((resolve) => { data.missing.x; }).catch((e) => data.out('executor threw', e));
      Promise.create(() => {}).then(() => data.out('never'), (reason) => data.out('timed out', reason));`);
  // the order of promise callbacks is the engine's; the 5 s limit comes last, once nothing else is left to run
  const sorted = (items: unknown[][]) => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  assert.deepEqual(
    sorted(out),
    sorted([
      ['caught', 'no'],
      ['finally'],
      ['all', ['a', 'b', undefined], 'undefined'],
      ['all rejected', 'first'],
      // the sandbox's error object is no plain value, so it crosses into the callback as undefined
      ['executor threw', undefined],
      ['chained', 2],
      ['timed out', PROMISE_TIMEOUT_REASON],
    ]),
  );
  assert.deepEqual(out.at(-1), ['timed out', PROMISE_TIMEOUT_REASON]);
  assert.equal(failure("require('Promise').create('x');").message, 'Promise.create: argument 1 (resolver) must be a function, not the string "x"');
  assert.equal(failure("require('Promise').all('x');").message, 'Promise.all: argument 1 (inputs) must be an array, not the string "x"');
  assert.match(failure("const r = require; r('Promise');", { ...WEB, lint: false }).message, /exists only in server templates/);
});

test('createRegex and testRegex: RE2 patterns, flags g and i, null for what RE2 rejects', () => {
  assert.deepEqual(
    evaluate(`const createRegex = require('createRegex'); const testRegex = require('testRegex');
      const digits = createRegex('[0-9]+', 'g');
      const named = createRegex('(?P<word>[a-z]+)-\\\\d');
      return [testRegex(createRegex('^ab', 'i'), 'ABC'), testRegex(digits, 'a1'), testRegex(digits, 'a1'), testRegex(digits, 'a1'),
              'a1b22'.replace(digits, '#'), 'x-1'.match(named)[1], 'a1b22'.split(createRegex('[0-9]+')), 'abc'.search(createRegex('c')),
              createRegex('(a)\\\\1'), createRegex('a(?=b)'), createRegex('(?<!a)b'), createRegex('a{1001}'), createRegex('(unclosed'),
              typeof digits.exec, typeof digits.test];`),
    [true, true, false, true, 'a#b#', 'x', ['a', 'b', ''], 2, null, null, null, null, null, 'undefined', 'undefined'],
  );
  assert.equal(failure("require('testRegex')({}, 'a');").message, 'testRegex: argument 1 (regex) must be a regex made by createRegex');
  assert.equal(failure("require('createRegex')(1);").message, 'createRegex: argument 1 (pattern) must be a string, not number 1');
});

test('RE2 syntax is translated where JavaScript spells it differently, and refused where RE2 refuses it', () => {
  assert.deepEqual(translateRe2('(?i)(?P<n>[[:digit:]]+)\\Q.*\\E\\z'), { source: '(?<n>[0-9]+)\\.\\*$(?![\\s\\S])', flags: 'i' });
  assert.deepEqual(translateRe2('\\Aab[]a]'), { source: '(?<![\\s\\S])ab[\\]a]', flags: '' });
  assert.deepEqual(translateRe2('a++'), { error: 'possessive quantifiers are not supported by RE2' });
  assert.deepEqual(translateRe2('(?P=n)'), { error: 'named backreferences ((?P=name)) are not supported by RE2' });
  assert.deepEqual(translateRe2('\\k<n>'), { error: 'named backreferences (\\k<…>) are not supported by RE2' });
  assert.deepEqual(translateRe2('(?>a)'), { error: 'atomic groups ((?>…)) are not supported by RE2' });
  assert.deepEqual(translateRe2('[a'), { error: 'a character class ([…) is not closed' });
});

test('computeEffectiveTldPlusOne (server) by the Public Suffix List rules (from its embedded excerpt)', () => {
  assert.deepEqual(
    evaluate(`const e = require('computeEffectiveTldPlusOne');
      return [e('analytics.example.co.uk'), e('https://www.example.com/path'), e('example.com'), e('co.uk'), e('192.168.0.1'),
              e('a.b.foo.ck'), e('www.ck'), e('me.github.io'), e('a.b.example.unknowntld'), e('')];`),
    ['example.co.uk', 'example.com', 'example.com', '', '', 'b.foo.ck', 'www.ck', 'me.github.io', 'example.unknowntld', ''],
  );
});

test('templateStorage (web) keeps references per template instance, behind access_template_storage', () => {
  const permissions = section('WEB', { access_template_storage: {} });
  assert.deepEqual(
    evaluate(`const s = require('templateStorage'); const o = { n: 1 };
      s.setItem('o', o); o.n = 2;
      const same = s.getItem('o') === o;
      s.setItem('x', 'y'); s.removeItem('x');
      const afterRemove = s.getItem('x');
      s.setItem('z', 1); s.clear();
      return [same, s.getItem('o'), afterRemove, s.getItem('missing')];`, { ...WEB, permissions }),
    [true, null, null, null],
  );
  const shared = new Map<string, unknown>();
  evaluate("require('templateStorage').setItem('k', 'kept'); return 1;", { ...WEB, permissions, host: { templateStorage: shared } });
  assert.equal(evaluate("return require('templateStorage').getItem('k');", { ...WEB, permissions, host: { templateStorage: shared } }), 'kept');
  assert.equal(failure("require('templateStorage').getItem(1);", { ...WEB, permissions }).message, 'templateStorage.getItem: argument 1 (key) must be a string, not number 1');
});

test('templateDataStorage (server) keeps copies; null removes', () => {
  const permissions = section('SERVER', { access_template_storage: {} });
  assert.deepEqual(
    evaluate(`const s = require('templateDataStorage'); const o = { list: [1] };
      s.setItemCopy('o', o); o.list.push(2);
      const first = s.getItemCopy('o'); first.list.push(3);
      s.setItemCopy('gone', 1); s.setItemCopy('gone', null);
      return [s.getItemCopy('o'), s.getItemCopy('o') === s.getItemCopy('o'), s.getItemCopy('gone'), typeof first.list.includes];`, { permissions }),
    [{ list: [1] }, false, null, 'undefined'],
  );
});
