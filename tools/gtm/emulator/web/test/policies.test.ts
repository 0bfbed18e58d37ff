// Page policies, gtag('policy', permissionId | 'all', fn): every permission check a template's call passes is also
// put to them; a falsy result or an exception rejects the call, which ends the template's run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { section } from '../../test/helpers.ts';
import type { PolicyFunction } from '../policies.ts';
import { evaluateIn, failureIn, globals, gtag, pageWith, type Settings } from './helpers.ts';

const SCRIPTS: Settings = { inject_script: { urls: ['https://cdn.example.com/'] } };

test('a policy for a permission allows, rejects, or rejects with the reason it throws', () => {
  const { page, container } = pageWith({ container: { containerId: 'GTM-TEST' } });
  const seen: unknown[][] = [];
  gtag(page.window['dataLayer'])('policy', 'inject_script', ((containerId, permissionId, data) => {
    seen.push([containerId, permissionId, data]);
    const url = String(data['url']);
    if (url.endsWith('/allowed.js')) return true;
    if (url.endsWith('/error.js')) throw new Error('scripts from the CDN need a review');
    if (url.endsWith('/string.js')) throw 'not on this page';
    return false;
  }) as PolicyFunction);
  const inject = (file: string) => `require('injectScript')('https://cdn.example.com/${file}');`;
  assert.equal(evaluateIn(container, `${inject('allowed.js')} return 'ok';`, SCRIPTS), 'ok');
  assert.equal(failureIn(container, inject('other.js'), SCRIPTS), "injectScript: permission denied by inject_script: the page's policy rejected it");
  assert.equal(failureIn(container, inject('error.js'), SCRIPTS), "injectScript: permission denied by inject_script: the page's policy rejected it: scripts from the CDN need a review");
  assert.equal(failureIn(container, inject('string.js'), SCRIPTS), "injectScript: permission denied by inject_script: the page's policy rejected it: not on this page");
  assert.deepEqual(seen[0], ['GTM-TEST', 'inject_script', { url: 'https://cdn.example.com/allowed.js' }]);
  assert.deepEqual(page.requests, [{ kind: 'script', url: 'https://cdn.example.com/allowed.js' }]);
});

test("the template's own permissions are checked first: a call they deny never reaches the policies", () => {
  const { page, container } = pageWith();
  let calls = 0;
  gtag(page.window['dataLayer'])('policy', 'all', () => ++calls);
  assert.match(failureIn(container, "require('injectScript')('https://elsewhere.example.com/a.js');", SCRIPTS), /matches none of its URL patterns/);
  assert.equal(calls, 0);
});

test("'all' policies see every check, with what it is about", () => {
  const checks: [string, Record<string, unknown>][] = [];
  const early: unknown[] = [];
  gtag(early)('policy', 'all', ((_c, permissionId, data) => checks.push([permissionId, data])) as PolicyFunction);
  const { container } = pageWith({ page: { window: { dataLayer: early, config: { a: 1 } }, cookies: ['id=1'] } });
  const code = `
    require('copyFromWindow')('config');
    require('getCookieValues')('id');
    require('setCookie')('id', '2', { 'max-age': 60 });
    require('localStorage').setItem('k', 'v');
    require('isConsentGranted')('ad_storage');
    require('getUrl')('query');
    require('getQueryParameters')('q');
    require('copyFromDataLayer')('event');
    require('sendPixel')('https://p.example.com/');
    require('readTitle')();
    require('getContainerVersion')();
    require('templateStorage').getItem('k');`;
  evaluateIn(container, code, {
    ...globals({ config: 'r' }),
    get_cookies: { cookies: 'any' },
    set_cookies: { cookies: [{ name: 'id' }] },
    access_local_storage: { keys: [{ key: 'k', read: false, write: true }] },
    access_consent: { consentTypes: [{ consentType: 'ad_storage', read: true, write: false }] },
    get_url: { parts: 'any', queryKeys: 'any' },
    read_data_layer: { keys: 'any' },
    send_pixel: { urls: 'any' },
    read_title: {},
    read_container_data: {},
    access_template_storage: {},
  });
  assert.deepEqual(checks, [
    ['access_globals', { key: 'config', read: true, write: false, execute: false }],
    ['get_cookies', { name: 'id' }],
    ['set_cookies', { name: 'id', 'max-age': 60, domain: 'example.com', path: '/' }],
    ['access_local_storage', { key: 'k', read: false, write: true }],
    ['access_consent', { consentType: 'ad_storage', read: true, write: false }],
    ['get_url', { component: 'query', queryKey: undefined }],
    ['get_url', { component: 'query', queryKey: 'q' }],
    ['read_data_layer', { key: 'event' }],
    ['send_pixel', { url: 'https://p.example.com/' }],
    ['read_title', {}],
    ['read_container_data', {}],
    ['access_template_storage', {}],
  ]);
});

test('every policy is asked, and any one rejects', () => {
  const { page, container } = pageWith();
  const pageGtag = gtag(page.window['dataLayer']);
  const asked: string[] = [];
  pageGtag('policy', 'send_pixel', () => asked.push('specific'));
  pageGtag('policy', 'all', () => {
    asked.push('all');
    return false;
  });
  assert.match(failureIn(container, "require('sendPixel')('https://p.example.com/');", { send_pixel: { urls: 'any' } }), /the page's policy rejected it$/);
  assert.deepEqual(asked, ['specific', 'all']);
});

test('queryPermission answers with the policies too; logToConsole asks them only when it would log', () => {
  const lines: string[] = [];
  const { page, container } = pageWith({ container: { log: (args) => lines.push(args.join(' ')) } });
  const pageGtag = gtag(page.window['dataLayer']);
  pageGtag('policy', 'inject_script', () => false);
  pageGtag('policy', 'logging', () => {
    throw 'quiet, please';
  });
  assert.deepEqual(evaluateIn(container, "const q = require('queryPermission'); return [q('inject_script', 'https://cdn.example.com/a.js'), q('logging')];", { ...SCRIPTS, logging: { environments: 'debug' } }), [false, false]);
  // outside debug mode a 'debug' logger is silent: no check to put to the policies
  assert.equal(evaluateIn(container, "require('logToConsole')('hidden'); return 'silent';", { logging: { environments: 'debug' } }), 'silent');
  assert.equal(failureIn(container, "require('logToConsole')('shown');", { logging: { environments: 'all' } }), "logToConsole: permission denied by logging: the page's policy rejected it: quiet, please");
  assert.deepEqual(lines, []);
});

test('a tag whose call a policy rejects fails', async () => {
  const { page, container } = pageWith();
  gtag(page.window['dataLayer'])('policy', 'inject_script', () => false);
  const tag = container.load({
    code: "require('injectScript')('https://cdn.example.com/a.js', data.gtmOnSuccess, data.gtmOnFailure);",
    permissions: section('WEB', SCRIPTS),
    templateType: 'TAG',
  });
  const [result] = await container.runTags([{ id: 'vendor', sandbox: tag }]);
  assert.equal(result?.status, 'failure');
  assert.deepEqual(page.requests, []);
});
