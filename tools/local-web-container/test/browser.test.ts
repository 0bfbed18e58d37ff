// The local container on a real page (Chromium through Playwright): a GTM container export with the Pipes web tag
// (page view on All Pages, a track tag on the custom event 'signup') built into one script, the tracker served
// first-party and a collect endpoint that records the batches it receives — as a site with GTM would send them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { buildWebContainerScript } from '../build.ts';
import { automaticExport, pipesExport } from './fixtures/export.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TPL = readFileSync(join(ROOT, 'gtm-web-template', 'template.tpl'), 'utf8');

interface CollectedEvent {
  type: string;
  event: string;
  properties: Record<string, unknown>;
  anonymous_id: string | null;
  context: { page: { path: string }; consent: string };
}

let server: Server;
let browser: Browser;
let origin: string;
/** container scripts by the page's `container` query parameter */
const scripts = new Map<string, string>();
const batches: { events: CollectedEvent[] }[] = [];

function pageHtml(beforeContainer: string, variant: string, body = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
<script>window.dataLayer = window.dataLayer || []; function gtag() { dataLayer.push(arguments); }
${beforeContainer}</script>
<script src="/container.js?${variant}"></script></head><body><h1>Shop</h1>${body}</body></html>`;
}

before(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    const send = (type: string, body: string) => response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    if (url.pathname === '/p/collect') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        batches.push(JSON.parse(body) as { events: CollectedEvent[] });
        response.writeHead(204).end();
      });
      return;
    }
    if (url.pathname === '/container.js') return send('text/javascript', scripts.get(url.search.slice(1))!);
    const tracker = /^\/p\/(pipes(-[a-z]+)?\.js)$/.exec(url.pathname);
    if (tracker) return send('text/javascript', readFileSync(join(ROOT, 'tracker', 'dist', tracker[1]!), 'utf8'));
    if (url.pathname === '/denied') return send('text/html', pageHtml("gtag('consent', 'default', { analytics_storage: 'denied' });", 'pipes'));
    if (url.pathname === '/pricing') return send('text/html', pageHtml('', 'pipes'));
    if (url.pathname.startsWith('/app')) return send('text/html', pageHtml("document.cookie = 'plan=team%20pro; path=/';", 'auto', '<a id="docs" class="nav" href="/docs/start">Docs</a> <a href="/blog">Blog</a>'));
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  scripts.set('pipes', await buildWebContainerScript(pipesExport(origin), { templates: { '1': TPL } }));
  scripts.set('auto', await buildWebContainerScript(automaticExport(origin), { templates: { '1': TPL } }));
  browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', args: FLAGS });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const collected = () => batches.flatMap((batch) => batch.events);

async function eventually(condition: () => boolean, describe: () => string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`not within ${timeoutMs} ms:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function open(path: string): Promise<{ page: Page; console: string[]; close: () => Promise<void> }> {
  batches.length = 0;
  const context = await browser.newContext();
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(message.text()));
  await page.goto(`${origin}${path}`);
  return { page, console, close: () => context.close() };
}

test("the export's page view on All Pages and its track tag on the custom event 'signup' reach the collect endpoint", async () => {
  const { page, console, close } = await open('/pricing?utm_campaign=spring');
  const describe = () => [...console, JSON.stringify(batches)].join('\n');
  await eventually(() => collected().some((e) => e.type === 'page'), describe);
  const [view] = collected();
  assert.deepEqual([view!.type, view!.event, view!.properties, view!.context.page.path], ['page', 'page_view', { name: '/pricing' }, '/pricing']);
  assert.match(view!.anonymous_id ?? '', /^[0-9a-f-]{36}$/, 'no consent default: analytics_storage counts as granted');

  // the data layer as GTM leaves it: gtm.js, gtm.dom and gtm.load pushed in order
  const events = await page.evaluate(() => (window as unknown as { dataLayer: { event?: string }[] }).dataLayer.map((e) => e.event));
  assert.deepEqual(events, ['gtm.js', 'gtm.dom', 'gtm.load']);

  await page.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer.push({ event: 'signup', plan: 'pro' }));
  await eventually(() => collected().some((e) => e.type === 'track'), describe);
  const track = collected().find((e) => e.type === 'track')!;
  assert.deepEqual([track.event, track.properties], ['signup', { plan: 'pro', campaign: 'spring' }]);
  assert.equal(collected().filter((e) => e.type === 'page').length, 1, 'the page view tag fires on gtm.js only');
  assert.ok(console.some((line) => line.includes('[GTM-TEST1] signup Pipes – Signup: success')), describe());
  assert.ok(console.some((line) => line.includes('skipped: tag "GA4 event" has built-in type gaawe')), describe());
  await close();
});

test("with analytics_storage denied by default nothing is sent until gtag('consent', 'update', …) grants it", async () => {
  const { page, console, close } = await open('/denied');
  const describe = () => [...console, JSON.stringify(batches)].join('\n');
  await eventually(() => console.some((line) => line.includes('[GTM-TEST1] gtm.js Pipes – Page view: success')), describe);
  await page.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer.push({ event: 'signup', plan: 'team' }));
  await eventually(() => console.some((line) => line.includes('[GTM-TEST1] signup Pipes – Signup: success')), describe);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(batches, [], 'nothing leaves the page while consent is denied');

  await page.evaluate(() => (window as unknown as { gtag: (...args: unknown[]) => void }).gtag('consent', 'update', { analytics_storage: 'granted' }));
  await eventually(() => collected().length >= 2, describe);
  assert.deepEqual(collected().map((e) => [e.type, e.event, e.properties, e.context.consent]), [
    ['page', 'page_view', { name: '/denied' }, 'granted'],
    // {{URL - utm_campaign}} is undefined without the query parameter, and JSON leaves it out
    ['track', 'signup', { plan: 'team' }, 'granted'],
  ]);
  await close();
});

test('link clicks, history changes and DOM ready fire their tags with click, history, cookie and URL variables', async () => {
  const { page, console, close } = await open('/app?tab=1');
  const describe = () => [...console, JSON.stringify(batches)].join('\n');
  await page.evaluate(() => {
    document.addEventListener('click', (event) => event.preventDefault());
    history.pushState({ step: 2 }, '', '/app/step-2#details');
  });
  await page.click('#docs');
  await page.click('text=Blog');
  await eventually(() => collected().length >= 3, describe);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(collected().map((e) => [e.event, e.properties]), [
    ['dom_ready', { plan: 'team pro', host: '127.0.0.1' }],
    ['route', { fragment: 'details', source: 'pushState', path: '/app/step-2' }],
    ['docs_click', { url: `${origin}/docs/start`, id: 'docs', classes: 'nav', text: 'Docs' }],
  ]);
  await close();
});
