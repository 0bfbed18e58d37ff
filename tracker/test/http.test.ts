// On plain http (no secure context): no Secure cookie flag, no crypto.randomUUID, no Web Locks. The tracker must still work.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from './browser.ts';

const h = harness({ tls: false });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('ids come from getRandomValues and the cookie has no Secure flag', async () => {
  const { page, context, c, open } = await h.fresh();
  await open('/site/plain');
  assert.deepEqual(await page.evaluate(() => [typeof crypto.randomUUID, typeof navigator.locks]), ['undefined', 'undefined']);
  await page.evaluate(() => (pipes.track('a', {}), pipes.track('b'), pipes.flush()));
  const events = await c.waitForEvents(2);
  for (const e of events) {
    assert.match(e.event_id, UUID);
    assert.match(e.anonymous_id!, UUID);
  }
  assert.match(c.batches()[0].batch_id, UUID);
  const id = (await context.cookies()).find((k) => k.name == 'pipes_id')!;
  assert.equal(id.secure, false);
  assert.equal(id.domain, '.pipes.test');
});

test('without Web Locks the next page still adopts a released queue once', async () => {
  const { page, c, open, logs } = await h.fresh();
  c.answer = { status: 503, headers: { 'Retry-After': '30' } }; // one attempt, then quiet
  await open('/site/plain-persist', { config: { debug: true } });
  await page.evaluate(() => pipes.track('kept'));
  await c.waitFor('the tab to see the failure', () => logs.some((l) => l.startsWith('[pipes] status 503')));
  c.answer = { status: 204 };
  await open('/site/plain-next');
  await c.waitForEvents(1);
  await page.waitForTimeout(300);
  assert.deepEqual(c.events().map((e) => e.event), ['kept']);
});
