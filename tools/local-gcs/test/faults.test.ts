// Fault injection: a seeded share of 503s that repeats run to run, added latency, a full outage, and the control
// endpoint that changes faults in a running server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Storage } from '@google-cloud/storage';
import { FaultInjector } from '../faults.ts';
import { FAULTS_PATH } from '../server.ts';
import { assertErrorShape, mediaUpload, useServer } from './helpers.ts';

const server = useServer();

async function failingRequests(count: number): Promise<number[]> {
  const failed: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${server.gcs.url}/storage/v1/b/pipes-faults/o`);
    if (response.status === 503) failed.push(i);
    else assert.equal(response.status, 200);
    await response.body?.cancel();
  }
  return failed;
}

test('errorRate answers about that share with 503, the same requests again for the same seed', async () => {
  server.gcs.setFaults({ errorRate: 0.3, seed: 42 });
  const first = await failingRequests(200);
  server.gcs.setFaults({ errorRate: 0.3, seed: 42 });
  const second = await failingRequests(200);
  server.gcs.setFaults({ errorRate: 0.3, seed: 7 });
  const otherSeed = await failingRequests(200);
  server.gcs.setFaults({});

  assert.ok(first.length > 40 && first.length < 80, `${first.length} of 200 failed`);
  assert.deepEqual(second, first);
  assert.notDeepEqual(otherSeed, first);
  assert.deepEqual(await failingRequests(20), []);
});

test('an injected 503 has the GCS error shape and reason backendError', async () => {
  server.gcs.setFaults({ errorRate: 1 });
  const response = await mediaUpload(server.gcs.url, 'pipes-faults', 'x.ndjson', 'x', { ifGenerationMatch: 0 });
  server.gcs.setFaults({});
  assert.equal(response.status, 503);
  const body = await response.json();
  assertErrorShape(body, 503);
  assert.equal(body.error.errors[0]!.reason, 'backendError');
});

test('an outage fails every request, writes included, until it is switched off', async () => {
  server.gcs.setFaults({ outage: true });
  const statuses = await Promise.all([
    mediaUpload(server.gcs.url, 'pipes-faults', 'during-outage.ndjson', 'x').then((r) => r.status),
    fetch(`${server.gcs.url}/storage/v1/b/pipes-faults`).then((r) => r.status),
    fetch(`${server.gcs.url}/storage/v1/b/pipes-faults/o/during-outage.ndjson?alt=media`).then((r) => r.status),
  ]);
  assert.deepEqual(statuses, [503, 503, 503]);
  server.gcs.setFaults({});
  assert.equal((await fetch(`${server.gcs.url}/storage/v1/b/pipes-faults/o/during-outage.ndjson`)).status, 404, 'nothing was stored');
  assert.equal((await mediaUpload(server.gcs.url, 'pipes-faults', 'during-outage.ndjson', 'x')).status, 200);
});

test('latencyMs delays each answer', async () => {
  server.gcs.setFaults({ latencyMs: 150 });
  const started = performance.now();
  await (await fetch(`${server.gcs.url}/storage/v1/b/pipes-faults/o`)).body?.cancel();
  const elapsed = performance.now() - started;
  server.gcs.setFaults({});
  assert.ok(elapsed >= 145, `answered after ${elapsed.toFixed(0)} ms`);
});

test('PUT /_local-gcs/faults changes faults in a running server, is itself never faulted, and rejects bad values', async () => {
  const set = (faults: object) =>
    fetch(`${server.gcs.url}${FAULTS_PATH}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(faults) });
  const on = await set({ outage: true });
  assert.equal(on.status, 200);
  assert.deepEqual(await on.json(), { errorRate: 0, seed: 1, latencyMs: 0, outage: true });
  assert.equal((await fetch(`${server.gcs.url}/storage/v1/b/pipes-faults/o`)).status, 503);
  const bad = await set({ errorRate: 2 });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: { message: string } }).error.message, /errorRate must be a number from 0 to 1/);
  assert.equal((await set({})).status, 200);
  assert.equal((await fetch(`${server.gcs.url}/storage/v1/b/pipes-faults/o`)).status, 200);
});

test('the official client retries an injected 503 and stores the object exactly once', async () => {
  // With this seed the first request fails and the next six pass, so exactly one save is retried.
  const probe = new FaultInjector({ errorRate: 0.3, seed: 8 });
  assert.ok(await probe.apply(), 'the first request of seed 8 fails');
  const storage = new Storage({
    apiEndpoint: server.gcs.url,
    projectId: 'local',
    // The shortest wait the client accepts: save() retries through async-retry, which needs at least a second.
    retryOptions: { autoRetry: true, maxRetries: 5, retryDelayMultiplier: 1, maxRetryDelay: 1, totalTimeout: 30 },
  });
  const bucket = storage.bucket('pipes-faults');
  server.gcs.setFaults({ errorRate: 0.3, seed: 8 });
  try {
    for (let i = 0; i < 4; i++) {
      await bucket.file(`retried/${i}.ndjson`).save(`line ${i}\n`, { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
    }
  } finally {
    server.gcs.setFaults({});
  }
  const listing = (await (await fetch(`${server.gcs.url}/storage/v1/b/pipes-faults/o?prefix=retried/`)).json()) as { items: { name: string }[] };
  assert.deepEqual(listing.items.map((i) => i.name), ['retried/0.ndjson', 'retried/1.ndjson', 'retried/2.ndjson', 'retried/3.ndjson']);
  assert.equal((await bucket.file('retried/0.ndjson').download())[0].toString(), 'line 0\n');
});
