// The local container on a real page (Chromium through Playwright): GTM container exports with the Pipes web tag
// (page view on All Pages, track tags on custom events, clicks, link clicks and form submissions (held for their
// tags, checked for validation), history changes, timers and the initialization triggers) built into one script each, the tracker served first-party and a collect endpoint that
// records the batches it receives — as a site with GTM would send them. One server and one browser for all tests.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { launchChromium } from '../../../tracker/test/chromium.ts';
import { buildWebContainerScript } from '../build.ts';
import { automaticExport, formExport, linkExport, pipesExport, variablesExport } from './fixtures/export.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
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
/** what the server saw, in order: `METHOD /path` on arrival, `served /path` when a late response went out */
const requests: string[] = [];
/** the bodies of the form posts to /thanks */
const posted: string[] = [];
const SIGNUP_FORM = '<form id="signup" class="lead wide" action="/thanks" method="post" data-step="final"><label>Email <input name="email" value="secret-pii@example.com"></label><textarea name="note">secret-pii@example.com</textarea><button id="send" name="plan" value="pro">Sign up</button></form>';
const LINKS = '<a id="out" href="/landing/out">Read on</a> <a id="offer" class="promo" href="/landing/offer">Offer</a> <a id="tab" href="/landing/tab" target="_blank">In a new tab</a>';
const CHECKOUT = '<h2 id="headline">Checkout <small>today</small></h2><span id="price" data-amount="49.90">49.90 €</span><button id="buy" class="cta" data-sku="SKU-42">Buy</button>';

function pageHtml(beforeContainer: string, variant: string, body = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
<script>window.dataLayer = window.dataLayer || []; function gtag() { dataLayer.push(arguments); }
${beforeContainer}</script>
<script src="/container.js?${variant}"></script></head><body><h1>Shop</h1>${body}</body></html>`;
}

before(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    requests.push(`${request.method} ${url.pathname}`);
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
    // the tracker, late: a form submitted meanwhile goes out only if the navigation waits for the tag
    if (url.pathname === '/p/slow/pipes.js') {
      setTimeout(() => {
        requests.push(`served ${url.pathname}`);
        send('text/javascript', readFileSync(join(ROOT, 'tracker', 'dist', 'pipes.js'), 'utf8'));
      }, 300);
      return;
    }
    if (url.pathname === '/thanks') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        posted.push(body);
        send('text/html', '<!doctype html><title>Thanks</title><h1>Thanks</h1>');
      });
      return;
    }
    if (url.pathname === '/signup') return send('text/html', pageHtml('', 'forms', SIGNUP_FORM));
    if (url.pathname === '/links') return send('text/html', pageHtml('', 'links', LINKS));
    if (url.pathname.startsWith('/landing/')) return send('text/html', '<!doctype html><title>Landing</title><h1>Landing</h1>');
    if (url.pathname.startsWith('/vars/')) return send('text/html', pageHtml("window.shop = { plan: 'pro' };", 'vars', CHECKOUT));
    if (url.pathname === '/denied') return send('text/html', pageHtml("gtag('consent', 'default', { analytics_storage: 'denied' });", 'pipes'));
    if (url.pathname === '/pricing') return send('text/html', pageHtml('', 'pipes'));
    if (url.pathname.startsWith('/app')) return send('text/html', pageHtml("document.cookie = 'plan=team%20pro; path=/';", 'auto', '<a id="docs" class="nav" href="/docs/start">Docs</a> <a href="/blog">Blog</a>'));
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  scripts.set('pipes', await buildWebContainerScript(pipesExport(origin), { templates: { '1': TPL } }));
  scripts.set('auto', await buildWebContainerScript(automaticExport(origin), { templates: { '1': TPL } }));
  scripts.set('forms', await buildWebContainerScript(formExport(origin), { templates: { '1': TPL } }));
  scripts.set('links', await buildWebContainerScript(linkExport(origin), { templates: { '1': TPL } }));
  scripts.set('vars', await buildWebContainerScript(variablesExport(origin), { templates: { '1': TPL } }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const collected = () => batches.flatMap((batch) => batch.events);
/** Whether the server saw `first`, and `then` after it. */
const sawBefore = (first: string, then: string) => requests.includes(first) && requests.indexOf(then) > requests.indexOf(first);

async function eventually(condition: () => boolean, describe: () => string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`not within ${timeoutMs} ms:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function open(path: string): Promise<{ page: Page; console: string[]; close: () => Promise<void> }> {
  batches.length = 0;
  requests.length = 0;
  posted.length = 0;
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

  // the data layer as GTM leaves it: the initialization events, gtm.js, gtm.dom and gtm.load pushed in order
  const events = await page.evaluate(() => (window as unknown as { dataLayer: { event?: string }[] }).dataLayer.map((e) => e.event));
  assert.deepEqual(events, ['gtm.init_consent', 'gtm.init', 'gtm.js', 'gtm.dom', 'gtm.load']);

  await page.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer.push({ event: 'signup', plan: 'pro' }));
  await eventually(() => collected().some((e) => e.type === 'track'), describe);
  const track = collected().find((e) => e.type === 'track')!;
  assert.deepEqual([track.event, track.properties], ['signup', { plan: 'pro', campaign: 'spring' }]);
  assert.equal(collected().filter((e) => e.type === 'page').length, 1, 'the page view tag fires on gtm.js only');
  await eventually(() => console.some((line) => line.includes('[GTM-TEST1] signup Pipes – Signup: success')), describe);
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

test('a form submission with Wait for Tags holds the navigation until its tags ran, then the form goes out as submitted', async () => {
  const { page, console, close } = await open('/signup');
  const describe = () => [...console, ...requests, JSON.stringify(batches)].join('\n');
  await page.fill('input[name=email]', 'typed-secret@example.com');
  await Promise.all([page.waitForURL(`${origin}/thanks`), page.click('#send')]);
  await eventually(() => collected().some((e) => e.event === 'form_submit') && collected().some((e) => e.event === 'form_attempt'), describe);
  const submit = collected().find((e) => e.event === 'form_submit')!;
  assert.deepEqual(submit.properties, { id: 'signup', classes: 'lead wide', url: `${origin}/thanks`, target: '', text: 'Email Sign up', step: 'final', page: '/signup' });
  assert.equal(submit.context.page.path, '/signup');
  // the tracker came 300 ms late; the form was posted only after it was there (the tags' gtmOnSuccess)
  assert.ok(sawBefore('served /p/slow/pipes.js', 'POST /thanks'), describe());
  assert.equal(requests.filter((r) => r === 'POST /thanks').length, 1, 'submitted once');
  // the site still receives its own form as the browser would send it, the submit button's name=value included
  assert.deepEqual([...new URLSearchParams(posted[0])], [['email', 'typed-secret@example.com'], ['note', 'secret-pii@example.com'], ['plan', 'pro']]);
  // …and no field value, typed or seeded, reaches the collect endpoint
  const sent = JSON.stringify(batches);
  assert.ok(!sent.includes('secret-pii') && !sent.includes('typed-secret'), sent);
  await close();
});

test('a submit the page cancels fires only the triggers without Check Validation, and nothing is resubmitted', async () => {
  const { page, console, close } = await open('/signup');
  const describe = () => [...console, ...requests, JSON.stringify(batches)].join('\n');
  await page.evaluate(() => document.getElementById('signup')!.addEventListener('submit', (event) => event.preventDefault()));
  await page.click('#send');
  // both form triggers would fire in this one event: its log line lists the tags it ran
  await eventually(() => console.some((line) => line.startsWith('[GTM-TEST1] gtm.formSubmit')), describe);
  assert.deepEqual(console.filter((line) => line.startsWith('[GTM-TEST1] gtm.formSubmit')), ['[GTM-TEST1] gtm.formSubmit Pipes – form_attempt: success']);
  await eventually(() => collected().some((e) => e.event === 'form_attempt'), describe);
  assert.deepEqual(collected().map((e) => [e.event, e.properties]), [['form_attempt', { id: 'signup' }]]);
  assert.equal(page.url(), `${origin}/signup`);
  assert.ok(!requests.includes('POST /thanks'), describe());
  await close();
});

test('a submit whose propagation the page stops before document is not seen, as by GTM: no event, nothing held', async () => {
  const { page, console, close } = await open('/signup');
  const describe = () => [...console, ...requests, JSON.stringify(batches)].join('\n');
  await page.evaluate(() => {
    document.getElementById('signup')!.addEventListener('submit', (event) => event.stopPropagation());
    // the data layer's events as the page leaves, read back on the next page of this tab
    addEventListener('pagehide', () => sessionStorage.setItem('events', JSON.stringify((window as unknown as { dataLayer: { event?: string }[] }).dataLayer.map((e) => e.event))));
  });
  await Promise.all([page.waitForURL(`${origin}/thanks`), page.click('#send')]);
  const events = JSON.parse((await page.evaluate(() => sessionStorage.getItem('events')))!) as string[];
  assert.deepEqual(events, ['gtm.init_consent', 'gtm.init', 'gtm.js', 'gtm.dom', 'gtm.load'], 'no gtm.formSubmit, not even a late one');
  // no tag ran (they would have loaded the tracker); the form went out natively, once
  assert.deepEqual(requests.filter((r) => r.includes('/p/')), [], describe());
  assert.deepEqual([...new URLSearchParams(posted[0])].map(([name]) => name), ['email', 'note', 'plan']);
  assert.equal(requests.filter((r) => r === 'POST /thanks').length, 1);
  await close();
});

test("a link click with Wait for Tags holds the navigation: its event reaches the collect endpoint before the link's page is requested", async () => {
  const { page, console, close } = await open('/links');
  const describe = () => [...console, ...requests, JSON.stringify(batches)].join('\n');
  await Promise.all([page.waitForURL(`${origin}/landing/out`), page.click('#out')]);
  // the tracker came 300 ms late; the link was followed only after the tag had it send the event
  assert.ok(sawBefore('served /p/slow/pipes.js', 'GET /landing/out'), describe());
  assert.ok(sawBefore('POST /p/collect', 'GET /landing/out'), describe());
  assert.equal(requests.filter((r) => r === 'GET /landing/out').length, 1, 'followed once, no second hold');
  await eventually(() => collected().some((e) => e.event === 'link_out'), describe);
  assert.deepEqual(collected().map((e) => [e.event, e.properties, e.context.page.path]), [['link_out', { url: `${origin}/landing/out`, target: '' }, '/links']]);
  await close();
});

test('a link click the page cancels fires no Check Validation trigger and is not followed', async () => {
  const { page, console, close } = await open('/links');
  const describe = () => [...console, ...requests, JSON.stringify(batches)].join('\n');
  await page.evaluate(() => document.getElementById('offer')!.addEventListener('click', (event) => event.preventDefault()));
  await page.click('#offer');
  // decided during the click: one gtm.linkClick, for the promo trigger (83) only
  const pushed = await page.evaluate(() => (window as unknown as { dataLayer: Record<string, unknown>[] }).dataLayer.filter((e) => e['event'] === 'gtm.linkClick').map((e) => e['gtm.triggers']));
  assert.deepEqual(pushed, ['83']);
  await eventually(() => collected().some((e) => e.event === 'link_promo'), describe);
  // console messages reach the test on their own schedule, possibly after the batch
  await eventually(() => console.some((line) => line.startsWith('[GTM-TEST1] gtm.linkClick')), describe);
  assert.deepEqual(console.filter((line) => line.startsWith('[GTM-TEST1] gtm.linkClick')), ['[GTM-TEST1] gtm.linkClick Pipes – link_promo: success']);
  assert.deepEqual(collected().map((e) => e.event), ['link_promo']);
  assert.equal(page.url(), `${origin}/links`);
  assert.ok(!requests.some((r) => r.startsWith('GET /landing/')), describe());
  await close();
});

test('a target=_blank link with Wait for Tags is not held: the new tab opens at once and the tags still fire', async () => {
  const { page, console, close } = await open('/links');
  const describe = () => [...console, ...requests, JSON.stringify(batches)].join('\n');
  // a window listener runs after the container's: it sees whether the click was held (its default cancelled)
  await page.evaluate(() => addEventListener('click', (event) => ((window as unknown as { held: boolean }).held = event.defaultPrevented)));
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.click('#tab')]);
  await tab.waitForURL(`${origin}/landing/tab`);
  assert.equal(await page.evaluate(() => (window as unknown as { held: boolean }).held), false);
  await eventually(() => collected().some((e) => e.event === 'link_out'), describe);
  assert.deepEqual(collected().find((e) => e.event === 'link_out')!.properties, { url: `${origin}/landing/tab`, target: '_blank' });
  assert.equal(page.url(), `${origin}/links`);
  await close();
});

test('initialization triggers fire before gtm.js; auto-event, table, DOM, JavaScript and built-in variables become event properties', async () => {
  const { page, console, close } = await open('/vars/checkout');
  const describe = () => [...console, JSON.stringify(batches)].join('\n');
  await eventually(() => collected().filter((e) => e.event === 'tick').length === 2, describe);
  const events = collected().map((e) => e.event);
  assert.deepEqual(events.slice(0, 2), ['consent_init', 'init']);
  assert.deepEqual(collected().filter((e) => e.event === 'tick').map((e) => e.properties), [{ n: 1 }, { n: 2 }]);

  await page.click('#buy');
  await eventually(() => collected().some((e) => e.event === 'buy'), describe);
  const { random, ...properties } = collected().find((e) => e.event === 'buy')!.properties;
  assert.deepEqual(properties, {
    sku: 'SKU-42', missing: 'none', label: 'Professional', section: 'section-checkout', price: '49.90', headline: 'Checkout today',
    plan: 'pro', event: 'gtm.click', container: 'GTM-TEST1', version: '0', debug: true,
  });
  assert.ok(Number.isInteger(random) && (random as number) >= 0, `Random Number: ${random}`);
  // many intervals after the second tick: the timer stopped at its limit
  const ticks = await page.evaluate(() => (window as unknown as { dataLayer: { event?: string }[] }).dataLayer.filter((e) => e.event === 'gtm.timer').length);
  assert.equal(ticks, 2);
  await close();
});
