// localStorage, templateStorage, sha256, getContainerVersion, logToConsole and addEventCallback on the web, and
// the test host's fresh page per scenario.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTemplateTests } from '../../test-runner/runner.ts';
import { section, tplText } from '../../test/helpers.ts';
import { LoadError } from '../../errors.ts';
import { webTemplateCode } from '../template-code.ts';
import { webTestHost } from '../test-host.ts';
import { evaluateIn, failureIn, pageWith, runToEnd, type Settings } from './helpers.ts';

const STORAGE: Settings = { access_local_storage: { keys: [{ key: 'seen', read: true, write: true }, { key: 'ro', read: true, write: false }] } };

test('localStorage reads, writes and removes strings, per key as allowed', () => {
  const { page, container } = pageWith({ page: { localStorage: { ro: 'fixed' } } });
  const code = `
    const storage = require('localStorage');
    const first = storage.getItem('seen');
    const stored = storage.setItem('seen', 42);
    const second = storage.getItem('seen');
    storage.removeItem('seen');
    return [first, stored, second, storage.getItem('seen'), storage.getItem('ro')];`;
  assert.deepEqual(evaluateIn(container, code, STORAGE), [null, true, '42', null, 'fixed']);
  assert.deepEqual(page.storedItems(), { ro: 'fixed' });
  assert.match(failureIn(container, "require('localStorage').setItem('ro', 'x');", STORAGE), /^localStorage\.setItem: permission denied by access_local_storage: the local storage key "ro" is listed without write access$/);
  assert.match(failureIn(container, "require('localStorage').removeItem('ro');", STORAGE), /^localStorage\.removeItem: permission denied/);
  assert.match(failureIn(container, "require('localStorage').getItem('other');", STORAGE), /^localStorage\.getItem: permission denied by access_local_storage: the local storage key "other" is not listed/);
});

test('localStorage on a page whose storage is blocked reads null and does not store', () => {
  const { container } = pageWith({ page: { localStorage: null } });
  assert.deepEqual(evaluateIn(container, "const s = require('localStorage'); return [s.setItem('seen', 'x'), s.getItem('seen')];", STORAGE), [false, null]);
});

test('templateStorage lives with the page: every run of a template sees it, other templates have their own', () => {
  const { container } = pageWith();
  const load = (name: string) =>
    container.load(
      { code: "const s = require('templateStorage'); const seen = s.getItem('runs') || []; seen.push(data.run); s.setItem('runs', seen); return seen;", permissions: section('WEB', { access_template_storage: {} }), templateType: 'MACRO', name },
      { clock: 'virtual' },
    );
  const a = load('a');
  a.run({ run: 1 });
  assert.deepEqual(a.boundary.copyToHost(a.run({ run: 2 }).value), [1, 2]);
  const b = load('b');
  assert.deepEqual(b.boundary.copyToHost(b.run({ run: 3 }).value), [3]);
  assert.deepEqual([...container.host('a').templateStorage!.keys()], ['runs']);
});

test('sha256 gives the digest asynchronously, in base64 or hex; onFailure without SubtleCrypto', async () => {
  const lines: string[] = [];
  const { container } = pageWith({ container: { log: (args) => lines.push(args.join(' ')) } });
  const code = `
    const log = require('logToConsole');
    require('sha256')('abc', (digest) => log('base64', digest));
    require('sha256')('abc', (digest) => log('hex', digest), undefined, { outputEncoding: 'hex' });
    log('first');`;
  await runToEnd(container, code, { logging: { environments: 'all' } });
  assert.deepEqual(lines, ['first', 'base64 ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=', 'hex ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad']);
  assert.match(failureIn(container, "require('sha256')('abc', () => 1, undefined, { outputEncoding: 'utf8' });"), /^sha256: outputEncoding must be 'base64' or 'hex', not "utf8"$/);
  const crypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
  try {
    lines.length = 0;
    await runToEnd(container, "require('sha256')('abc', () => require('logToConsole')('digest'), () => require('logToConsole')('no crypto'));", { logging: { environments: 'all' } });
    assert.deepEqual(lines, ['no crypto']);
  } finally {
    Object.defineProperty(globalThis, 'crypto', crypto);
  }
});

test('getContainerVersion and logToConsole follow the container: its id, its debug mode', () => {
  const lines: string[] = [];
  const log = (args: readonly unknown[]) => lines.push(args.map((a) => JSON.stringify(a)).join(' '));
  const code = "require('logToConsole')('version', require('getContainerVersion')()); return 1;";
  const settings: Settings = { logging: { environments: 'debug' }, read_container_data: {} };
  evaluateIn(pageWith({ container: { containerId: 'GTM-LIVE', log } }).container, code, settings);
  assert.deepEqual(lines, []);
  evaluateIn(pageWith({ container: { containerId: 'GTM-PREVIEW', debugMode: true, log } }).container, code, settings);
  assert.deepEqual(lines, ['"version" {"containerId":"GTM-PREVIEW","debugMode":true,"environmentName":"","environmentMode":false,"previewMode":true,"version":"0"}']);
});

test('addEventCallback callbacks hear, at the end of the event, how each of its tags ended', async () => {
  const lines: string[] = [];
  const { container } = pageWith({ container: { containerId: 'GTM-EVT', log: (args) => lines.push(args.join(' ')) } });
  const permissions = section('WEB', { read_event_metadata: {}, logging: { environments: 'all' } });
  const tag = (code: string) => container.load({ code, permissions, templateType: 'TAG' });
  const listener = tag(`require('addEventCallback')((id, event) => require('logToConsole')(id, event.tags.map((t) => t.id + ':' + t.status).join(' '), event.tags[0].executionTime >= 0));
                        data.gtmOnSuccess();`);
  const failing = tag('data.gtmOnFailure();');
  const silent = tag('const x = 1;');
  const throwing = tag('const x = null; x.y;');
  const results = await container.runTags(
    [
      { id: 'listener', sandbox: listener },
      { id: 'failing', sandbox: failing },
      { id: 'silent', sandbox: silent },
      { id: 'throwing', sandbox: throwing },
    ],
    { timeoutMs: 50 },
  );
  assert.deepEqual(results.map((r) => r.status), ['success', 'failure', 'timeout', 'failure']);
  assert.deepEqual(lines, ['GTM-EVT listener:success failing:failure silent:timeout throwing:failure true']);
  // a callback hears one event only
  await container.runTags([{ id: 'again', sandbox: failing }]);
  assert.equal(lines.length, 1);
});

test('the test host gives each scenario a fresh page', async () => {
  const text = tplText({
    context: 'WEB',
    type: 'MACRO',
    code: "const getCookieValues = require('getCookieValues'); if (data.set) require('setCookie')('id', 'x', { 'max-age': 60 }); return getCookieValues('id').length;",
    permissions: section('WEB', { get_cookies: { cookies: ['id'] }, set_cookies: { cookies: [{ name: 'id' }] } }),
    scenarios: [
      { name: 'sets', code: 'assertThat(runCode({ set: true })).isEqualTo(1);' },
      { name: 'starts clean', code: 'assertThat(runCode({})).isEqualTo(0);' },
    ],
  });
  const report = await runTemplateTests(text, { host: webTestHost() });
  assert.deepEqual(report.scenarios.map((s) => [s.name, s.passed, s.failure]), [
    ['sets', true, undefined],
    ['starts clean', true, undefined],
  ]);
});

test('webTemplateCode prepares a web template for a container, and refuses what GTM would not load', () => {
  const text = tplText({ context: 'WEB', type: 'TAG', code: 'data.gtmOnSuccess();', permissions: section('WEB', { read_title: {} }), scenarios: [] });
  assert.deepEqual(webTemplateCode(text, 'tag'), { code: 'data.gtmOnSuccess();', permissions: section('WEB', { read_title: {} }), templateType: 'TAG', name: 'tag' });
  assert.throws(() => webTemplateCode(tplText({ context: 'WEB', code: 'const x = new Date();', scenarios: [] }), 'bad'), (error: Error) => error instanceof LoadError && /^bad is not a template GTM accepts:\n {2}\d+:\d+: /.test(error.message));
  assert.throws(() => webTemplateCode(tplText({ context: 'SERVER', code: 'return 1;', scenarios: [] }), 'server'), /^LoadError: server is a server template/);
});
