// Consent mode "cookieless" through the whole stack: until analytics_storage is granted, events are sent and stored
// without any id and nothing is written to cookies or storage; once granted, ids are used.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acceptConsent, startE2E, type E2E } from './harness.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E({ consentMode: 'cookieless' });
});
after(() => e2e?.close());

test('denied: events are stored without ids and no cookie is set; granted: ids from then on', async () => {
  const { context, page } = await e2e.visitor();
  await page.goto(`${e2e.site}/shop`);
  await page.click('#consent-reject');
  await page.click('[data-add-to-cart="nyeri-aa"]');
  const rows = await e2e.waitForRows((all) => all.some((r) => r.properties.product_id === 'nyeri-aa'), 'the cart event while denied');
  for (const row of rows) {
    assert.equal(row.anonymous_id, null, `${row.event} has no anonymous id`);
    assert.equal(row.session_id, null);
  }
  assert.ok(!(await context.cookies()).some((c) => c.name.startsWith('pipes_')), 'no Pipes cookie');
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('pipes'))), []);

  await page.click('#consent-settings');
  await acceptConsent(page);
  await page.click('[data-add-to-cart="huila-pink-bourbon"]');
  const after = await e2e.waitForRows((all) => all.some((r) => r.properties.product_id === 'huila-pink-bourbon'), 'the cart event after consent');
  const granted = after.find((r) => r.properties.product_id === 'huila-pink-bourbon')!;
  assert.ok(granted.anonymous_id, 'ids once granted');
  assert.equal((await context.cookies()).find((c) => c.name === 'pipes_id')?.value, granted.anonymous_id);
  await context.close();
});
