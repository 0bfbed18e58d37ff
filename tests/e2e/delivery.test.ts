// Delivery through the whole stack: whatever happens between the browser and the bucket (no network, leaving the
// page, a storage outage), every event ends up stored exactly once; a single-page app's route is one page view.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from '@playwright/test';
import { acceptConsent, startE2E, until, type E2E, type StoredRow } from './harness.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(() => e2e?.close());

/** Pushes `count` timer events tagged with `run`, as the brew planner's button does. */
async function pushTimers(page: Page, run: string, count: number): Promise<void> {
  await page.evaluate(
    ([recipe, n]) => {
      for (let seconds = 0; seconds < n; seconds++) (window as unknown as { dataLayer: unknown[] }).dataLayer.push({ event: 'brew_timer_start', recipe, seconds });
    },
    [run, count] as const,
  );
}

function assertExactlyOnce(rows: StoredRow[], run: string, count: number): void {
  const mine = rows.filter((r) => r.event === 'brew_timer_start' && r.properties.recipe === run);
  assert.deepEqual(mine.map((r) => r.properties.seconds).sort((a, b) => Number(a) - Number(b)), Array.from({ length: count }, (_, i) => i), `${run}: every event once`);
  assert.equal(new Set(mine.map((r) => r.event_id)).size, count, `${run}: no event id twice`);
}

const stored = (run: string, count: number) => (rows: StoredRow[]) => rows.filter((r) => r.event === 'brew_timer_start' && r.properties.recipe === run).length >= count;

async function consentedVisitor(path: string) {
  const visitor = await e2e.visitor();
  await visitor.page.goto(`${e2e.site}${path}`);
  await acceptConsent(visitor.page);
  return visitor;
}

test('events recorded offline are stored exactly once when the browser is back online', async () => {
  const { context, page, sent } = await consentedVisitor('/app/timer');
  await e2e.waitForRows((rows) => rows.some((r) => r.context.page.path === '/app/timer'), 'the page view');
  await context.setOffline(true);
  const sentBefore = sent.length;
  await pushTimers(page, 'offline', 12);
  // the tracker holds its batches while the browser says it is offline
  await until(() => page.evaluate(() => !navigator.onLine), 'the browser going offline');
  await page.waitForTimeout(600);
  assert.equal(sent.length, sentBefore, 'nothing is attempted while offline');
  await context.setOffline(false);
  assertExactlyOnce(await e2e.waitForRows(stored('offline', 12), 'the offline events'), 'offline', 12);
  await context.close();
});

test('events recorded just before navigating away are stored exactly once', async () => {
  const { context, page } = await consentedVisitor('/app/timer');
  await pushTimers(page, 'leaving', 8);
  await page.goto(`${e2e.site}/shop`);
  assertExactlyOnce(await e2e.waitForRows(stored('leaving', 8), 'the events sent on leaving'), 'leaving', 8);
  await context.close();
});

test('a storage outage is answered 503 and the retried events are stored exactly once', async () => {
  const { context, page, sent } = await consentedVisitor('/app/timer');
  await e2e.waitForRows((rows) => rows.some((r) => r.context.page.path === '/app/timer'), 'the page view');
  const failed: number[] = [];
  page.on('response', (response) => {
    if (response.url().startsWith(`${e2e.stack.sgtmUrl}/p/collect`) && response.status() >= 500) failed.push(response.status());
  });
  e2e.stack.gcs.setFaults({ outage: true });
  try {
    const sentBefore = sent.length;
    await pushTimers(page, 'outage', 10);
    await until(() => failed.length > 0, 'a send refused during the outage');
    assert.ok(sent.length > sentBefore);
    assert.ok(failed.every((status) => status === 503), `statuses: ${failed.join(', ')}`);
  } finally {
    e2e.stack.gcs.setFaults({});
  }
  assertExactlyOnce(await e2e.waitForRows(stored('outage', 10), 'the retried events', 60_000), 'outage', 10);
  await context.close();
});

test('a route change of the single-page app is exactly one page view', async () => {
  const { context, page } = await consentedVisitor('/app');
  await page.waitForFunction(() => document.cookie.includes('pipes_id='));
  const id = (await context.cookies()).find((c) => c.name === 'pipes_id')!.value;
  const views = (rows: StoredRow[]) =>
    rows.filter((r) => r.anonymous_id === id && r.type === 'page').sort((a, b) => a.ts.localeCompare(b.ts)).map((r) => r.context.page.path);
  // each step waits for its page view to be stored, as a visitor reads a page before clicking on
  const step = async (action: () => Promise<unknown>, expected: string[]) => {
    await action();
    await e2e.waitForRows((all) => views(all).length >= expected.length, `page views ${expected.join(' ')}`);
  };
  await step(async () => {}, ['/app']);
  await step(() => page.click('a[href="/app/recipes"]'), ['/app', '/app/recipes']);
  await page.click('a[href="/app/recipes"]'); // the same route again: no page view
  await step(() => page.click('a[href="/app/timer"]'), ['/app', '/app/recipes', '/app/timer']);
  await step(() => page.goBack(), ['/app', '/app/recipes', '/app/timer', '/app/recipes']);
  await step(() => page.goto(`${e2e.site}/shop`), ['/app', '/app/recipes', '/app/timer', '/app/recipes', '/shop']);
  assert.deepEqual(views(await e2e.rows()), ['/app', '/app/recipes', '/app/timer', '/app/recipes', '/shop']);
  await context.close();
});
