// Opt-out, browser privacy signals, consent modes, URL reduction and form tracking, in real Chromium.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from '@playwright/test';
import { harness } from './browser.ts';

const h = harness();

const storageKeys = (page: Page): Promise<string[]> => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('pipes')));
const cookieNames = async (context: BrowserContext): Promise<string[]> => (await context.cookies()).map((k) => k.name).sort();

test('optOut: identifiers and queued events are deleted, one empty request tells the server, then none, across reloads, until optIn', async () => {
  const { page, context, c, open, requests } = await h.fresh();
  await open('/site/privacy', { config: { flushInterval: 60000 } });
  await page.evaluate(() => (pipes.identify('user-1'), pipes.track('sent'), pipes.flush()));
  const [before] = await c.waitForEvents(2);
  await page.evaluate(() => pipes.track('queued, never sent'));
  const sentBefore = { hits: c.hits.length, requests: requests.length };
  await page.evaluate(() => pipes.optOut());
  assert.deepEqual(await cookieNames(context), ['pipes_optout']);
  assert.deepEqual(await storageKeys(page), [], 'user id and queue deleted');
  assert.equal(await page.evaluate(() => pipes.isOptedOut()), true);
  // the server's HttpOnly copy of the id can only be expired by the server: it gets one request, empty, with the cookie
  await c.waitFor('the opt-out request', () => c.hits.length > sentBefore.hits && requests.length > sentBefore.requests);
  const notice = c.hits.slice(sentBefore.hits);
  assert.deepEqual(notice.map((hit) => [hit.method, hit.body]), [['POST', '']]);
  assert.match(notice[0]!.headers.cookie ?? '', /(^|; )pipes_optout=1(;|$)/);
  const seen = { hits: c.hits.length, requests: requests.length };

  await page.evaluate(() => {
    pipes.page();
    pipes.track('after opt-out');
    pipes.identify('user-1');
    pipes.flush();
    dispatchEvent(new PageTransitionEvent('pagehide'));
  });
  await page.reload();
  await page.waitForFunction(() => window.pipes?.v);
  assert.equal(await page.evaluate(() => pipes.isOptedOut()), true, 'persists across reloads');
  await page.evaluate(() => (pipes.track('still opted out'), pipes.flush()));
  await open('/site/elsewhere');
  await page.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(c.hits.length, seen.hits, 'the collector received nothing');
  assert.equal(requests.length, seen.requests, 'the browser made no request to the collector');
  assert.deepEqual(await cookieNames(context), ['pipes_optout']);

  const again = await context.newPage();
  await open('/site/back', undefined, again);
  await again.evaluate(() => (pipes.optIn(), pipes.track('opted in'), pipes.flush()));
  const events = await c.waitForEvents(3);
  assert.deepEqual(events.map((e) => e.event), ['identify', 'sent', 'opted in']);
  assert.notEqual(events[2].anonymous_id, before.anonymous_id, 'a new anonymous id after opting in again');
  assert.equal(events[2].user_id, undefined);
  assert.ok(!(await cookieNames(context)).includes('pipes_optout'));
});

test('disable is the original API’s name for optOut', async () => {
  const { page, context, open } = await h.fresh();
  await open('/site/disable');
  await page.evaluate(() => (pipes.track('x'), pipes('disable')));
  assert.equal(await page.evaluate(() => pipes.isOptedOut()), true);
  assert.deepEqual(await cookieNames(context), ['pipes_optout']);
});

for (const signal of ['globalPrivacyControl', 'doNotTrack'] as const) {
  test(`${signal} is honoured by default, and can be turned off`, async () => {
    const { page, context, c, open, requests } = await h.fresh();
    // A string, not a function: tsx would add helpers to a function's source that the page does not have.
    const value = signal == 'doNotTrack' ? "'1'" : 'true';
    await context.addInitScript(`Object.defineProperty(Navigator.prototype, '${signal}', { get: () => ${value} })`);
    await open('/site/signal');
    assert.equal(await page.evaluate(() => pipes.isOptedOut()), true);
    await page.evaluate(() => (pipes.track('ignored'), pipes.flush()));
    await page.waitForTimeout(300);
    assert.equal(c.hits.length + requests.length, 0);
    assert.deepEqual(await cookieNames(context), []);
    const option = signal == 'globalPrivacyControl' ? 'gpc' : 'dnt';
    await open('/site/signal-off', { config: { [option]: false } });
    await page.evaluate(() => (pipes.track('allowed'), pipes.flush()));
    const events = await c.waitForEvents(1);
    assert.deepEqual(events.map((e) => e.event), ['allowed']);
  });
}

test('page and referrer URLs keep only allow-listed query parameters and never the fragment', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/from?utm_campaign=spring&email=a%40b.example&session=s3cr3t#token=xyz', {
    body: '<a id="go" href="/site/to?utm_source=news&utm_medium=mail&email=a%40b.example&page=2#top">go</a>',
  });
  await page.click('#go');
  await page.waitForFunction(() => window.pipes?.v && location.pathname == '/site/to');
  await page.evaluate(() => (pipes.page(), pipes.flush()));
  const [view] = await c.waitForEvents(1);
  assert.equal(view.context.page.url, `${c.site}/site/to?utm_source=news&utm_medium=mail`);
  assert.equal(view.context.page.referrer, `${c.site}/site/from?utm_campaign=spring`);
  assert.equal(view.context.page.path, '/site/to');

  await open('/site/to?page=2&utm_source=x&q=shoes#frag', { config: { allowQuery: ['page', 'q'] } });
  await page.evaluate(() => (pipes.page(), pipes.flush()));
  const [, custom] = await c.waitForEvents(2);
  assert.equal(custom.context.page.url, `${c.site}/site/to?page=2&q=shoes`);
});

test('forms: trackForm records field names and types, never values', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/signup', {
    body: `<form id="signup" name="signup" action="/site/done?token=qz-query-secret#x">
      <input name="email" type="email"><input name="password" type="password"><input name="token" type="hidden" value="hidden-secret">
      <input name="action" value="shadows form.action"><input name="id" value="shadows form.id">
      <select name="country"><option>NL</option><option>Secretland</option></select><textarea name="bio"></textarea>
      <input type="checkbox" name="terms"><input type="radio" name="plan" value="free"><input type="radio" name="plan" value="pro">
      <button name="go" type="submit">Sign up</button></form>`,
  });
  await page.evaluate(() => pipes.trackForm('#signup', 'signup_submitted', { variant: 'b' }));
  await page.fill('input[name=email]', 'someone@example.com');
  await page.fill('input[name=password]', 'hunter2');
  await page.selectOption('select', 'Secretland');
  await page.fill('textarea', 'my private life');
  await page.check('input[name=terms]');
  await page.check('input[value=pro]');
  await page.click('button');
  await page.waitForURL(/\/site\/done/);
  const [event] = await c.waitForEvents(1);
  assert.equal(event.event, 'signup_submitted');
  assert.deepEqual(event.properties, {
    form_id: 'signup',
    form_name: 'signup',
    action: `${c.site}/site/done`,
    fields: [
      { name: 'email', type: 'email' },
      { name: 'password', type: 'password' },
      { name: 'token', type: 'hidden' },
      { name: 'action', type: 'text' },
      { name: 'id', type: 'text' },
      { name: 'country', type: 'select-one' },
      { name: 'bio', type: 'textarea' },
      { name: 'terms', type: 'checkbox' },
      { name: 'plan', type: 'radio' },
    ],
    variant: 'b',
  });
  const body = c.hits.map((x) => x.body).join();
  for (const value of ['someone@example.com', 'hunter2', 'Secretland', 'my private life', 'hidden-secret', 'shadows', 'qz-query-secret']) {
    assert.ok(!body.includes(value), `${value} left the page`);
  }
});

test('consent "wait": nothing is stored or sent until granted, then the held events go with ids', async () => {
  const { page, context, c, open, requests } = await h.fresh();
  await open('/site/wait', { config: { consent: 'wait' } });
  await page.evaluate(() => (pipes.page(), pipes.identify('u-9'), pipes.track('held'), pipes.flush()));
  await page.waitForTimeout(300);
  assert.equal(c.hits.length + requests.length, 0);
  assert.deepEqual(await cookieNames(context), []);
  assert.deepEqual(await storageKeys(page), []);
  await page.evaluate(() => (pipes('consent', 'granted'), pipes.flush()));
  const events = await c.waitForEvents(3);
  assert.deepEqual(events.map((e) => e.event), ['page_view', 'identify', 'held']);
  for (const e of events) {
    assert.equal(e.context.consent, 'granted');
    assert.ok(e.anonymous_id && e.session_id);
  }
  assert.equal(events[0].user_id, undefined, 'an event recorded before identify has no user id');
  assert.equal(events[1].user_id, 'u-9');
  assert.equal(events[2].user_id, 'u-9');
  assert.deepEqual(await cookieNames(context), ['pipes_id', 'pipes_ses']);
});

test('consent "wait" then denied: held events are dropped and nothing is stored or sent', async () => {
  const { page, context, c, open, requests } = await h.fresh();
  await open('/site/deny', { config: { consent: 'wait' } });
  await page.evaluate(() => (pipes.track('held'), pipes.consent('denied'), pipes.track('after'), pipes.flush()));
  await page.waitForTimeout(300);
  assert.equal(c.hits.length + requests.length, 0);
  assert.deepEqual(await cookieNames(context), []);
  assert.deepEqual(await storageKeys(page), []);
});

test('consent "cookieless": events go without any id or storage until granted', async () => {
  const { page, context, c, open } = await h.fresh();
  await open('/site/cookieless', { config: { consent: 'cookieless' } });
  await page.evaluate(() => (pipes.page(), pipes.identify('u-5'), pipes.flush()));
  const [view, identify] = await c.waitForEvents(2);
  for (const e of [view, identify]) {
    assert.equal(e.anonymous_id, null);
    assert.equal(e.session_id, null);
    assert.equal(e.user_id, undefined);
    assert.equal(e.context.consent, 'pending');
  }
  assert.deepEqual(await cookieNames(context), []);
  assert.deepEqual(await storageKeys(page), []);
  assert.equal(c.hits[0].headers.cookie, undefined, 'no cookie travels either');
  await page.evaluate(() => (pipes.consent('granted'), pipes.track('granted'), pipes.flush()));
  const [, , granted] = await c.waitForEvents(3);
  assert.ok(granted.anonymous_id);
  assert.equal(granted.user_id, 'u-5', 'the user id identified before consent is used once granted');
  assert.equal(granted.context.consent, 'granted');
  assert.deepEqual(await cookieNames(context), ['pipes_id', 'pipes_ses']);
});
