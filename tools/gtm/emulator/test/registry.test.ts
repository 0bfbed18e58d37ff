// The API registry and the contract runtimes rely on (docs/emulator.md): every API of the catalog can be required
// in its context; host definitions replace placeholders, get the environment, and have their permission checks
// made before they run; host promises and host work in flight reach the sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_CATALOG, apiNames, type Context } from '../../api/catalog.ts';
import { defineApi, type ApiDefinition } from '../api/define.ts';
import { CORE_APIS, resolveApis } from '../api/registry.ts';
import { NotAvailableError, PermissionError } from '../errors.ts';
import { evaluate, failure, sandbox, section } from './helpers.ts';

const CONTEXTS: Context[] = ['WEB', 'SERVER'];

test('every API of the catalog resolves in each of its contexts, and nowhere else', () => {
  for (const context of CONTEXTS) {
    assert.deepEqual([...resolveApis(context).keys()].sort(), apiNames(context).sort());
  }
});

test('core definitions serve exactly the catalog contexts of their APIs', () => {
  for (const definition of CORE_APIS) {
    const entry = API_CATALOG[definition.name]!;
    const catalogContexts = CONTEXTS.filter((c) => (c === 'WEB' ? entry.web : entry.server) !== undefined);
    assert.deepEqual([...definition.contexts].sort(), catalogContexts.sort(), definition.name);
  }
});

test('the core implements the APIs that need no host', () => {
  assert.deepEqual(CORE_APIS.map((d) => d.name).sort(), [
    'JSON', 'Math', 'Object', 'Promise', 'callLater', 'computeEffectiveTldPlusOne', 'createRegex', 'decodeUri', 'decodeUriComponent',
    'encodeUri', 'encodeUriComponent', 'fromBase64', 'generateRandom', 'getContainerVersion', 'getTimestamp', 'getTimestampMillis',
    'getType', 'logToConsole', 'makeInteger', 'makeNumber', 'makeString', 'makeTableMap', 'parseUrl', 'queryPermission', 'sha256',
    'sha256Sync', 'templateDataStorage', 'templateStorage', 'testRegex', 'toBase64',
  ]);
});

test('APIs without an implementation throw NotAvailableError when called, whatever the permissions', () => {
  const error = failure("require('sendHttpRequest')('https://a.example/');", { permissions: [] });
  assert.ok(error instanceof NotAvailableError);
  assert.equal(error.api, 'sendHttpRequest');
  const object = failure("require('Firestore').read('users/u1');");
  assert.equal(object.message, "Firestore is not available in this emulator yet (the server runtime will provide it); in tests, replace it with mockObject('Firestore', …)");
  assert.deepEqual(evaluate("return require('getType')(require('localStorage').getItem);", { context: 'WEB' }), 'function');
});

test('definitions must match the catalog', () => {
  const wrongContext = defineApi({ name: 'injectScript', contexts: ['SERVER'], create: () => () => 1 });
  assert.throws(() => resolveApis('SERVER', [wrongContext]), /API definition injectScript: api\/catalog\.ts has no injectScript in SERVER templates/);
  const unknown = defineApi({ name: 'doMagic', contexts: ['WEB'], create: () => () => 1 });
  assert.throws(() => resolveApis('WEB', [unknown]), /has no doMagic in WEB templates/);
});

/** A host's injectScript, as the web runtime would define it: a permission check per call, work in flight. */
function injectScript(loaded: string[]): ApiDefinition {
  return defineApi({
    name: 'injectScript',
    contexts: ['WEB'],
    permission: (url) => [[url]],
    create: (env) => (url: string, onSuccess: () => void) => {
      const load = Promise.resolve().then(() => {
        loaded.push(url);
        onSuccess();
      });
      env.scheduler.track(load);
    },
  });
}

test('a host definition replaces the placeholder, with its permission checks before it runs', async () => {
  const loaded: string[] = [];
  const permissions = section('WEB', { inject_script: { urls: ['https://cdn.example.com/*'] } });
  const out: unknown[] = [];
  const box = sandbox("require('injectScript')(data.url, () => data.out('loaded'));", { context: 'WEB', permissions, host: { apis: [injectScript(loaded)] } });
  assert.equal(box.run({ url: 'https://cdn.example.com/a.js', out: (x: unknown) => out.push(x) }).error, undefined);
  await box.scheduler.settle();
  assert.deepEqual([loaded, out], [['https://cdn.example.com/a.js'], ['loaded']]);
  const denied = box.run({ url: 'https://evil.example/a.js', out: () => undefined }).error;
  assert.ok(denied instanceof PermissionError);
  assert.equal(denied.message, 'injectScript: permission denied by inject_script: the URL "https://evil.example/a.js" matches none of its URL patterns (https://cdn.example.com/*)');
  assert.deepEqual(loaded, ['https://cdn.example.com/a.js']);
});

test('object APIs of a host check permissions member by member', () => {
  const store = new Map<string, string>();
  const localStorage = defineApi({
    name: 'localStorage',
    contexts: ['WEB'],
    permission: { getItem: (key) => [['read', key]], setItem: (key) => [['write', key]], removeItem: (key) => [['write', key]] },
    create: () => ({
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
      removeItem: (key: string) => void store.delete(key),
    }),
  });
  const permissions = section('WEB', { access_local_storage: { keys: [{ key: 'seen', read: true, write: false }] } });
  store.set('seen', 'yes');
  assert.equal(evaluate("return require('localStorage').getItem('seen');", { context: 'WEB', permissions, host: { apis: [localStorage] } }), 'yes');
  assert.equal(
    failure("require('localStorage').setItem('seen', 'no');", { context: 'WEB', permissions, host: { apis: [localStorage] } }).message,
    'localStorage.setItem: permission denied by access_local_storage: the local storage key "seen" is listed without write access',
  );
});

test('host APIs return sandbox promises made from native ones; their results arrive as sandbox values', async () => {
  const sendHttpRequest = defineApi({
    name: 'sendHttpRequest',
    contexts: ['SERVER'],
    permission: (url) => [[url]],
    create: (env) => (url: string) => {
      const response = new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200, headers: {}, body: url }), 5));
      env.scheduler.track(response);
      return env.promises.from(response);
    },
  });
  const permissions = section('SERVER', { send_http: { urls: 'any' } });
  const out: unknown[][] = [];
  const box = sandbox("require('sendHttpRequest')('https://a.example/').then((r) => data.out(r.statusCode, r.body, typeof r.body.startsWith));", {
    permissions,
    host: { apis: [sendHttpRequest] },
  });
  box.run({ out: (...args: unknown[]) => out.push(args) });
  await box.scheduler.settle();
  assert.deepEqual(out, [[200, 'https://a.example/', 'undefined']]);
});
