// The inspector's JSON API and event stream against a real local GCS, read through the official client.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Storage } from '@google-cloud/storage';
import Fastify from 'fastify';
import { startLocalGcs } from '../../local-gcs/server.ts';
import { inspector, type EventsAnswer, type RejectedAnswer, type Update } from '../index.ts';
import { PREFIX, at, storeBatch, storedRow, useStack, type Inspected } from './helpers.ts';

const stack = useStack();

async function events(inspected: Inspected, query = ''): Promise<{ status: number; body: EventsAnswer }> {
  const answer = await inspected.app.inject(`${PREFIX}/api/events${query}`);
  return { status: answer.statusCode, body: answer.json() };
}

async function rejected(inspected: Inspected): Promise<RejectedAnswer> {
  return (await inspected.app.inject(`${PREFIX}/api/rejected`)).json();
}

test('an empty bucket answers no events, read without error', async () => {
  const inspected = await stack.inspect();
  const { status, body } = await events(inspected);
  assert.equal(status, 200);
  assert.deepEqual(body.events, []);
  assert.deepEqual(body.counters, { events: 0, batches: 0, rejectedEvents: 0, rejectedBatches: 0, unreadBatches: 0, unreadableLines: 0 });
  assert.deepEqual(body.status, { checked: true, bucketExists: true, error: null });
});

test('rows come back newest first with the object and line they came from', async () => {
  const inspected = await stack.inspect();
  const older = await storeBatch(inspected, at(-60_000), [storedRow({ event: 'first' }), storedRow({ event: 'second' })]);
  const newer = await storeBatch(inspected, at(-30_000), [storedRow({ event: 'third' })]);
  const { body } = await events(inspected);
  assert.deepEqual(
    body.events.map((e) => [e.row.event, e.object, e.line]),
    [
      ['third', newer, 1],
      ['second', older, 2],
      ['first', older, 1],
    ],
  );
  assert.equal(body.events[0]!.row.batch_id, newer.slice(-43, -7), 'the stored row as it is in the object');
  assert.deepEqual({ events: body.counters.events, batches: body.counters.batches }, { events: 3, batches: 2 });
  assert.deepEqual(
    (await events(inspected, '?limit=2')).body.events.map((e) => e.row.event),
    ['third', 'second'],
  );
  assert.equal((await events(inspected, '?limit=0')).status, 400);
});

test('objects written after the first call are picked up, and only new objects are downloaded', async () => {
  const downloads: string[] = [];
  const storage = new Storage({ apiEndpoint: stack.gcs.url, projectId: 'local' });
  type Interceptor = Storage['interceptors'][number];
  storage.interceptors.push({
    request: (options) => {
      const request = options as ReturnType<Interceptor['request']>;
      if (request.qs?.alt === 'media') downloads.push(request.uri);
      return request;
    },
  });
  const inspected = await stack.inspect({ storage });
  const first = await storeBatch(inspected, at(-1000), [storedRow({ event: 'before' })]);
  assert.deepEqual((await events(inspected)).body.events.map((e) => e.row.event), ['before']);
  const second = await storeBatch(inspected, at(), [storedRow({ event: 'after' })]);
  assert.deepEqual((await events(inspected)).body.events.map((e) => e.row.event), ['after', 'before']);
  await events(inspected);
  assert.deepEqual(
    downloads.map((uri) => decodeURIComponent(uri.split('/o/')[1]!)),
    [first, second],
    'each object downloaded once, however often the bucket is listed',
  );
});

test('rejected batches are reported separately, with their reasons', async () => {
  const inspected = await stack.inspect();
  await storeBatch(inspected, at(-2000), [storedRow({ event: 'fine' })]);
  const reasons = ['/ts: must be an RFC 3339 timestamp such as 2025-05-22T20:30:30.456Z', '/extra: is not a field of the wire format'];
  const object = await storeBatch(inspected, at(-1000), [{ index: 1, reasons, event: { event: 'broken', ts: 'yesterday' } }], 'rejected');
  const answer = await rejected(inspected);
  assert.equal(answer.rejected.length, 1);
  assert.equal(answer.rejected[0]!.object, object);
  assert.deepEqual(answer.rejected[0]!.row.reasons, reasons);
  assert.deepEqual((answer.rejected[0]!.row.event as { event: string }).event, 'broken');
  assert.deepEqual(answer.counters, { events: 1, batches: 1, rejectedEvents: 1, rejectedBatches: 1, unreadBatches: 0, unreadableLines: 0 });
  assert.deepEqual((await events(inspected)).body.events.map((e) => e.row.event), ['fine'], 'rejected entries are not events');
});

test('objects outside the two datasets, other prefixes and lines that are not JSON objects are not events', async () => {
  const inspected = await stack.inspect({ objectPrefix: 'site-a' });
  const bucket = inspected.storage.bucket(inspected.bucket);
  await bucket.file('pipes/events/v1/dt=2026-01-01/hr=00/other-prefix.ndjson').save('{"event":"elsewhere"}\n');
  await bucket.file('site-a/events/v2/dt=2026-01-01/hr=00/other-version.ndjson').save('{"event":"v2"}\n');
  await bucket.file('site-a/events/v1/dt=2026-01-01/hr=00/mixed.ndjson').save('{"event":"ok"}\nnot json\n[1,2]\n\n');
  const { body } = await events(inspected);
  assert.deepEqual(body.events.map((e) => e.row.event), ['ok']);
  assert.equal(body.counters.unreadableLines, 2);
});

test('deleted and replaced objects take their rows with them', async () => {
  const inspected = await stack.inspect();
  const kept = await storeBatch(inspected, at(-3000), [storedRow({ event: 'kept' })]);
  const deleted = await storeBatch(inspected, at(-2000), [storedRow({ event: 'deleted' })]);
  const replaced = await storeBatch(inspected, at(-1000), [storedRow({ event: 'replaced' })]);
  assert.equal((await events(inspected)).body.events.length, 3);
  const bucket = inspected.storage.bucket(inspected.bucket);
  await bucket.file(deleted).delete();
  await bucket.file(replaced).save(JSON.stringify(storedRow({ event: 'replacement', received_at: at() })) + '\n');
  const { body } = await events(inspected);
  assert.deepEqual(body.events.map((e) => [e.row.event, e.object]), [['replacement', replaced], ['kept', kept]]);
  assert.equal(body.counters.batches, 2);
});

test('maxRows bounds what is kept: older batches are counted, not downloaded', async () => {
  const inspected = await stack.inspect({ maxRows: 2 });
  for (const event of ['oldest', 'middle', 'newest']) await storeBatch(inspected, at(), [storedRow({ event })]);
  const { body } = await events(inspected);
  assert.deepEqual(body.events.map((e) => e.row.event), ['newest', 'middle']);
  assert.deepEqual({ ...body.counters }, { events: 2, batches: 3, rejectedEvents: 0, rejectedBatches: 0, unreadBatches: 1, unreadableLines: 0 });
  await storeBatch(inspected, at(1000), [storedRow({ event: 'latest' }), storedRow({ event: 'latest too' })]);
  assert.deepEqual((await events(inspected)).body.events.map((e) => e.row.event), ['latest too', 'latest']);
});

test('a bucket that does not exist is no error: no events, and the answer says so', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'inspector-no-bucket-'));
  const gcs = await startLocalGcs({ dataDir, port: 0, autoCreateBuckets: false });
  const app = Fastify();
  try {
    const storage = new Storage({ apiEndpoint: gcs.url, projectId: 'local' });
    await app.register(inspector, { prefix: PREFIX, storage, bucket: 'not-created' });
    const answer = await app.inject(`${PREFIX}/api/events`);
    assert.equal(answer.statusCode, 200);
    assert.deepEqual(answer.json<EventsAnswer>().status, { checked: true, bucketExists: false, error: null });
    assert.deepEqual(answer.json<EventsAnswer>().events, []);
  } finally {
    await app.close();
    await gcs.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a storage outage answers 502 with the reason, and the next read recovers', async () => {
  const inspected = await stack.inspect({ storageOptions: { retryOptions: { autoRetry: false } } });
  await storeBatch(inspected, at(), [storedRow({ event: 'stored before the outage' })]);
  stack.gcs.setFaults({ outage: true });
  try {
    const { status, body } = await events(inspected);
    assert.equal(status, 502);
    assert.match(String(body.status.error), /503/);
  } finally {
    stack.gcs.setFaults({});
  }
  const { status, body } = await events(inspected);
  assert.equal(status, 200);
  assert.equal(body.status.error, null);
  assert.deepEqual(body.events.map((e) => e.row.event), ['stored before the outage']);
});

test('the page is one self-contained document, its inline script and style allowed by hash and nothing else', async () => {
  const inspected = await stack.inspect();
  for (const path of [PREFIX, `${PREFIX}/`]) {
    const answer = await inspected.app.inject(path);
    assert.equal(answer.statusCode, 200, path);
    assert.match(String(answer.headers['content-type']), /^text\/html/);
    const csp = String(answer.headers['content-security-policy']);
    const html = answer.body;
    assert.doesNotMatch(html, /\b(src|href)=/i, 'no external resources');
    assert.doesNotMatch(html, /https?:\/\//, 'no absolute URLs');
    const script = /<script type="module">([\s\S]*?)<\/script>/.exec(html)?.[1];
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
    assert.ok(script && style);
    const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    assert.match(csp, /^default-src 'none'; /);
    assert.ok(csp.includes(`script-src ${hash(script)};`) && csp.includes(`style-src ${hash(style)};`), csp);
    assert.ok(html.includes(`data-stream="${PREFIX}/events/stream"`));
  }
});

/** Reads server-sent events from a streaming fetch body. */
function sseReader(body: ReadableStream<Uint8Array>): { next(): Promise<Update | null> } {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    async next() {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end !== -1) {
          const message = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = message.split('\n').find((line) => line.startsWith('data: '));
          if (message.includes('event: update') && data) return JSON.parse(data.slice(6)) as Update;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) return null;
        buffered += decoder.decode(value, { stream: true });
      }
    },
  };
}

// A stream that never delivers would block in next(); the timeout turns that into a failure.
test('the stream sends the state, then each new object once, and ends when the server closes', { timeout: 30_000 }, async () => {
  const inspected = await stack.inspect({ listen: true, pollIntervalMs: 50 });
  await storeBatch(inspected, at(-1000), [storedRow({ event: 'already there' })]);
  const response = await fetch(`${inspected.url}/events/stream`);
  assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const stream = sseReader(response.body!);
  const first = await stream.next();
  assert.equal(first?.reset, true, 'a snapshot first');
  // The snapshot may predate the first read of the bucket; the read's result follows as an update.
  const seen = first?.status.checked ? first : await stream.next();
  assert.deepEqual(seen?.events.map((e) => e.row.event), ['already there']);

  const name = await storeBatch(inspected, at(), [storedRow({ event: 'streamed' })]);
  let update: Update | null;
  do update = await stream.next();
  while (update !== null && update.events.length === 0);
  assert.equal(update?.reset, false);
  assert.deepEqual(update.events.map((e) => [e.row.event, e.object]), [['streamed', name]]);
  assert.equal(update.counters.events, 2);

  await inspected.app.close();
  assert.equal(await stream.next(), null, 'the stream ended');
});
