// The web-tag fixture (tools/gtm/test/fixtures/web-tag) fired on an in-memory page, as a container on a site would
// fire it: what it leaves on the page (globals, cookie, storage, data layer, requests) and how consent holds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTemplateFile } from '../../../tpl/index.ts';
import { WebContainer } from '../container.ts';
import { MemoryPage } from '../memory-page.ts';
import { gtag } from './helpers.ts';

const template = readTemplateFile(readFileSync(join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'web-tag', 'template.tpl'), 'utf8'));

const DATA = {
  accountId: 'A-1',
  eventType: 'track',
  eventName: 'signup',
  consentMode: 'wait',
  properties: [{ key: 'plan', value: 'pro' }],
  timeoutMs: 500,
  debug: true,
};

function fixturePage(dataLayer: unknown[] = []) {
  const now = Date.now();
  const page = new MemoryPage({
    url: 'https://shop.example.com/signup?step=2',
    referrer: 'https://search.example.org/?q=shop',
    window: { fixtureConfig: { theme: 'dark' }, dataLayer: [{ event: 'signup_view', ecommerce: { value: 10 } }, ...dataLayer] },
    cookies: ['_ga=GA1.2.1234.5678; domain=example.com'],
    now: () => now,
  });
  const lines: string[] = [];
  const container = new WebContainer(page, { containerId: 'GTM-FIXTURE', debugMode: true, log: (args) => lines.push(args.join(' ')) });
  const sandbox = container.load({ code: template.code, permissions: template.permissions, templateType: 'TAG', name: 'web-tag' });
  return { page, container, sandbox, lines, now };
}

test('the web-tag fixture queues its event, remembers the visitor and sends its pixel', async () => {
  const { page, container, sandbox, lines, now } = fixturePage();
  const [result] = await container.runTags([{ id: 'fixture', sandbox, data: DATA }]);
  assert.equal(result?.status, 'success');
  const fixture = page.window['fixture'] as { q: IArguments[] };
  assert.deepEqual(fixture.q.map((args) => Array.from(args)), [
    [
      'event',
      {
        type: 'track',
        name: 'signup',
        properties: { plan: 'pro' },
        page: { path: '/signup', referrer: 'search.example.org', charset: 'UTF-8' },
        ecommerce: 10,
        trigger: 'signup_view',
        config: { theme: 'dark' },
        clientId: '1234.5678',
        container: 'GTM-FIXTURE',
        timeout: 500,
      },
    ],
  ]);
  const cookie = page.cookies().find((c) => c.name === 'fixture_id')!;
  assert.match(cookie.value, /^\d{6}$/);
  assert.deepEqual({ ...cookie, value: undefined }, { name: 'fixture_id', value: undefined, domain: 'example.com', hostOnly: false, path: '/', expires: now + 63_072_000_000, secure: true, sameSite: 'Lax' });
  assert.match(page.storedItems()['fixture_last_event'] ?? '', /^\d+$/);
  assert.deepEqual(page.requests, [
    { kind: 'iframe', url: 'https://iframe.example.com/sync?account=A-1' },
    { kind: 'script', url: 'https://cdn.example.com/fixture/v1.js' },
    { kind: 'pixel', url: 'https://pixel.example.com/p?a=A-1&t=shop.example.com' },
  ]);
  // the gtag set command went to the data layer during the event and into the model at its end
  assert.equal(container.dataLayer.get('developer_id.fixture'), true);
  await sandbox.scheduler.settle();
  assert.deepEqual(lines.sort(), ['[fixture] GTM-FIXTURE ran 1 tags', '[fixture] iframe ready', '[fixture] script loaded']);
  // a second firing reuses the cached script and the remembered visitor
  await container.runTags([{ id: 'fixture', sandbox, data: DATA }]);
  assert.equal(page.requests.filter((r) => r.kind === 'script').length, 1);
  assert.equal(page.cookies().filter((c) => c.name === 'fixture_id').length, 1);
});

test('with analytics consent denied the fixture waits, and sends once the page grants it', async () => {
  const early: unknown[] = [];
  gtag(early)('consent', 'default', { analytics_storage: 'denied' });
  const { page, container, sandbox } = fixturePage(early);
  const [result] = await container.runTags([{ id: 'fixture', sandbox, data: DATA }], { timeoutMs: 30 });
  assert.equal(result?.status, 'timeout');
  assert.equal(page.requests.filter((r) => r.kind === 'pixel').length, 0);
  // the fixture's own command: ad_storage denied, written to the data layer
  assert.equal(container.consent.value('ad_storage'), 'denied');
  gtag(page.window['dataLayer'])('consent', 'update', { analytics_storage: 'granted' });
  await sandbox.scheduler.settle();
  assert.deepEqual(page.requests.filter((r) => r.kind === 'pixel').map((r) => r.url), ['https://pixel.example.com/p?a=A-1&t=shop.example.com']);
});
