// The tracker's bench: script sizes, traffic per 100 events, main-thread cost of a track call, and delivery in five
// scenarios (steady, unload, close, offline-reload, flaky server), in real Chromium against the local collector of the
// tracker's tests. The tracker runs with its production defaults. `npm run bench`, or `node --import tsx bench/run.ts`.
// Then the server's bench (bench/server.ts): the Pipes client template's throughput into the local GCS.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { pluginNames } from '../tracker/build.ts';
import type { Config } from '../tracker/src/types.ts';
import { launchChromium } from '../tracker/test/chromium.ts';
import { startCollector, type Answer, type Collector } from '../tracker/test/collector.ts';
import { runServerBench } from './server.ts';

const dist = join(import.meta.dirname, '..', 'tracker', 'dist');
const PRODUCTION: Partial<Config> = { flushInterval: 2000, batchSize: 50, batchBytes: 32000, retryBase: 1000, retryMax: 120000 };
const TARGETS = { coreGzip: 4096, allGzip: 6144, eventsPerRequest: 20 };

/** A seeded generator, so that every run of the bench makes the same choices. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Size {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

function sizes(): Size[] {
  const files = ['pipes.js', ...pluginNames.map((n) => `pipes-${n}.js`)];
  const rows = files.map((file) => {
    const bytes = readFileSync(join(dist, file));
    const brotli = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
    });
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotli.length };
  });
  const sum = (k: 'raw' | 'gzip' | 'brotli'): number => rows.reduce((n, r) => n + r[k], 0);
  return [...rows, { file: 'core + all plugins', raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') }];
}

interface Outcome {
  scenario: string;
  tracked: number;
  delivered: number;
  /** Copies received beyond the first of each event_id. */
  duplicates: number;
  /** Event ids stored under more than one batch_id: duplicates the bucket's batch-level idempotency would not absorb. */
  acrossBatches: number;
  requests: number;
  bytes: number;
  seconds: number;
}

const track = (page: Page, labels: string[], spacing = 0): Promise<void> =>
  page.evaluate(
    async ({ labels, spacing }) => {
      for (const label of labels) {
        pipes.track('bench', { label, text: 'a typical property value' });
        if (spacing) await new Promise((r) => setTimeout(r, spacing));
      }
    },
    { labels, spacing },
  );

const labels = (scenario: string, from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `${scenario}-${from + i}`);

/** Waits until every tracked event arrived (or `ms` passed), then a little longer to catch late duplicates. */
async function outcome(c: Collector, scenario: string, tracked: string[], started: number, ms = 60000): Promise<Outcome> {
  const want = new Set(tracked);
  const arrived = (): number => new Set(c.events().map((e) => e.properties.label as string).filter((l) => want.has(l))).size;
  await c.waitFor(`${scenario}: all events`, () => arrived() == want.size, ms).catch(() => undefined);
  const seconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1500));
  const events = c.events();
  const batchesOf = new Map<string, Set<string>>();
  for (const b of c.batches()) for (const e of b.events) batchesOf.set(e.event_id, (batchesOf.get(e.event_id) ?? new Set()).add(b.batch_id));
  return {
    scenario,
    tracked: tracked.length,
    delivered: arrived(),
    duplicates: events.length - new Set(events.map((e) => e.event_id)).size,
    acrossBatches: [...batchesOf.values()].filter((s) => s.size > 1).length,
    requests: c.hits.length,
    bytes: c.hits.reduce((n, h) => n + Buffer.byteLength(h.body) + h.url.search.length, 0),
    seconds,
  };
}

type Scenario = (context: BrowserContext, c: Collector, rand: () => number) => Promise<Outcome>;

const scenarios: Record<string, Scenario> = {
  /** One page, 100 events at 20 per second. */
  async steady(context, c) {
    const page = await open(context, c, '/site/steady');
    const started = Date.now();
    const tracked = labels('steady', 0, 100);
    await track(page, tracked, 50);
    return outcome(c, 'steady', tracked, started);
  },
  /** Ten pages in one tab; on each, ten events, a random stay of up to 2.5 s, then a link to the next page. */
  async unload(context, c, rand) {
    c.answer = { status: 204, delay: 30 };
    const page = await context.newPage();
    const started = Date.now();
    const tracked: string[] = [];
    for (let p = 0; p < 10; p++) {
      await open(context, c, `/site/unload/${p}`, page);
      const batch = labels('unload', p * 10, 10);
      tracked.push(...batch);
      await track(page, batch, 20);
      await page.waitForTimeout(rand() * 2500);
    }
    await open(context, c, '/site/unload/end', page);
    return outcome(c, 'unload', tracked, started);
  },
  /** Ten tabs one after the other; each tracks ten events, stays up to 2.5 s, and is closed. */
  async close(context, c, rand) {
    c.answer = { status: 204, delay: 30 };
    const started = Date.now();
    const tracked: string[] = [];
    for (let p = 0; p < 10; p++) {
      const page = await open(context, c, `/site/close/${p}`);
      const batch = labels('close', p * 10, 10);
      tracked.push(...batch);
      await track(page, batch, 20);
      await page.waitForTimeout(rand() * 2500);
      await page.close();
    }
    return outcome(c, 'close', tracked, started);
  },
  /** Ten events online, the connection drops, ten more, a reload fails offline, the connection returns, the page is opened again. */
  async 'offline-reload'(context, c) {
    const page = await open(context, c, '/site/offline');
    const started = Date.now();
    const online = labels('offline-reload', 0, 10);
    const offline = labels('offline-reload', 10, 10);
    await track(page, online, 20);
    await context.setOffline(true);
    await track(page, offline, 20);
    await page.reload().catch(() => undefined); // the browser's offline error page replaces ours
    await context.setOffline(false);
    await open(context, c, '/site/offline', page);
    return outcome(c, 'offline-reload', [...online, ...offline], started);
  },
  /** 300 events at 100 per second, in batches of 10, against a collector that fails a third of the requests (some with Retry-After) and is slow at times. */
  async 'flaky server'(context, c, rand) {
    c.answer = (): Answer => {
      const r = rand();
      if (r < 0.15) return { status: 503 };
      if (r < 0.25) return { status: 503, headers: { 'Retry-After': '1' } };
      if (r < 0.3) return { status: 500 };
      if (r < 0.35) return { status: 429 };
      if (r < 0.45) return { status: 204, delay: 800 };
      return { status: 204, delay: 30 };
    };
    const page = await open(context, c, '/site/flaky', undefined, { flushInterval: 500, batchSize: 10 });
    const started = Date.now();
    const tracked = labels('flaky', 0, 300);
    await track(page, tracked, 10);
    return outcome(c, 'flaky server', tracked, started, 120000);
  },
};

async function open(context: BrowserContext, c: Collector, path: string, page?: Page, config: Partial<Config> = {}): Promise<Page> {
  c.page = { config: { ...PRODUCTION, ...config } };
  const target = page ?? (await context.newPage());
  await target.goto(c.site + path);
  await target.waitForFunction(() => window.pipes?.v);
  return target;
}

interface Cost {
  meanMicros: number;
  worstBlockMicros: number;
  firstCallMicros: number;
}

/**
 * Main-thread time of track(), batching, storage and starting requests included. Timers are coarse outside isolated
 * pages, so blocks of 100 calls are timed, with a pause after each for the requests to go out. The first call of a
 * page also pays one-time costs (the registrable-domain probe, the first Intl time-zone lookup).
 */
async function trackCost(browser: Browser, c: Collector): Promise<Cost> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  c.reset();
  const page = await open(context, c, '/site/cost');
  const result = await page.evaluate(async () => {
    const t0 = performance.now();
    pipes.track('first');
    const first = performance.now() - t0;
    const blocks: number[] = [];
    for (let b = 0; b < 20; b++) {
      await new Promise((r) => setTimeout(r, 50));
      const start = performance.now();
      for (let i = 0; i < 100; i++) pipes.track('bench', { i, label: 'cost', text: 'a typical property value' });
      blocks.push(performance.now() - start);
    }
    return { first, blocks };
  });
  await context.close();
  const total = result.blocks.reduce((a, b) => a + b, 0);
  return { meanMicros: (total / 2000) * 1000, worstBlockMicros: (Math.max(...result.blocks) / 100) * 1000, firstCallMicros: result.first * 1000 };
}

const pad = (s: string | number, n: number): string => String(s).padStart(n);
const mark = (ok: boolean): string => (ok ? '✓' : '✗');

async function main(): Promise<void> {
  const [browser, c] = await Promise.all([launchChromium(), startCollector()]);
  try {
    console.log(`Pipes tracker bench — Chromium ${browser.version()}, tracker defaults ${JSON.stringify(PRODUCTION)}\n`);
    const rows = sizes();
    console.log('Size (bytes)                 raw  gzip -9   brotli');
    for (const r of rows) console.log(`  ${r.file.padEnd(24)}${pad(r.raw, 6)}${pad(r.gzip, 9)}${pad(r.brotli, 9)}`);
    const core = rows[0];
    const all = rows[rows.length - 1];
    console.log(`  (plugins are separate files; the total adds their separately compressed sizes)`);
    console.log(`  targets: core ≤ ${TARGETS.coreGzip} gzip ${mark(core.gzip <= TARGETS.coreGzip)}, core + all plugins ≤ ${TARGETS.allGzip} gzip ${mark(all.gzip <= TARGETS.allGzip)}\n`);

    const cost = await trackCost(browser, c);
    console.log(
      `Main thread per track() call: mean ${cost.meanMicros.toFixed(1)} µs, worst block of 100 calls ${cost.worstBlockMicros.toFixed(1)} µs per call, first call ${cost.firstCallMicros.toFixed(0)} µs\n`,
    );

    const outcomes: Outcome[] = [];
    let seed = 1;
    for (const run of Object.values(scenarios)) {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      c.reset();
      outcomes.push(await run(context, c, random(seed++)));
      await context.close();
    }
    console.log('Delivery          events  delivered  dup copies  across batches  requests  req/100 ev  bytes/100 ev  events/req  seconds');
    for (const o of outcomes) {
      const posts = o.requests;
      console.log(
        `  ${o.scenario.padEnd(16)}${pad(o.tracked, 6)}${pad(((o.delivered / o.tracked) * 100).toFixed(1) + '%', 11)}${pad(o.duplicates, 12)}${pad(o.acrossBatches, 16)}` +
          `${pad(posts, 10)}${pad(((posts / o.tracked) * 100).toFixed(1), 12)}${pad(Math.round((o.bytes / o.tracked) * 100), 14)}${pad((o.tracked / posts).toFixed(1), 12)}${pad(o.seconds.toFixed(1), 9)}`,
      );
    }
    console.log('  (requests count every attempt, failed ones included; bytes are request bodies and pixel query strings)');
    const steady = outcomes[0];
    const allDelivered = outcomes.every((o) => o.delivered == o.tracked);
    const noDuplicates = outcomes.every((o) => o.duplicates == 0);
    console.log(
      `  targets: 100% delivered ${mark(allDelivered)}, zero duplicates ${mark(noDuplicates)}, ≥ ${TARGETS.eventsPerRequest} events per request in steady traffic ${mark(steady.tracked / steady.requests >= TARGETS.eventsPerRequest)}`,
    );
  } finally {
    await browser.close();
    await c.close();
  }
}

await main();
await runServerBench();
