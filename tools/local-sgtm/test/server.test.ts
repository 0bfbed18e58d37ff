// The local sGTM over real HTTP: the fixture client claims and answers, the fixture tag stores the event in the
// local GCS (its upload routed there, with the local token); unclaimed requests, health checks, the body limit,
// request logs, concurrent requests sharing one container.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../config.ts';
import { startLocalSgtm } from '../server.ts';
import { BUCKET, browserHeaders, send, storedObjects, useStack } from './helpers.ts';

const stack = useStack();

test('a batch is claimed, its event stored in the local GCS by the tag, and answered with CORS, the cookie and the count', async () => {
  const before = await storedObjects(stack.dataDir);
  const answer = await send(`${stack.sgtm.url}/fixture`, {
    method: 'POST',
    headers: browserHeaders('cid-42'),
    // the tag fires for page_view and signup only
    body: '[{"event":"page_view"},{"event":"scroll"}]',
  });

  assert.equal(answer.status, 200);
  assert.equal(answer.headers['content-type'], 'application/json');
  assert.equal(answer.headers['access-control-allow-origin'], 'https://www.example.com');
  assert.deepEqual(answer.headers['set-cookie'], ['fixture_id=cid-42; Max-Age=63072000; Domain=example.co.uk; Path=/; Secure; SameSite=Lax']);
  assert.deepEqual(JSON.parse(answer.body), { events: 2, container: 'GTM-LOCAL-TEST' });

  // the client answers once every tag is done, so the object is there already
  const added = (await storedObjects(stack.dataDir)).filter((name) => !before.includes(name));
  assert.equal(added.length, 1, `one object for the page_view event, got ${added.join(', ')}`);
  assert.match(added[0]!, /^fixture\/\d+\.json$/);
  const row = JSON.parse(await readFile(join(stack.dataDir, BUCKET, added[0]!), 'utf8'));
  assert.equal(row.event, 'page_view');
  assert.equal(typeof row.at, 'number');
});

test('an origin outside the allowlist is refused by the client and nothing is stored', async () => {
  const before = await storedObjects(stack.dataDir);
  const answer = await send(`${stack.sgtm.url}/fixture`, { method: 'POST', headers: { ...browserHeaders('cid-1'), origin: 'https://evil.example' }, body: '[{"event":"page_view"}]' });
  assert.deepEqual([answer.status, answer.body], [403, 'origin not allowed']);
  assert.deepEqual(await storedObjects(stack.dataDir), before);
});

test('a request no client claims is answered 400', async () => {
  assert.equal((await send(`${stack.sgtm.url}/g/collect?v=2&en=page_view`)).status, 400);
  // the client claims POST only
  assert.equal((await send(`${stack.sgtm.url}/fixture`)).status, 400);
});

test('/healthz and /healthy answer 200 "ok" to GET and HEAD; other methods go to the container', async () => {
  for (const path of ['/healthz', '/healthy']) {
    const answer = await send(`${stack.sgtm.url}${path}`);
    assert.deepEqual([answer.status, answer.body], [200, 'ok'], path);
    assert.match(String(answer.headers['content-type']), /^text\/plain/);
    assert.equal((await send(`${stack.sgtm.url}${path}`, { method: 'HEAD' })).status, 200);
  }
  assert.equal((await send(`${stack.sgtm.url}/healthz`, { method: 'POST', body: '{}' })).status, 400);
});

test('bodies over 1 MiB are answered 413, whether announced by Content-Length or sent chunked; 1 MiB itself is served', async () => {
  const limit = 1024 * 1024;
  const tooLarge = await send(`${stack.sgtm.url}/fixture`, { method: 'POST', body: 'x'.repeat(limit + 1) });
  assert.equal(tooLarge.status, 413);
  const chunked = await send(`${stack.sgtm.url}/fixture`, { method: 'POST', body: Array.from({ length: 5 }, () => 'x'.repeat(limit / 4)) });
  assert.equal(chunked.status, 413);
  // a JSON string: no events, so the client answers at once
  const atLimit = await send(`${stack.sgtm.url}/fixture`, { method: 'POST', body: JSON.stringify('x'.repeat(limit - 2)) });
  assert.deepEqual([atLimit.status, JSON.parse(atLimit.body)], [200, { events: 0, container: 'GTM-LOCAL-TEST' }]);
});

test('one log line per request: method, path without the query, status, duration', async () => {
  stack.lines.length = 0;
  await send(`${stack.sgtm.url}/g/collect?v=2&cid=secret-client-id`);
  await send(`${stack.sgtm.url}/healthz`);
  const requestLines = stack.lines.filter((line) => /^[A-Z]+ \//.test(line));
  assert.equal(requestLines.length, 2, stack.lines.join('\n'));
  assert.match(requestLines[0]!, /^GET \/g\/collect 400 \d+ms$/);
  assert.match(requestLines[1]!, /^GET \/healthz 200 \d+ms$/);
});

test('quiet: no request lines, template logs still reach the log', async () => {
  const lines: string[] = [];
  const quiet = await startLocalSgtm({ container: join(import.meta.dirname, 'fixtures', 'container.yaml'), env: { GCS_URL: stack.gcs.url, GCS_TOKEN: 'unused' }, quiet: true, log: (line) => lines.push(line) });
  try {
    assert.equal((await send(`${quiet.url}/fixture`, { method: 'POST', body: '[{"event":"scroll"}]' })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // the client's event callback logs the container id and the number of tags that ran
    assert.deepEqual(lines, ['GTM-LOCAL-TEST 0']);
  } finally {
    await quiet.close();
  }
});

test('20 requests in parallel are served concurrently by one container, each with its own cookie', async () => {
  const latencyMs = 300;
  stack.gcs.setFaults({ latencyMs });
  try {
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send(`${stack.sgtm.url}/fixture`, { method: 'POST', headers: browserHeaders(`cid-${i}`), body: '[{"event":"signup"}]' })),
    );
    const elapsed = performance.now() - started;
    answers.forEach((answer, i) => {
      assert.equal(answer.status, 200, `request ${i}`);
      assert.match(String(answer.headers['set-cookie']), new RegExp(`^fixture_id=cid-${i};`), `request ${i} got its own cookie`);
    });
    // one after the other, every upload would wait its latency in turn
    assert.ok(elapsed < 10 * latencyMs, `20 requests took ${Math.round(elapsed)} ms; served one by one they take at least ${20 * latencyMs} ms`);
  } finally {
    stack.gcs.setFaults({});
  }
  // templateDataStorage is the container's, shared by its requests
  assert.equal(stack.sgtm.container.clients[0]!.storage.get('lastBatchSize'), 1);
});

test('a configuration with problems is refused before anything listens', async () => {
  await assert.rejects(
    startLocalSgtm({ container: { clients: [{ name: 'c', template: 'not a template' }] }, log: () => {} }),
    (error) => error instanceof ConfigError && /client "c"/.test(error.message),
  );
});
