// Identity through the whole stack: the demo shop in Chromium, its GTM container running the Pipes tag, the tracker
// loaded from the local sGTM, the Pipes client storing into the local GCS.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acceptConsent, startE2E, type E2E, type StoredRow } from './harness.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(() => e2e?.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ofVisitor = (anonymousId: string) => (rows: StoredRow[]) => rows.filter((row) => row.anonymous_id === anonymousId);

test('the first visit sets the id cookie in the page and the server refreshes it with an HttpOnly backup', async () => {
  const { context, page } = await e2e.visitor();
  await page.goto(`${e2e.site}/`);
  await acceptConsent(page);
  const stored = await e2e.waitForRows((rows) => rows.some((row) => row.type === 'page' && row.context.page.path === '/'), 'the first page view');
  const view = stored.find((row) => row.type === 'page' && row.context.page.path === '/')!;
  assert.match(view.anonymous_id!, UUID);
  assert.match(view.session_id!, UUID);

  const cookies = await context.cookies();
  const id = cookies.find((c) => c.name === 'pipes_id');
  const backup = cookies.find((c) => c.name === 'pipes_id_backup');
  assert.ok(id && backup, `cookies: ${JSON.stringify(cookies)}`);
  assert.equal(id.value, view.anonymous_id);
  assert.equal(backup.value, view.anonymous_id);
  // both on the site's host, for the whole site, for about a year
  for (const cookie of [id, backup]) {
    assert.equal(cookie.domain, 'localhost');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.sameSite, 'Lax');
    const days = (cookie.expires * 1000 - Date.now()) / 86_400_000;
    assert.ok(days > 364 && days <= 366, `${cookie.name} lasts ${days} days`);
  }
  assert.equal(id.httpOnly, false, 'the tracker reads the id cookie');
  assert.equal(backup.httpOnly, true, 'the backup is out of reach of scripts');
  // the tracker's own cookie on an http page is not Secure: these are the server's
  assert.equal(id.secure, true);
  assert.equal(backup.secure, true);
  await context.close();
});

test('the anonymous id and the session survive reloads and other paths', async () => {
  const { context, page } = await e2e.visitor();
  await page.goto(`${e2e.site}/shop`);
  await acceptConsent(page);
  for (const path of ['/shop/nyeri-aa', '/privacy', '/shop']) await page.goto(`${e2e.site}${path}`);
  await page.reload();
  const anonymousId = (await context.cookies()).find((c) => c.name === 'pipes_id')!.value;
  const rows = ofVisitor(anonymousId)(await e2e.waitForRows((all) => ofVisitor(anonymousId)(all).filter((r) => r.type === 'page').length >= 5, 'five page views'));
  const views = rows.filter((row) => row.type === 'page');
  assert.deepEqual(views.map((row) => row.context.page.path).sort(), ['/privacy', '/shop', '/shop', '/shop', '/shop/nyeri-aa']);
  assert.equal(new Set(views.map((row) => row.session_id)).size, 1);
  await context.close();
});

test('identify stores a pseudonymized user id, and reset starts a new anonymous id', async () => {
  const { context, page } = await e2e.visitor();
  await page.goto(`${e2e.site}/account`);
  await acceptConsent(page);
  await page.fill('#member', 'M-77031');
  await page.click('#login-form button');
  await page.goto(`${e2e.site}/shop`);
  await page.click('[data-add-to-cart="cerrado-natural"]');
  const before = (await context.cookies()).find((c) => c.name === 'pipes_id')!.value;

  await page.goto(`${e2e.site}/account`);
  await page.click('#logout');
  await page.goto(`${e2e.site}/shop`);
  await page.click('[data-add-to-cart="nyeri-aa"]');

  const rows = await e2e.waitForRows((all) => all.some((r) => r.event === 'add_to_cart' && r.properties.product_id === 'nyeri-aa'), 'the cart event after logout');
  const identify = rows.find((r) => r.type === 'identify' && r.anonymous_id === before)!;
  assert.ok(identify, 'the identify event is stored');
  assert.match(identify.user_id!, /^[0-9a-f]{64}$/, 'a keyed hash, not the member number');
  const loggedIn = rows.find((r) => r.event === 'add_to_cart' && r.properties.product_id === 'cerrado-natural')!;
  assert.equal(loggedIn.anonymous_id, before);
  assert.equal(loggedIn.user_id, identify.user_id, 'events after login carry the user id');

  const loggedOut = rows.find((r) => r.event === 'add_to_cart' && r.properties.product_id === 'nyeri-aa')!;
  assert.match(loggedOut.anonymous_id!, UUID);
  assert.notEqual(loggedOut.anonymous_id, before, 'reset rotates the anonymous id');
  assert.equal(loggedOut.user_id, undefined);
  assert.equal((await context.cookies()).find((c) => c.name === 'pipes_id')!.value, loggedOut.anonymous_id);
  assert.ok(!JSON.stringify(rows).includes('M-77031'), 'the raw member number is never stored');
  await context.close();
});
