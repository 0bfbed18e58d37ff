// Anonymous id, session and user id, in real Chromium against the local collector (HTTPS, www. site + sgtm. collector).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from './browser.ts';

const h = harness();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('the first event of the first visit creates the anonymous id in a first-party cookie on the registrable domain', async () => {
  const { page, context, c, open } = await h.fresh();
  await open('/site/first');
  assert.deepEqual(await context.cookies(), [], 'no cookie before the first event');
  await page.evaluate(() => pipes.track('first'));
  const [event] = await c.waitForEvents(1);
  const cookies = await context.cookies();
  const id = cookies.find((k) => k.name == 'pipes_id');
  assert.ok(id, 'pipes_id cookie set');
  assert.match(id.value, UUID);
  assert.equal(event.anonymous_id, id.value, 'the very first event carries the id');
  assert.equal(id.domain, '.pipes.test', 'registrable domain, shared with the sgtm. subdomain');
  assert.equal(id.path, '/');
  assert.equal(id.sameSite, 'Lax');
  assert.equal(id.secure, true, 'Secure on https');
  assert.equal(id.httpOnly, false);
  const days = (id.expires - Date.now() / 1000) / 86400;
  assert.ok(days > 364 && days <= 365, `lifetime ${days} days`);
  const session = cookies.find((k) => k.name == 'pipes_ses');
  assert.equal(event.session_id, session?.value);
  assert.deepEqual([session!.domain, session!.path, session!.sameSite, session!.secure], ['.pipes.test', '/', 'Lax', true]);
  assert.ok(session!.expires - Date.now() / 1000 <= 30 * 60, 'session cookie lives 30 minutes');
  assert.match(event.session_id!, UUID);
});

test('the ids stay the same across reloads and paths', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/a');
  await page.evaluate(() => pipes.track('on a'));
  await c.waitForEvents(1);
  await page.reload();
  await page.waitForFunction(() => window.pipes?.v);
  await page.evaluate(() => pipes.track('reloaded'));
  await open('/site/b/deeper/path');
  await page.evaluate(() => pipes.track('on b'));
  const events = await c.waitForEvents(3);
  assert.deepEqual(events.map((e) => e.event), ['on a', 'reloaded', 'on b']);
  assert.equal(new Set(events.map((e) => e.anonymous_id)).size, 1);
  assert.equal(new Set(events.map((e) => e.session_id)).size, 1);
  assert.equal(events[2].context.page.path, '/site/b/deeper/path');
});

test('a session ends after the inactivity timeout, the anonymous id stays', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/s', { config: { sessionMinutes: 0.01 } }); // the cookie lives 1 s
  await page.evaluate(() => pipes.track('before'));
  await c.waitForEvents(1);
  await page.waitForTimeout(1600);
  await page.evaluate(() => pipes.track('after'));
  const [before, after] = await c.waitForEvents(2);
  assert.equal(after.anonymous_id, before.anonymous_id);
  assert.notEqual(after.session_id, before.session_id);
});

test('identify stitches the user id to later events, across reloads, until reset rotates the anonymous id', async () => {
  const { page, context, c, open } = await h.fresh();
  await open('/site/login');
  await page.evaluate(() => pipes.track('anonymous'));
  await page.evaluate(() => pipes.identify('user-42', { plan: 'pro' }));
  await page.reload();
  await page.waitForFunction(() => window.pipes?.v);
  await page.evaluate(() => pipes.track('logged in'));
  await page.evaluate(() => (pipes.reset(), pipes.track('logged out')));
  await page.evaluate(() => pipes('identity', 'user-7')); // the original API's alias, as a queued command
  const events = new Map((await c.waitForEvents(5)).map((e) => [e.type == 'identify' ? (e.user_id as string) : e.event, e]));
  const [anonymous, identify, loggedIn, loggedOut, identity] = ['anonymous', 'user-42', 'logged in', 'logged out', 'user-7'].map((k) => events.get(k)!);
  assert.equal(anonymous.user_id, undefined);
  assert.equal(identify.type, 'identify');
  assert.equal(identify.user_id, 'user-42');
  assert.deepEqual(identify.properties, { plan: 'pro' });
  assert.equal(identify.anonymous_id, anonymous.anonymous_id, 'identify carries the anonymous id it stitches');
  assert.equal(loggedIn.user_id, 'user-42', 'the user id survives a reload');
  assert.equal(loggedIn.anonymous_id, anonymous.anonymous_id);
  assert.equal(loggedOut.user_id, undefined, 'reset clears the user id');
  assert.notEqual(loggedOut.anonymous_id, anonymous.anonymous_id, 'reset rotates the anonymous id');
  assert.notEqual(loggedOut.session_id, anonymous.session_id, 'and starts a new session');
  assert.equal((await context.cookies()).find((k) => k.name == 'pipes_id')?.value, loggedOut.anonymous_id);
  assert.equal(identity.user_id, 'user-7');
  assert.equal(await page.evaluate(() => document.cookie.includes('user-')), false, 'the user id is not kept in a cookie');
});

test('reset holds when the answer to a request sent before it sets the retired id again', async () => {
  const { page, context, c, open } = await h.fresh();
  await open('/site/stale');
  await page.evaluate(() => pipes.track('logged in'));
  const [loggedIn] = await c.waitForEvents(1);
  const retired = loggedIn.anonymous_id!;
  // the server refreshes the id the request carried, and answers after the reset
  c.answers = [{ status: 204, delay: 400, headers: { 'Set-Cookie': `pipes_id=${retired}; Domain=pipes.test; Path=/; Max-Age=31536000; Secure; SameSite=Lax` } }];
  const sent = page.waitForRequest((r) => r.url().startsWith(c.endpoint));
  await page.evaluate(() => (pipes.track('in flight'), pipes.flush()));
  await sent;
  await page.evaluate(() => pipes.reset());
  const cookie = async () => (await context.cookies()).find((k) => k.name == 'pipes_id')?.value;
  const deadline = Date.now() + 10_000;
  while ((await cookie()) != retired && Date.now() < deadline) await page.waitForTimeout(50);
  assert.equal(await cookie(), retired, 'the late answer set the retired id again');
  await page.evaluate(() => pipes.track('logged out'));
  await page.reload();
  await page.waitForFunction(() => window.pipes?.v);
  await page.evaluate(() => pipes.track('next page'));
  const events = await c.waitForEvents(4);
  const [loggedOut, nextPage] = ['logged out', 'next page'].map((name) => events.find((e) => e.event == name)!);
  assert.notEqual(loggedOut.anonymous_id, retired);
  assert.equal(nextPage.anonymous_id, loggedOut.anonymous_id);
  assert.equal(await cookie(), loggedOut.anonymous_id);
});

test('an anonymous id the server sets with Set-Cookie is used by the next events', async () => {
  const { page, c, open } = await h.fresh();
  const serverId = '00000000-0000-4000-8000-000000000001';
  c.answers = [{ status: 204, headers: { 'Set-Cookie': `pipes_id=${serverId}; Domain=pipes.test; Path=/; Max-Age=31536000; Secure; SameSite=Lax` } }];
  await open('/site/server');
  await page.evaluate(() => pipes.track('one'));
  const [one] = await c.waitForEvents(1);
  assert.notEqual(one.anonymous_id, serverId);
  await page.waitForFunction((id) => document.cookie.includes(id), serverId);
  await page.evaluate(() => pipes.track('two'));
  const [, two] = await c.waitForEvents(2);
  assert.equal(two.anonymous_id, serverId);
});

test('every event gets its own event_id and each batch a batch_id (UUID v4)', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/ids', { config: { batchSize: 3 } });
  await page.evaluate(() => {
    for (let i = 0; i < 6; i++) pipes.track('e' + i);
  });
  const events = await c.waitForEvents(6);
  assert.equal(new Set(events.map((e) => e.event_id)).size, 6);
  for (const e of events) assert.match(e.event_id, UUID);
  const batches = c.batches();
  assert.equal(batches.length, 2);
  assert.notEqual(batches[0].batch_id, batches[1].batch_id);
  for (const b of batches) assert.match(b.batch_id, UUID);
});
