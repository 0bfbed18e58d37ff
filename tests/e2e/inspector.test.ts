// The event inspector of the local stack shows what the bucket holds, and follows it live: what a user checks first.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acceptConsent, startE2E, type E2E } from './harness.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(() => e2e?.close());

test('the inspector lists the stored events of a visit and shows new ones as they land', async () => {
  const shop = await e2e.visitor();
  await shop.page.goto(`${e2e.site}/shop`);
  await acceptConsent(shop.page);
  await shop.page.waitForFunction(() => document.cookie.includes('pipes_id='));
  const anonymousId = (await shop.context.cookies()).find((c) => c.name === 'pipes_id')!.value;
  await e2e.waitForRows((rows) => rows.some((r) => r.anonymous_id === anonymousId && r.type === 'page'), 'the page view');

  const { context, page } = await e2e.visitor();
  await page.goto(`${e2e.site}/inspector/`);
  await page.locator('#filter').fill(anonymousId);
  const events = page.locator('#events details.event:visible');
  await events.first().waitFor();
  const shownIds = await events.locator('.cell.id').first().getAttribute('title');
  assert.equal(shownIds, anonymousId);
  assert.deepEqual(await events.locator('.event-name').allTextContents(), ['page_view']);

  // a new event while the inspector is open appears without reloading it
  await shop.page.click('[data-add-to-cart="nyeri-aa"]');
  await page.locator('#events details.event:visible .event-name', { hasText: 'add_to_cart' }).waitFor({ timeout: 20_000 });
  const stored = (await e2e.rows()).filter((r) => r.anonymous_id === anonymousId);
  assert.equal(await events.count(), stored.length, 'one row on the page per stored event');

  // opening a row shows the stored row itself
  const cart = events.filter({ hasText: 'add_to_cart' });
  await cart.locator('summary').click();
  const shown = JSON.parse((await cart.locator('.row-json pre').textContent())!) as { event_id: string; properties: unknown };
  const row = stored.find((r) => r.event === 'add_to_cart')!;
  assert.equal(shown.event_id, row.event_id);
  assert.deepEqual(shown.properties, { product_id: 'nyeri-aa', price: 17.5, currency: 'EUR' });
  assert.equal(Number(await page.locator('#count-events').textContent()), (await e2e.rows()).length);
  await context.close();
  await shop.context.close();
});
