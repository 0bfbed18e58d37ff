// Delivery: batching, unload, offline, persistence, retries, caps and tabs, in real Chromium against the local collector.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Page } from '@playwright/test';
import { harness } from './browser.ts';
import type { Collector } from './collector.ts';

const h = harness();

/** The project's JSON Schema of the wire format (schema/), which the sGTM client enforces. */
function wireBatchValidator(): (batch: unknown) => string {
  const schema = (name: string): object => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schema', name), 'utf8'));
  const ajv = new Ajv2020.default({ allErrors: true });
  ajv.addSchema(schema('wire-event.v1.schema.json'));
  const validate = ajv.compile(schema('wire-batch.v1.schema.json'));
  return (batch) => (validate(batch) ? '' : ajv.errorsText(validate.errors));
}

/** The queues in this origin's localStorage: key, last-write time and number of events. */
const queues = (page: Page): Promise<{ key: string; t: number; events: number }[]> =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('pipes_q.'))
      .map((key) => {
        const q = JSON.parse(localStorage.getItem(key)!);
        return { key, t: q.t, events: q.b.reduce((n: number, b: { e: unknown[] }) => n + b.e.length, 0) };
      }),
  );

const track = (page: Page, names: string[]): Promise<void> =>
  page.evaluate((names) => names.forEach((n) => pipes.track(n, { n })), names);

const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => prefix + i);

/**
 * A collector that fails and asks for 30 s of quiet: after its first attempt a tab keeps its queue and sends nothing.
 * Pages opened with PARKING log each answer (debug), so the test knows when the tab has seen the failure.
 */
const PARK = { status: 503, headers: { 'Retry-After': '30' } };
const PARKING = { config: { debug: true } };
const parked = (c: Collector, logs: string[]): Promise<unknown> =>
  c.waitFor('the tab to see the failure', () => logs.some((l) => l.startsWith('[pipes] status 503')));

test('batches close at batchSize events, and on flush', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/count', { config: { batchSize: 5, flushInterval: 60000 } });
  await track(page, names('e', 12));
  await c.waitForEvents(10);
  assert.deepEqual(c.batches().map((b) => b.events.length), [5, 5]);
  await page.evaluate(() => pipes.flush());
  await c.waitForEvents(12);
  assert.deepEqual(c.batches().map((b) => b.events.length), [5, 5, 2]);
  assert.deepEqual(c.events().map((e) => e.event), names('e', 12), 'in order');
});

test('batches close before they grow past batchBytes', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/bytes', { config: { batchBytes: 4000, flushInterval: 60000 } });
  await page.evaluate(() => {
    for (let i = 0; i < 10; i++) pipes.track('big', { i, text: 'x'.repeat(900) });
    pipes.flush();
  });
  await c.waitForEvents(10);
  const posts = c.hits.filter((x) => x.method == 'POST');
  assert.ok(posts.length >= 4, `${posts.length} requests`);
  for (const p of posts) {
    const eventsBytes = Buffer.byteLength(JSON.stringify(p.batch!.events));
    assert.ok(eventsBytes <= 4000, `a batch carried ${eventsBytes} bytes of events`);
  }
  const tooBig = await page.evaluate(() => pipes.track('huge', { text: 'x'.repeat(5000) }));
  assert.equal(tooBig, undefined);
});

test('batches close flushInterval after their first event', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/time', { config: { flushInterval: 200 } });
  await track(page, ['a', 'b', 'c']);
  await c.waitForEvents(3);
  assert.deepEqual(c.batches().map((b) => b.events.length), [3]);
});

test('each batch is one wire-format v1 POST, sent as text/plain with credentials and without a preflight', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/wire?utm_source=news');
  await page.evaluate(() => pipes.track('signup', { step: 2 }));
  const [event] = await c.waitForEvents(1);
  const post = c.hits.find((x) => x.method == 'POST')!;
  assert.equal(post.headers['content-type'], 'text/plain;charset=UTF-8');
  assert.match(post.headers.cookie ?? '', /pipes_id=/, 'the first-party cookie travels to the collector');
  assert.equal(c.hits.filter((x) => x.method == 'OPTIONS').length, 0, 'no CORS preflight');
  const batch = post.batch!;
  assert.deepEqual(Object.keys(batch), ['v', 'batch_id', 'sent_at', 'events']);
  assert.equal(batch.v, 1);
  assert.ok(Math.abs(Date.parse(batch.sent_at) - Date.now()) < 60000);
  assert.equal(wireBatchValidator()(batch), '', 'valid against schema/wire-batch.v1.schema.json');
  assert.deepEqual(Object.keys(event), ['event_id', 'type', 'event', 'ts', 'anonymous_id', 'session_id', 'properties', 'context']);
  assert.equal(event.type, 'track');
  assert.equal(event.event, 'signup');
  assert.deepEqual(event.properties, { step: 2 });
  assert.ok(Date.parse(event.ts) <= Date.parse(batch.sent_at));
  const ctx = event.context;
  assert.deepEqual(Object.keys(ctx), ['page', 'screen', 'viewport', 'locale', 'timezone', 'library', 'consent']);
  assert.deepEqual(ctx.page, { url: `${c.site}/site/wire?utm_source=news`, path: '/site/wire', referrer: '', title: 'Test page /site/wire' });
  assert.ok(ctx.screen.width > 0 && ctx.viewport.height > 0);
  assert.equal(ctx.locale, 'en-US');
  assert.equal(typeof ctx.timezone, 'string');
  assert.equal(ctx.library.name, 'pipes.js');
  assert.equal(ctx.consent, 'none');
});

test('leaving the page by navigation sends what is still queued, once', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/leave', { config: { flushInterval: 60000 } });
  await track(page, ['x', 'y', 'z']);
  assert.equal(c.hits.length, 0);
  await open('/site/next');
  await c.waitForEvents(3);
  await page.evaluate(() => (pipes.track('next'), pipes.flush()));
  await c.waitForEvents(4);
  assert.deepEqual(c.events().map((e) => e.event).sort(), ['next', 'x', 'y', 'z']);
  await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('pipes_q.')), null, { timeout: 2000 });
});

test('closing the tab sends what is still queued', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/close', { config: { flushInterval: 60000 } });
  await track(page, ['a', 'b']);
  await page.close();
  const events = await c.waitForEvents(2);
  assert.deepEqual(events.map((e) => e.event), ['a', 'b']);
});

test('a hidden tab hands its queue to sendBeacon and goes on normally when visible again', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/hidden', { config: { flushInterval: 60000 } });
  const setVisibility = (state: string): Promise<void> =>
    page.evaluate((state) => {
      Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
  await track(page, ['before hide']);
  await setVisibility('hidden');
  await c.waitForEvents(1);
  await setVisibility('visible');
  await page.evaluate(() => (pipes.track('after'), pipes.flush()));
  await c.waitForEvents(2);
  assert.deepEqual(c.events().map((e) => e.event), ['before hide', 'after']);
});

test('offline: nothing is sent and the queue is kept; back online: it goes out', async () => {
  const { page, context, c, open } = await h.fresh();
  await open('/site/offline');
  await context.setOffline(true);
  await track(page, ['o1', 'o2', 'o3']);
  await page.evaluate(() => pipes.flush());
  await page.waitForTimeout(400);
  assert.equal(c.hits.length, 0);
  assert.equal((await queues(page))[0].events, 3, 'kept in localStorage meanwhile');
  await context.setOffline(false);
  await c.waitForEvents(3);
  assert.deepEqual(c.events().map((e) => e.event), ['o1', 'o2', 'o3']);
});

test('unsent batches survive a reload and are sent by the next page, once', async () => {
  const { page, c, open, logs } = await h.fresh();
  c.answer = PARK;
  await open('/site/persist', PARKING);
  await track(page, ['p1', 'p2']);
  await parked(c, logs);
  assert.equal((await queues(page))[0]?.events, 2);
  c.answer = { status: 204 };
  await page.reload();
  await page.waitForFunction(() => window.pipes?.v);
  const events = await c.waitForEvents(2);
  assert.deepEqual(events.map((e) => e.event), ['p1', 'p2']);
  await page.waitForTimeout(300);
  assert.equal(c.events().length, 2, 'sent once');
  assert.deepEqual(await queues(page), []);
});

test('503 bursts are retried with a growing back-off until accepted', async () => {
  const { page, c, open } = await h.fresh();
  c.answers = [{ status: 503 }, { status: 503 }, { status: 503 }, { status: 500 }];
  await open('/site/flaky', { config: { retryBase: 40, retryMax: 5000 } });
  await track(page, ['r']);
  await c.waitForEvents(1, 10000);
  const posts = c.hits.filter((x) => x.method == 'POST');
  assert.equal(posts.length, 5);
  assert.equal(new Set(posts.map((p) => p.batch!.batch_id)).size, 1, 'the same batch every time');
  const gaps = posts.slice(1).map((p, i) => p.at - posts[i].at);
  // Delays are retryBase·2ⁿ·(0.5…1): at least 20, 40, 80 and 160 ms (a slow machine only makes them longer).
  gaps.forEach((gap, n) => assert.ok(gap >= 40 * 2 ** n * 0.5 - 5, `gaps ${gaps}`));
});

test('Retry-After is honoured', async () => {
  const { page, c, open } = await h.fresh();
  c.answers = [{ status: 429, headers: { 'Retry-After': '1' } }];
  await open('/site/retry-after', { config: { retryBase: 10, retryMax: 20 } });
  await track(page, ['later']);
  await c.waitForEvents(1);
  const [first, second] = c.hits.filter((x) => x.method == 'POST');
  assert.ok(second.at - first.at >= 950, `retried after ${second.at - first.at} ms`);
});

test('a batch refused with 400 is dropped with one console warning, later batches still go', async () => {
  const { page, c, open, problems } = await h.fresh();
  c.answers = [{ status: 400 }, { status: 413 }];
  await open('/site/bad');
  await page.evaluate(() => (pipes.track('bad1'), pipes.flush()));
  await c.waitFor('the first answer', () => c.hits.length == 1);
  await page.evaluate(() => (pipes.track('bad2'), pipes.flush()));
  await c.waitFor('the second answer', () => c.hits.length == 2);
  await page.evaluate(() => (pipes.track('good'), pipes.flush()));
  await c.waitForEvents(1);
  await page.waitForTimeout(300);
  assert.deepEqual(c.hits.map((x) => x.status), [400, 413, 204], 'no retries of refused batches');
  assert.deepEqual(c.events().map((e) => e.event), ['good']);
  assert.equal(problems.filter((p) => p.includes('refused a batch')).length, 1);
  assert.deepEqual(await queues(page), []);
});

test('the stored queue is capped by events and bytes, dropping the oldest batches', async () => {
  const { page, c, open, problems } = await h.fresh();
  c.answer = { status: 503 };
  await open('/site/cap', { config: { batchSize: 2, maxQueueEvents: 6, retryBase: 60000, retryMax: 60000 } });
  await track(page, names('c', 10));
  await page.evaluate(() => pipes.flush());
  assert.equal((await queues(page))[0].events, 6);
  c.answer = { status: 204 };
  // a 503 may still be on its way back: a flush while a request is in flight sends nothing, so flush until it went
  for (let i = 0; i < 50 && c.events().length < 6; i++) {
    await page.evaluate(() => pipes.flush());
    await page.waitForTimeout(100);
  }
  await c.waitForEvents(6);
  await page.waitForTimeout(200);
  assert.deepEqual(c.events().map((e) => e.event), names('c', 10).slice(4), 'the newest six');
  assert.ok(problems.some((p) => p.includes('queue is full')));

  c.answer = { status: 503 };
  await page.evaluate(() => pipes.init({ maxQueueEvents: 1000, maxQueueBytes: 5000 }));
  await page.evaluate(() => {
    for (let i = 0; i < 10; i++) pipes.track('b' + i, { text: 'x'.repeat(800) });
    pipes.flush();
  });
  const bytes = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('pipes_q.'))
      .reduce((n, k) => n + JSON.parse(localStorage.getItem(k)!).b.reduce((m: number, b: { n: number }) => m + b.n, 0), 0),
  );
  assert.ok(bytes > 0 && bytes <= 5000, `${bytes} bytes stored`);
});

test('a full localStorage does not break tracking: the queue falls back to memory', async () => {
  const { page, c, open, problems } = await h.fresh();
  c.answers = [{ status: 503 }];
  await open('/site/full');
  const filled = await page.evaluate(() => {
    let size = 1 << 20;
    let i = 0;
    while (size) {
      try {
        localStorage.setItem('fill' + i++, 'x'.repeat(size));
      } catch {
        size >>= 1;
      }
    }
    try {
      localStorage.setItem('probe', 'x');
      return false;
    } catch {
      return true;
    }
  });
  assert.ok(filled, 'localStorage is full');
  await track(page, ['f1', 'f2', 'f3']);
  await c.waitForEvents(3, 8000);
  assert.deepEqual(c.events().map((e) => e.event), ['f1', 'f2', 'f3']);
  assert.deepEqual(problems.filter((p) => !p.includes('503')), []);
});

test('two tabs: a live tab keeps its queue; a closed tab’s queue is adopted by exactly one of two new tabs', async () => {
  const { context, page, c, open, logs } = await h.fresh();
  c.answer = PARK;
  await open('/site/tab1', PARKING);
  await track(page, ['t1', 't2', 't3']);
  await parked(c, logs);
  const [owned] = await queues(page);
  const second = await open('/site/tab2', undefined, await context.newPage());
  await second.waitForTimeout(300);
  assert.deepEqual(
    (await queues(second)).map((q) => [q.key, q.events]),
    [[owned.key, 3]],
    'only the first tab holds the batch while it lives',
  );
  await page.close();
  // The second tab adopts what the closed tab released (storage event); two more tabs open at the same time.
  const [third, fourth] = await Promise.all([context.newPage(), context.newPage()]);
  await Promise.all([open('/site/tab3', undefined, third), open('/site/tab4', undefined, fourth)]);
  await third.waitForFunction((old) => Object.keys(localStorage).some((k) => k.startsWith('pipes_q.') && k != old), owned.key);
  await third.waitForTimeout(300);
  const held = await queues(third);
  assert.deepEqual(held.map((q) => q.events), [3], 'one queue holds the three events');
  assert.notEqual(held[0].key, owned.key);
  c.answer = { status: 204 };
  await Promise.all([second, third, fourth].map((p) => p.evaluate(() => pipes.flush())));
  await c.waitForEvents(3);
  await third.waitForTimeout(500);
  assert.deepEqual(c.events().map((e) => e.event), ['t1', 't2', 't3']);
});

test('tabs adopt a released queue one at a time, under a Web Lock, and send it once', async () => {
  const { context, page, c, open, logs } = await h.fresh();
  c.answer = PARK;
  await open('/site/solo', PARKING);
  await track(page, ['s1', 's2']);
  await parked(c, logs);
  await page.close();
  c.answer = { status: 204 };
  // Another page of the site (without the tracker) holds the lock: no tab may adopt meanwhile.
  const holder = await open('/site/lock', { bare: true }, await context.newPage());
  await holder.evaluate(() => {
    navigator.locks.request('pipes_q', () => new Promise<void>((resolve) => ((window as { unlock?: () => void }).unlock = resolve)));
  });
  const tabs = await Promise.all([context.newPage(), context.newPage()]);
  await Promise.all(tabs.map((t, i) => open('/site/again' + i, {}, t)));
  await tabs[0].waitForTimeout(300);
  assert.equal(c.hits.length, 1, 'nothing sent while the lock is held');
  assert.deepEqual((await queues(tabs[0])).map((q) => q.events), [2], 'the released queue is still where the closed tab left it');
  await holder.evaluate(() => (window as { unlock?: () => void }).unlock!());
  await c.waitForEvents(2);
  await tabs[0].waitForTimeout(500);
  assert.deepEqual(c.events().map((e) => e.event), ['s1', 's2']);
});

test('without fetch and sendBeacon, each event goes as a GET pixel carrying a one-event batch in `e`', async () => {
  const { context, page, c, open } = await h.fresh();
  await context.addInitScript('delete window.fetch; delete Navigator.prototype.sendBeacon');
  await open('/site/old-browser');
  await track(page, ['px1', 'px2']);
  await c.waitForEvents(2);
  const gets = c.hits.filter((x) => x.method == 'GET');
  assert.equal(gets.length, 2);
  for (const g of gets) {
    assert.deepEqual([...g.url.searchParams.keys()], ['e']);
    assert.equal(g.batch!.v, 1);
    assert.equal(g.batch!.events.length, 1);
  }
  assert.deepEqual(c.events().map((e) => e.event), ['px1', 'px2']);
});
