// The plugins: page views with SPA route changes, link clicks, form submissions, engagement.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from './browser.ts';

const h = harness();

test('pageviews: one view on load, then one per real route change', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/app', { plugins: ['pageviews'] });
  await c.waitForEvents(1);
  const step = (code: string): Promise<void> => page.evaluate(`${code}; new Promise((r) => setTimeout(r, 20))`) as Promise<void>;
  await step("history.pushState({}, '', '/site/app/orders')");
  await step("history.replaceState({ scroll: 1 }, '', '/site/app/orders?sort=asc')"); // same path: not a view
  await step("history.pushState({}, '', '/site/app/orders#details')"); // fragment only: not a view
  await step("history.pushState({}, '', '/site/app/orders')"); // same path: not a view
  await step("history.pushState({}, '', '/site/app/login'); history.replaceState({}, '', '/site/app/home')"); // redirect: one view
  await step("history.replaceState({}, '', '/site/app/settings')"); // a replace that changes the path is a route change
  await page.goBack(); // popstate: the entry before /site/app/settings is /site/app/orders
  await page.waitForTimeout(50);
  await page.evaluate(() => pipes.flush());
  const paths = (await c.waitForEvents(5)).map((e) => e.context.page.path);
  await page.waitForTimeout(200);
  assert.deepEqual(
    c.events().map((e) => e.context.page.path),
    ['/site/app', '/site/app/orders', '/site/app/home', '/site/app/settings', '/site/app/orders'],
    `got ${paths}`,
  );
  assert.ok(c.events().every((e) => e.type == 'page' && e.event == 'page_view'));
});

test('links: every link click with its reduced href, without holding up navigation', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/links', {
    plugins: ['links'],
    config: { flushInterval: 60000 },
    body: `<a id="out" href="https://other.example/path?utm_source=pipes&q=private#x">out</a>
      <a id="mail" href="mailto:someone@example.com">mail</a>
      <div id="late"></div>
      <a id="cta" class="cta" href="/site/pricing?ref=abc"><span id="inner">Pricing</span></a>`,
    head: "<script>document.addEventListener('click', (e) => { if (e.target.closest('#out, #mail')) e.preventDefault(); });</script>",
  });
  await page.evaluate(() => pipes.trackLink('.cta', 'cta_click', { position: 'hero' }));
  await page.click('#out');
  await page.click('#mail');
  await page.evaluate(() => {
    document.getElementById('late')!.innerHTML = '<a id="added" href="/site/later">added later</a>';
    document.getElementById('added')!.addEventListener('click', (e) => e.preventDefault());
  });
  await page.click('#added');
  await page.click('#inner'); // a real navigation: the events go when the page is left
  await page.waitForURL(/\/site\/pricing/);
  const events = await c.waitForEvents(5);
  const props = events.map((e) => [e.event, e.properties]);
  assert.deepEqual(props, [
    ['link_click', { href: 'https://other.example/path?utm_source=pipes', outbound: true }],
    ['link_click', { href: 'mailto:', outbound: true }],
    ['link_click', { href: `${c.site}/site/later`, outbound: false }],
    // The plugin listens on the document, so in the capture phase it hears the click before the link itself.
    ['link_click', { href: `${c.site}/site/pricing`, outbound: false }],
    ['cta_click', { href: `${c.site}/site/pricing`, outbound: false, position: 'hero' }],
  ]);
});

test('forms: submissions of any form, also one added later, with names and types only', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/forms', { plugins: ['forms'] });
  await page.evaluate(() => {
    document.body.innerHTML = '<form id="search" action="/site/results"><input name="q" type="search"></form>';
    document.querySelector('form')!.addEventListener('submit', (e) => e.preventDefault());
  });
  await page.fill('input', 'secret query');
  await page.press('input', 'Enter');
  await page.evaluate(() => pipes.flush());
  const [event] = await c.waitForEvents(1);
  assert.equal(event.event, 'form_submit');
  assert.deepEqual(event.properties, { form_id: 'search', action: `${c.site}/site/results`, fields: [{ name: 'q', type: 'search' }] });
  assert.ok(!c.hits[0].body.includes('secret query'));
});

test('engagement: active time and scroll depth, reported on route change and when the page is hidden', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/article', { plugins: ['engagement'], body: '<div style="height: 4000px">long read</div>' });
  for (let i = 0; i < 6; i++) {
    await page.mouse.move(100 + i * 10, 100);
    await page.waitForTimeout(50);
  }
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(50);
  await page.evaluate(() => history.pushState({}, '', '/site/article/2'));
  await c.waitForEvents(1); // the first page's report, so that the moves below count for the second
  await page.mouse.move(10, 10);
  await page.waitForTimeout(50);
  await page.mouse.move(20, 20);
  await open('/site/elsewhere', { plugins: [] }); // leaving hides the page
  const [first, second] = await c.waitForEvents(2);
  assert.equal(first.event, 'engagement');
  assert.equal(first.properties.path, '/site/article');
  assert.equal(first.properties.scroll_depth, 100);
  assert.ok((first.properties.engaged_ms as number) >= 200, `engaged ${first.properties.engaged_ms} ms`);
  assert.equal(second.properties.path, '/site/article/2');
  assert.equal(second.properties.scroll_depth, 0, 'a new page starts unscrolled');
  assert.ok((second.properties.engaged_ms as number) > 0);
});
