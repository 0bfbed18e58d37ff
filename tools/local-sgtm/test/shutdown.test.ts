// Graceful shutdown: close() stops accepting connections at once, lets the requests in flight finish, then closes;
// a request that outlasts the shutdown time limit has its connection cut.
import assert from 'node:assert/strict';
import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { startLocalSgtm } from '../server.ts';
import { browserHeaders, FIXTURE_CONFIG, fixtureEnv, send, storedObjects, useStack } from './helpers.ts';

const stack = useStack();

test('close() waits for a slow request in flight, which completes, while new connections are refused', async () => {
  const sgtm = await startLocalSgtm({ container: FIXTURE_CONFIG, env: fixtureEnv(stack.gcs), log: () => {} });
  stack.gcs.setFaults({ latencyMs: 500 });
  try {
    const keepAlive = new Agent({ keepAlive: true });
    const slow = send(`${sgtm.url}/fixture`, { method: 'POST', headers: browserHeaders('cid-slow'), body: '[{"event":"page_view"}]', agent: keepAlive });
    // the client has claimed and the tag is waiting for the upload
    await new Promise((resolve) => setTimeout(resolve, 150));
    let closed = false;
    const closing = sgtm.close().then(() => (closed = true));

    await assert.rejects(send(`${sgtm.url}/healthz`), (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(closed, false, 'close() waits while the request is in flight');
    const answer = await slow;
    await closing;
    assert.equal(answer.status, 200);
    // a keep-alive client is told not to reuse the connection
    assert.equal(answer.headers['connection'], 'close');
    keepAlive.destroy();
    assert.equal((await storedObjects(stack.dataDir)).length, 1);
  } finally {
    stack.gcs.setFaults({});
    await sgtm.close();
  }
});

test('a request still running when the shutdown time is up has its connection cut, and close() resolves', async () => {
  // a storage endpoint that never answers keeps the tag, and so the client's answer, waiting
  const held: Server = createServer(() => {});
  await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
  const lines: string[] = [];
  const sgtm = await startLocalSgtm({
    container: FIXTURE_CONFIG,
    env: { ...fixtureEnv(stack.gcs), GCS_URL: `http://127.0.0.1:${(held.address() as AddressInfo).port}` },
    shutdownTimeoutMs: 200,
    log: (line) => lines.push(line),
  });
  try {
    const cut = assert.rejects(send(`${sgtm.url}/fixture`, { method: 'POST', body: '[{"event":"page_view"}]' }), (error: NodeJS.ErrnoException) => error.code === 'ECONNRESET');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await sgtm.close();
    assert.ok(performance.now() - started < 1000, 'close() returned soon after the shutdown time');
    await cut;
    assert.ok(lines.includes('local-sgtm: requests still running after 200 ms; closing their connections'), lines.join('\n'));
    assert.ok(lines.some((line) => /^POST \/fixture aborted \d+ms$/.test(line)), lines.join('\n'));
  } finally {
    held.closeAllConnections();
    await new Promise((resolve) => held.close(resolve));
  }
});
