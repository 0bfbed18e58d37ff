// Loading: the snippet, GTM's argument queue, replay order, double loading, strict CSP, plugins before the core.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from './browser.ts';
import { NONCE, snippet } from './collector.ts';

const h = harness();

test('the published snippet loads the tracker without blocking and sends a page view', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/snippet', { publishedSnippet: true, head: '<script>window.queuedBeforeLoad = pipes.q.length</script>' });
  await page.evaluate(() => pipes.flush()); // rather than wait for the default 2 s batch timer
  const [view] = await c.waitForEvents(1);
  assert.equal(view.type, 'page');
  assert.equal(view.event, 'page_view');
  assert.equal(await page.evaluate(() => (window as { queuedBeforeLoad?: number }).queuedBeforeLoad), 2, 'init and page waited in pipes.q');
  assert.equal(await page.evaluate(() => document.querySelector<HTMLScriptElement>('script[src$="/p/pipes.js"]')?.async), true);
});

test('calls queued before the script loads are replayed in order, queued init calls first', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/queue', {
    head: `<script>
      pipes('track', 'first');
      pipes('track', 'second');
      pipes('identify', 'user-1');
      pipes('track', 'third');
      pipes(function (p) { window.readyGotTracker = p === window.pipes && typeof p.track == 'function'; });
      pipes('init', { batchSize: 2, consent: 'cookieless' });
    </script>`,
  });
  const events = await c.waitForEvents(4);
  assert.deepEqual(events.map((e) => e.event), ['first', 'second', 'identify', 'third']);
  assert.deepEqual(c.batches().map((b) => b.events.length), [2, 2], 'batchSize from the last queued call applied to the first events');
  assert.ok(events.every((e) => e.anonymous_id == null), 'so did the consent mode');
  assert.equal(await page.evaluate(() => (window as { readyGotTracker?: boolean }).readyGotTracker), true);
});

test('GTM’s argument queue works, also through the stub function the tag kept after the script loaded', async () => {
  const { page, c, open } = await h.fresh();
  const config = JSON.stringify({ endpoint: c.endpoint, flushInterval: 50 });
  await open('/site/gtm', {
    bare: true,
    // What createArgumentsQueue('pipes', 'pipes.q') and injectScript do in a GTM web tag.
    head: `<script>
      (function () {
        var q = [];
        window.pipes = function () { q.push(arguments); };
        window.pipes.q = q;
      })();
      var fromTag = window.pipes;
      fromTag('init', ${config});
      fromTag('track', 'before load');
      var s = document.createElement('script');
      s.src = '${c.sgtm}/p/pipes.js';
      s.onload = function () {
        fromTag('track', 'after load, through the stub');
        window.pipes('track', 'after load, direct');
      };
      document.head.appendChild(s);
    </script>`,
  });
  const events = await c.waitForEvents(3);
  assert.deepEqual(events.map((e) => e.event), ['before load', 'after load, through the stub', 'after load, direct']);
  assert.equal(await page.evaluate(() => typeof window.pipes.v), 'string');
});

test('loading the script twice keeps one tracker', async () => {
  const { page, c, open } = await h.fresh();
  await open('/site/twice');
  const same = await page.evaluate(
    (src) =>
      new Promise<boolean>((resolve) => {
        const first = window.pipes;
        const s = document.createElement('script');
        s.src = src;
        s.onload = () => resolve(window.pipes === first);
        document.head.appendChild(s);
      }),
    `${c.sgtm}/p/pipes.js`,
  );
  assert.equal(same, true);
  await page.evaluate(() => (pipes.track('once'), pipes.flush()));
  await c.waitForEvents(1);
  await page.waitForTimeout(300);
  assert.equal(c.events().length, 1);
});

test('a strict Content-Security-Policy (no inline script without nonce, no eval) blocks nothing', async () => {
  const { page, context, c, open, problems } = await h.fresh();
  await context.addInitScript(
    "window.violations = []; document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));",
  );
  await open('/site/csp', {
    csp: `default-src 'none'; script-src 'nonce-${NONCE}' ${c.sgtm}; connect-src ${c.sgtm}; img-src ${c.sgtm}; style-src 'none'`,
    plugins: ['pageviews', 'links', 'forms', 'engagement'],
    body: '<a id="l" href="#x">link</a>',
  });
  await page.click('#l');
  await page.evaluate(() => pipes.flush());
  const events = await c.waitForEvents(2);
  assert.deepEqual(events.map((e) => e.event).sort(), ['link_click', 'page_view']);
  assert.deepEqual(await page.evaluate(() => (window as { violations?: string[] }).violations), []);
  assert.deepEqual(problems, []);
  // The policy is in force: an inline script without the nonce does not run.
  const inlineRan = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.head.appendChild(s);
    return (window as { inlineRan?: boolean }).inlineRan;
  });
  assert.equal(inlineRan, undefined);
});

test('a plugin file loaded before the tracker registers once the tracker loads', async () => {
  const { page, c, open } = await h.fresh();
  const config = { endpoint: c.endpoint, flushInterval: 50 };
  await open('/site/plugin-first', {
    bare: true,
    head: `<script src="${c.sgtm}/p/pipes-pageviews.js"></script>\n<script>window.stubbed = typeof pipes == 'function' && !pipes.v</script>\n<script>${snippet(c.sgtm, config, false)}</script>`,
  });
  await page.waitForFunction(() => window.pipes?.v);
  assert.equal(await page.evaluate(() => (window as { stubbed?: boolean }).stubbed), true);
  const [view] = await c.waitForEvents(1);
  assert.equal(view.event, 'page_view');
  await page.waitForTimeout(300);
  assert.equal(c.events().length, 1);
});

test('unknown commands and unserialisable properties warn and never throw into the page', async () => {
  const { page, c, open, problems } = await h.fresh();
  await open('/site/robust');
  const threw = await page.evaluate(() => {
    try {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const untyped = pipes as unknown as (...args: unknown[]) => unknown;
      untyped('nope');
      untyped('constructor', 'alert(1)');
      pipes.track('cyclic', cyclic);
      untyped('track', 42);
      pipes.track('fine');
      pipes.flush();
      return false;
    } catch {
      return true;
    }
  });
  assert.equal(threw, false);
  const events = await c.waitForEvents(1);
  assert.deepEqual(events.map((e) => e.event), ['fine']);
  assert.deepEqual(problems, [
    '[pipes] unknown command nope',
    '[pipes] unknown command constructor',
    '[pipes] an event whose properties are not JSON was dropped',
    '[pipes] track needs an event name',
  ]);
});
