// The browser bundle on a real page (Chromium through Playwright): the web-tag fixture's code runs in the iframe
// realm and leaves real effects, seen from outside the page — the cookie in the browser's store, the script and the
// pixel requests at a local HTTP server, the window globals — and a page policy stops it.
// The page and the template's hosts are https://*.example.com, routed by the browser to a throwaway node:http
// server, so that secure cookies and setCookie's domain 'auto' meet the browser's real rules.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { buildBrowserBundle } from '../build.ts';
import { webTemplateCode } from '../template-code.ts';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const template = webTemplateCode(readFileSync(join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'web-tag', 'template.tpl'), 'utf8'), 'web-tag');
const DATA = { accountId: 'A-1', eventType: 'track', eventName: 'signup', consentMode: 'wait', properties: [{ key: 'plan', value: 'pro' }], timeoutMs: 500, debug: true };
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

let server: Server;
let browser: Browser;
let origin: string;
/** requests the server answered, as `host path?query` */
const served: string[] = [];

function pageHtml(headScript: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Fixture shop</title>
<script>window.dataLayer = [{ event: 'signup_view', ecommerce: { value: 10 } }]; window.fixtureConfig = { theme: 'dark' };
function gtag() { dataLayer.push(arguments); }
document.cookie = '_ga=GA1.2.1234.5678; domain=example.com; path=/';
${headScript}</script>
<script src="/pipes-gtm-web.js"></script></head><body><h1>Shop</h1></body></html>`;
}

before(async () => {
  const bundle = await buildBrowserBundle();
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    served.push(`${String(request.headers['x-original-host'])} ${url.pathname}${url.search}`);
    const send = (type: string, body: string | Buffer) => response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    if (url.pathname === '/pipes-gtm-web.js') return send('text/javascript', bundle);
    if (url.pathname === '/fixture/v1.js') return send('text/javascript', 'window.vendorLoads = (window.vendorLoads || 0) + 1;');
    if (url.pathname === '/p') return send('image/gif', GIF);
    if (url.pathname === '/sync') return send('text/html', '<!doctype html><title>sync</title>');
    if (url.pathname === '/policy') return send('text/html', pageHtml("gtag('policy', 'inject_script', function (containerId, permissionId, data) { throw 'no scripts from ' + data.url; });"));
    send('text/html', pageHtml(''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', args: FLAGS });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** A fresh browser context whose requests to https://*.example.com reach the local server. */
async function open(path: string): Promise<{ context: BrowserContext; page: Page; console: string[] }> {
  const context = await browser.newContext();
  await context.route(/^https:\/\/[a-z]+\.example\.com\//, async (route) => {
    const url = new URL(route.request().url());
    const response = await fetch(`${origin}${url.pathname}${url.search}`, { headers: { 'x-original-host': url.host } });
    await route.fulfill({ status: response.status, contentType: response.headers.get('content-type') ?? 'text/plain', body: Buffer.from(await response.arrayBuffer()) });
  });
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(message.text()));
  await page.goto(`https://shop.example.com${path}`);
  return { context, page, console };
}

/** Fires the fixture tag `times` times as one container on the page would. */
function fire(page: Page, times: number) {
  return page.evaluate(
    async ({ template, data, times }) => {
      const container = PipesGtmWeb.start({ containerId: 'GTM-BROWSER', debugMode: true });
      const sandbox = container.load(template);
      const statuses: string[] = [];
      for (let i = 0; i < times; i++) {
        const [result] = await container.runTags([{ id: 'fixture', sandbox, data }], { timeoutMs: 10_000 });
        statuses.push(result!.status);
      }
      const fixture = (window as unknown as { fixture?: { q: IArguments[] } }).fixture;
      return {
        statuses,
        queue: fixture ? fixture.q.map((args) => Array.from(args)) : undefined,
        pageObjects: fixture ? fixture.q.every((args) => Object.getPrototypeOf(args[1]) === Object.prototype) : undefined,
        stored: localStorage.getItem('fixture_last_event'),
        iframes: document.querySelectorAll('iframe[aria-hidden="true"]').length,
        gtagSet: (window as unknown as { dataLayer: unknown[] }).dataLayer.filter((e) => Object.prototype.toString.call(e) === '[object Arguments]').map((e) => Array.from(e as IArguments)),
      };
    },
    { template, data: DATA, times },
  );
}

async function eventually(condition: () => boolean, describe: () => string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`not within ${timeoutMs} ms:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

declare const PipesGtmWeb: {
  start(options: { containerId: string; debugMode: boolean }): {
    load(template: { code: string; permissions?: readonly unknown[]; templateType?: string; name?: string }): unknown;
    runTags(tags: { id: string; sandbox: unknown; data?: unknown }[], options?: { timeoutMs?: number }): Promise<{ status: string }[]>;
  };
};

test('the fixture tag sets its cookie, loads its script once, sends its pixel and queues its event on a real page', async () => {
  served.length = 0;
  const { context, page, console } = await open('/signup?step=2');
  const pixels: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'image') pixels.push(request.url());
  });
  const before = Date.now();
  const result = await fire(page, 2);

  assert.deepEqual(result.statuses, ['success', 'success']);
  const [cookie, ...others] = (await context.cookies('https://shop.example.com')).filter((c) => c.name === 'fixture_id');
  assert.equal(others.length, 0);
  assert.match(cookie!.value, /^\d{6}$/);
  assert.deepEqual([cookie!.domain, cookie!.path, cookie!.secure, cookie!.sameSite, cookie!.httpOnly], ['.example.com', '/', true, 'Lax', false]);
  // two years asked; Chromium caps cookie lifetimes at 400 days
  const days = (cookie!.expires * 1000 - before) / 86_400_000;
  assert.ok(days > 399 && days <= 731, `expires in ${days} days`);

  // the script and the iframes load on their own time: the tag reports success when its pixel has loaded
  const logged = (line: string) => console.includes(line);
  await eventually(() => logged('[fixture] script loaded') && logged('[fixture] GTM-BROWSER ran 1 tags') && served.filter((line) => line.includes('/sync')).length === 2, () => [...console, ...served].join('\n'));
  assert.deepEqual(served.filter((line) => line.includes('/fixture/v1.js')), ['cdn.example.com /fixture/v1.js']);
  assert.equal(await page.evaluate(() => (window as unknown as { vendorLoads?: number }).vendorLoads), 1);
  // the second firing's pixel has the same URL: Chromium answers it from the document's image cache, as it would
  // for GTM, so one request reaches the network
  assert.deepEqual(served.filter((line) => line.includes('/p?')), ['pixel.example.com /p?a=A-1&t=shop.example.com']);
  assert.deepEqual(pixels, ['https://pixel.example.com/p?a=A-1&t=shop.example.com']);
  assert.deepEqual(served.filter((line) => line.includes('/sync')), ['iframe.example.com /sync?account=A-1', 'iframe.example.com /sync?account=A-1']);
  assert.equal(result.iframes, 2);

  assert.equal(result.queue?.length, 2);
  assert.deepEqual(result.queue?.[0], [
    'event',
    {
      type: 'track',
      name: 'signup',
      properties: { plan: 'pro' },
      page: { path: '/signup', referrer: '', charset: 'UTF-8' },
      ecommerce: 10,
      trigger: 'signup_view',
      config: { theme: 'dark' },
      clientId: '1234.5678',
      container: 'GTM-BROWSER',
      timeout: 500,
    },
  ]);
  assert.equal(result.pageObjects, true, "the page's queue holds the page's own objects, not the sandbox's");
  assert.match(result.stored ?? '', /^\d+$/);
  assert.deepEqual(result.gtagSet[0], ['set', { 'developer_id.fixture': true }]);
  await context.close();
});

test("a page policy rejecting inject_script makes the tag fail before it sends anything", async () => {
  served.length = 0;
  const { context, page } = await open('/policy');
  const result = await fire(page, 1);
  assert.deepEqual(result.statuses, ['failure']);
  assert.equal(served.some((line) => line.includes('/fixture/v1.js') || line.includes('/p?')), false, served.join('\n'));
  assert.equal(result.queue, undefined);
  assert.deepEqual((await context.cookies()).filter((c) => c.name === 'fixture_id'), []);
  await context.close();
});

test('template code in the browser realm has no globals and only the standard library GTM documents', async () => {
  const { context, page } = await open('/');
  const values = await page.evaluate(() => {
    const container = PipesGtmWeb.start({ containerId: 'GTM-BROWSER', debugMode: false });
    const sandbox = container.load({
      code: `const f = function () { return this; };
             return [typeof window, typeof document, typeof location, typeof top, typeof fetch, typeof setTimeout, typeof globalThis,
                     typeof [].includes, typeof 'a'.startsWith, typeof (1).toFixed, typeof [].constructor, typeof [].map,
                     f().document.defaultView, typeof f().parent, require('getType')(data.items), data.items.join('+')];`,
      permissions: [],
      templateType: 'MACRO',
      name: 'probe',
    }) as { run(data: unknown): { value: unknown; error?: unknown } };
    const { value, error } = sandbox.run({ items: [1, 2] });
    return error === undefined ? JSON.parse(JSON.stringify(value)) : String(error);
  });
  assert.deepEqual(values, ['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'function', null, 'undefined', 'array', '1+2']);
  await context.close();
});
