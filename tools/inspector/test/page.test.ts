// The inspector page in Chromium against a real local GCS: objects written to the bucket appear without a reload,
// stored strings stay text, rejected batches and storage errors are shown.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from '@playwright/test';
import { launchChromium } from '../../../tracker/test/chromium.ts';
import type { InspectorOptions } from '../index.ts';
import { at, storeBatch, storedRow, useStack, type Inspected } from './helpers.ts';

const stack = useStack();
let browser: Browser;

before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

interface Opened {
  inspected: Inspected;
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  /** Console errors and warnings (a CSP violation would be one), and uncaught exceptions. */
  problems: string[];
}

/** A new inspector (own bucket, polling every 100 ms) opened in a fresh browser context; closed after the test. */
async function open(t: { after(fn: () => Promise<void>): void }, options: Partial<InspectorOptions> & Parameters<typeof stack.inspect>[0] = {}): Promise<Opened> {
  const inspected = await stack.inspect({ listen: true, pollIntervalMs: 100, ...options });
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(String(error)));
  return { inspected, page, requests, problems };
}

async function waitUntilLive(page: Page): Promise<void> {
  await page.locator('#live[data-state="live"]').waitFor();
}

const texts = (page: Page, selector: string): Promise<string[]> => page.locator(selector).allTextContents();

/** The counters' numbers, by name. */
async function counters(page: Page): Promise<Record<string, string>> {
  const ids = ['events', 'batches', 'rejected', 'rejected-batches'];
  const values = await Promise.all(ids.map((id) => page.locator(`#count-${id}`).textContent()));
  return Object.fromEntries(ids.map((id, i) => [id, values[i] ?? '']));
}

test('an empty bucket shows that no events arrived yet and where they will land', async (t) => {
  const { inspected, page, problems } = await open(t);
  await page.goto(`${inspected.url}/`);
  await waitUntilLive(page);
  const empty = await page.locator('#empty').textContent();
  assert.match(String(empty), /^No events yet\./);
  assert.ok(empty?.includes(`gs://${inspected.bucket}/pipes/events/v1/dt=YYYY-MM-DD/hr=HH/<batch_id>.ndjson`), String(empty));
  assert.deepEqual(await counters(page), { events: '0', batches: '0', rejected: '0', 'rejected-batches': '0' });
  assert.equal(await page.locator('#error').isVisible(), false);
  assert.deepEqual(problems, []);
});

test('a newly stored batch appears without a reload, newest first, and expands to the full stored row', async (t) => {
  const { inspected, page, requests, problems } = await open(t);
  await storeBatch(inspected, at(-5000), [storedRow({ event: 'page_view', type: 'page' })]);
  await page.goto(inspected.url);
  await page.locator('.event').first().waitFor();
  await page.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true));

  const row = storedRow({ event: 'signup', type: 'track', user_id: 'f'.repeat(64), context: { ...(storedRow().context as object), consent: 'granted' } });
  const object = await storeBatch(inspected, at(), [row]);
  const newest = page.locator('.event', { hasText: 'signup' });
  await newest.waitFor();

  assert.equal(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded), true, 'the same document');
  assert.deepEqual(await texts(page, '.event .event-name'), ['signup', 'page_view']);
  const cells = await newest.locator('summary > .cell').allTextContents();
  assert.deepEqual(cells.slice(1), [
    'tracksignup',
    '/pricing',
    `${String(row.anonymous_id).slice(0, 8)}…`,
    `${String(row.session_id).slice(0, 8)}…`,
    `${'f'.repeat(12)}…`,
    'granted',
  ]);
  assert.equal(await newest.locator('.time').getAttribute('title'), (JSON.parse(await newest.locator('pre').textContent() ?? '{}') as { received_at: string }).received_at);
  assert.equal(await newest.locator('pre').isVisible(), false, 'collapsed until asked');
  await newest.locator('summary').click();
  const shown = JSON.parse((await newest.locator('pre').textContent()) ?? '') as Record<string, unknown>;
  const stored = JSON.parse((await inspected.storage.bucket(inspected.bucket).file(object).download())[0].toString()) as Record<string, unknown>;
  assert.deepEqual(shown, stored);
  assert.match(String(await newest.locator('.source').textContent()), new RegExp(`${object.replaceAll('.', '\\.')}, line 1$`));
  assert.deepEqual(await counters(page), { events: '2', batches: '2', rejected: '0', 'rejected-batches': '0' });

  const origin = new URL(inspected.url).origin;
  assert.deepEqual(requests.filter((url) => !url.startsWith(origin)), [], 'no request leaves the inspector');
  assert.deepEqual(problems, []);
});

test('stored strings are shown as text and never run', async (t) => {
  const { inspected, page, problems } = await open(t);
  await page.goto(inspected.url);
  await waitUntilLive(page);
  const attack = '<img src=x onerror=window.__xss=1>';
  const row = storedRow({ event: attack, properties: { note: '</script><script>window.__xss=2</script>' } });
  (row.context as { page: { path: string } }).page.path = `/${attack}`;
  await storeBatch(inspected, at(), [row]);
  await storeBatch(inspected, at(), [{ index: 0, reasons: [`/event: ${attack}`], event: { event: attack } }], 'rejected');
  const event = page.locator('.event').first();
  await event.waitFor();
  await page.locator('.rejected-batch').waitFor();
  await event.locator('summary').click();

  assert.equal(await event.locator('.event-name').textContent(), attack);
  assert.equal(await event.locator('.path').textContent(), `/${attack}`);
  assert.ok((await event.locator('pre').textContent())?.includes('</script><script>window.__xss=2</script>'));
  assert.equal(await page.locator('.reasons li').textContent(), `/event: ${attack}`);
  assert.equal(await page.locator('main img, main script').count(), 0, 'no element was made from stored data');
  assert.equal(await page.evaluate(() => (window as { __xss?: number }).__xss), undefined);
  assert.deepEqual(problems, [], 'not even a blocked attempt');
});

test('the filter keeps events whose name or anonymous id matches', async (t) => {
  const { inspected, page } = await open(t);
  const anonymous = '0f0f0f0f-1111-4222-8333-444444444444';
  await storeBatch(inspected, at(-3000), [storedRow({ event: 'page_view' }), storedRow({ event: 'add_to_cart' })]);
  await storeBatch(inspected, at(-1000), [storedRow({ event: 'checkout', anonymous_id: anonymous })]);
  await page.goto(inspected.url);
  await page.locator('.event').nth(2).waitFor();
  const visible = (): Promise<string[]> => texts(page, '.event:not([hidden]) .event-name');

  await page.locator('#filter').fill('CART');
  assert.deepEqual(await visible(), ['add_to_cart']);
  assert.equal(await page.locator('#shown').textContent(), '1 of 3 shown');
  await page.locator('#filter').fill('0f0f0f0f');
  assert.deepEqual(await visible(), ['checkout']);
  await page.locator('#filter').fill('nothing like it');
  assert.deepEqual(await visible(), []);
  assert.equal(await page.locator('#empty .headline').textContent(), 'No event matches the filter.');
  await page.locator('#filter').fill('');
  assert.deepEqual(await visible(), ['checkout', 'add_to_cart', 'page_view']);
});

test('rejected batches are listed separately with their reasons', async (t) => {
  const { inspected, page } = await open(t);
  await page.goto(inspected.url);
  await waitUntilLive(page);
  assert.equal(await page.locator('#no-rejected').isVisible(), true);
  const reasons = ['/ts: must be an RFC 3339 timestamp such as 2025-05-22T20:30:30.456Z', '/extra: is not a field of the wire format'];
  const object = await storeBatch(inspected, at(), [
    { index: 1, reasons, event: { event: 'late_event' } },
    { index: 3, reasons: ['/type: must be one of page, screen, track, identify'], event: { event: 'odd_type' } },
  ], 'rejected');
  const batch = page.locator('.rejected-batch');
  await batch.waitFor();
  const batchId = object.slice(-43, -7);
  assert.match(String(await batch.locator('h3').textContent()), new RegExp(`batch ${batchId}: 2 events rejected$`));
  assert.deepEqual(await batch.locator('.rejected-event .index').allTextContents(), ['event #1', 'event #3']);
  assert.deepEqual(await batch.locator('.rejected-event').first().locator('.reasons li').allTextContents(), reasons);
  assert.deepEqual(await counters(page), { events: '0', batches: '0', rejected: '2', 'rejected-batches': '1' });
  assert.equal(await page.locator('#no-rejected').isVisible(), false);
  assert.equal(await page.locator('.event').count(), 0, 'rejected entries are not listed as events');
});

test('a storage error is shown while it lasts, and the page recovers by itself', async (t) => {
  const { inspected, page } = await open(t, { storageOptions: { retryOptions: { autoRetry: false } } });
  await storeBatch(inspected, at(), [storedRow({ event: 'before_outage' })]);
  await page.goto(inspected.url);
  await page.locator('.event').waitFor();
  stack.gcs.setFaults({ outage: true });
  try {
    await page.locator('#error').waitFor();
    assert.match(String(await page.locator('#error-text').textContent()), /503/);
    assert.equal(await page.locator('#live-text').textContent(), 'bucket unreadable');
    assert.equal(await page.locator('.event').count(), 1, 'what was read stays shown');
  } finally {
    stack.gcs.setFaults({});
  }
  await page.locator('#error').waitFor({ state: 'hidden' });
  await waitUntilLive(page);
  await storeBatch(inspected, at(1000), [storedRow({ event: 'after_outage' })]);
  await page.locator('.event', { hasText: 'after_outage' }).waitFor();
});
