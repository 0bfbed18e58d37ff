// Scripts, hidden iframes and pixels: one request per call (or per URL and cache token for injectScript), the
// callbacks after the load ends, and the URL patterns of each permission.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadKind } from '../page.ts';
import { failureIn, pageWith, runToEnd, type Settings } from './helpers.ts';

const LOGGING: Settings = { logging: { environments: 'all' } };
const failing = (failed: string) => (_kind: LoadKind, url: string) => (url.includes(failed) ? 'error' : 'load');

test('injectScript loads once per URL and cache token; later calls hear how that load ended', async () => {
  const lines: string[] = [];
  const { page, container } = pageWith({
    page: { loads: (_kind, url) => (url.endsWith('bad.js') ? 'error' : (win) => void (win['vendorLoads'] = ((win['vendorLoads'] as number) ?? 0) + 1)) },
    container: { log: (args) => lines.push(args.join(' ')) },
  });
  const settings: Settings = { ...LOGGING, inject_script: { urls: ['https://cdn.example.com/'] } };
  const code = `
    const injectScript = require('injectScript');
    const log = require('logToConsole');
    const report = (name) => [() => log(name + ' ok'), () => log(name + ' failed')];
    injectScript('https://cdn.example.com/v1.js', report('a')[0], report('a')[1], 'v1');
    injectScript('https://cdn.example.com/v1.js', report('b')[0], report('b')[1], 'v1');
    injectScript('https://cdn.example.com/v1.js', report('c')[0], report('c')[1], 'other');
    injectScript('https://cdn.example.com/v1.js', report('d')[0], report('d')[1]);
    injectScript('https://cdn.example.com/bad.js', report('e')[0], report('e')[1], 'v1');`;
  await runToEnd(container, code, settings);
  assert.deepEqual(page.requests, [
    { kind: 'script', url: 'https://cdn.example.com/v1.js' },
    { kind: 'script', url: 'https://cdn.example.com/v1.js' },
    { kind: 'script', url: 'https://cdn.example.com/v1.js' },
    { kind: 'script', url: 'https://cdn.example.com/bad.js' },
  ]);
  assert.equal(page.window['vendorLoads'], 3);
  assert.deepEqual(lines.sort(), ['a ok', 'b ok', 'c ok', 'd ok', 'e failed']);
  // a later run reuses the cached load
  await runToEnd(container, "require('injectScript')('https://cdn.example.com/v1.js', () => require('logToConsole')('f ok'), undefined, 'v1');", settings);
  assert.equal(page.requests.length, 4);
  assert.ok(lines.includes('f ok'));
});

test('callbacks run after the code that loads, never during it', async () => {
  const { container } = pageWith();
  const settings: Settings = { inject_script: { urls: ['https://cdn.example.com/'] } };
  const box = await runToEnd(
    container,
    `const order = [];
     require('injectScript')('https://cdn.example.com/a.js', () => order.push('loaded'));
     order.push('after call');
     require('templateStorage').setItem('order', order);`,
    { ...settings, access_template_storage: {} },
  );
  assert.deepEqual(box.boundary.copyToHost(box.env.templateStorage.get('order')), ['after call', 'loaded']);
});

test('injectHiddenIframe and sendPixel load their URL and report the outcome', async () => {
  const lines: string[] = [];
  const { page, container } = pageWith({ page: { loads: failing('fail') }, container: { log: (args) => lines.push(args.join(' ')) } });
  const code = `
    const log = require('logToConsole');
    require('injectHiddenIframe')('https://sync.example.com/frame?id=1', () => log('iframe'));
    require('sendPixel')('https://pixel.example.com/p?e=1', () => log('pixel ok'), () => log('pixel failed'));
    require('sendPixel')('https://pixel.example.com/fail', () => log('2 ok'), () => log('2 failed'));
    require('sendPixel')('https://pixel.example.com/p?e=3');`;
  await runToEnd(container, code, { ...LOGGING, inject_hidden_iframe: { urls: ['https://sync.example.com/*'] }, send_pixel: { urls: ['https://pixel.example.com/'] } });
  assert.deepEqual(page.requests, [
    { kind: 'iframe', url: 'https://sync.example.com/frame?id=1' },
    { kind: 'pixel', url: 'https://pixel.example.com/p?e=1' },
    { kind: 'pixel', url: 'https://pixel.example.com/fail' },
    { kind: 'pixel', url: 'https://pixel.example.com/p?e=3' },
  ]);
  assert.deepEqual(lines.sort(), ['2 failed', 'iframe', 'pixel ok']);
});

test("a callback that fails is reported as the sandbox's asynchronous failure", async () => {
  const lines: string[] = [];
  const { container } = pageWith({ container: { log: (args) => lines.push(args.join(' ')) } });
  await runToEnd(container, "require('sendPixel')('https://p.example.com/', () => { const x = null; return x.y; });", { send_pixel: { urls: 'any' } });
  assert.deepEqual(lines, ["template: asynchronous code failed: TypeError: Cannot read properties of null (reading 'y')"]);
});

test('each load is checked against its permission\'s URL patterns', () => {
  const { page, container } = pageWith();
  const settings: Settings = {
    inject_script: { urls: ['https://cdn.example.com/lib/*'] },
    inject_hidden_iframe: { urls: ['https://*.sync.example.com/'] },
    send_pixel: { urls: ['https://pixel.example.com/collect'] },
  };
  assert.match(failureIn(container, "require('injectScript')('https://cdn.example.com/other.js');", settings), /^injectScript: permission denied by inject_script: the URL "https:\/\/cdn\.example\.com\/other\.js" matches none of its URL patterns \(https:\/\/cdn\.example\.com\/lib\/\*\)$/);
  assert.match(failureIn(container, "require('injectHiddenIframe')('https://sync.example.com/');", settings), /^injectHiddenIframe: permission denied by inject_hidden_iframe/);
  assert.match(failureIn(container, "require('sendPixel')('http://pixel.example.com/collect');", settings), /^sendPixel: permission denied by send_pixel/);
  assert.match(failureIn(container, "require('injectScript')(1);", settings), /^injectScript: permission denied by inject_script: a URL \(a string\) is needed, not 1$/);
  assert.match(failureIn(container, "require('injectScript')('https://cdn.example.com/lib/a.js', 'nope');", settings), /^injectScript: argument 2 \(onSuccess\) must be a function or left out, not the string "nope"$/);
  assert.deepEqual(page.requests, []);
});
