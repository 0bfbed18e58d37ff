// close() with the official client's keep-alive connections open and requests in flight: requests already being
// handled are answered (or, past a short grace period, cut), and close() never waits for the keep-alive timeout (72 s).
// Node's server.close() closes only the connections idle at that moment; a connection whose request was answered after
// it used to stay open, so close() hung until the timeout: the inspector saw it when a listing outlived a 404.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rm, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { Agent, get, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { Storage } from '@google-cloud/storage';
import type { LocalGcs } from '../server.ts';
import { startServer, statusOf, until, within } from './helpers.ts';

/** Well past the default grace period close() gives requests in flight, well short of the 72 s keep-alive timeout. */
const CLOSE_BOUND_MS = 10_000;
/** A grace period past the bound: close() returning within the bound was not the grace period's cut. */
const LONG_GRACE_MS = 60_000;

function closeWithin(gcs: LocalGcs): Promise<void> {
  return within(gcs.close(), CLOSE_BOUND_MS, 'close()');
}

/** Once a new connection is refused, the server is past server.close() and its one sweep of idle connections. */
async function refusesConnections(gcs: LocalGcs): Promise<void> {
  const refused = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(gcs.port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(false)));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    });
  await until(refused, 'the server stops accepting connections');
}

/**
 * An object whose metadata file is a FIFO, so that the store, describing the object, waits in the read until the test
 * lets go: a request the server is still working on, for as long as the test wants.
 */
async function objectWithHeldMetadata(dataDir: string, bucket: string, name: string) {
  await mkdir(dirname(join(dataDir, bucket, name)), { recursive: true });
  await writeFile(join(dataDir, bucket, name), '{"event":"page"}\n');
  const fifo = join(dataDir, '.local-gcs', 'metadata', bucket, name);
  await mkdir(dirname(fifo), { recursive: true });
  execFileSync('mkfifo', [fifo]);
  let writer: FileHandle | undefined;
  return {
    /** Resolves once the store is reading the metadata (opening the write end without blocking needs a reader). */
    async reached(): Promise<void> {
      await until(async () => {
        try {
          writer = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
          return true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENXIO') return false;
          throw error;
        }
      }, 'the store reads the metadata');
    },
    /** Ends the read (empty metadata: the object is described from its file) and lets no later read block. */
    async release(): Promise<void> {
      await unlink(fifo).catch(() => {});
      await writer?.close();
      writer = undefined;
    },
  };
}

/**
 * For `finally`: releases the store, closes the server if the test failed before it did, removes the data folder. A
 * close() that hangs is reported by the test's own check, so here it is only waited for as long.
 */
async function cleanUp(gcs: LocalGcs, dataDir: string, held?: { release(): Promise<void> }): Promise<void> {
  await held?.release();
  await closeWithin(gcs).catch(() => {});
  await rm(dataDir, { recursive: true, force: true });
}

function client(gcs: LocalGcs, autoRetry = true): Storage {
  return new Storage({ apiEndpoint: gcs.url, projectId: 'local', retryOptions: { autoRetry } });
}

test('a listing in flight when close() begins (the other listing got 404) is answered, and close() returns', async () => {
  const { gcs, dataDir } = await startServer({ autoCreateBuckets: false, closeGraceMs: LONG_GRACE_MS });
  const held = await objectWithHeldMetadata(dataDir, 'pipes-held', 'pipes/events/v1/a.ndjson');
  try {
    const storage = client(gcs);
    // the earlier inspector's shape: two listings at once, given up on at the first 404
    const missing = storage.bucket('pipes-missing').getFiles({ prefix: 'pipes/rejected/v1/' });
    const listing = storage.bucket('pipes-held').getFiles({ prefix: 'pipes/events/v1/' });
    await assert.rejects(missing, (error) => statusOf(error) === 404);
    await held.reached();

    const closed = closeWithin(gcs);
    await refusesConnections(gcs);
    await held.release();
    const [files] = await listing;
    assert.deepEqual(files.map((file) => file.name), ['pipes/events/v1/a.ndjson']);
    await closed;
  } finally {
    await cleanUp(gcs, dataDir, held);
  }
});

test('a download under way when close() begins arrives whole, and close() returns', async () => {
  const { gcs, dataDir } = await startServer({ closeGraceMs: LONG_GRACE_MS });
  try {
    // larger than the socket buffers, so that the server is still sending while the reader pauses
    const body = randomBytes(32 * 1024 * 1024);
    await mkdir(join(dataDir, 'pipes-local'));
    await writeFile(join(dataDir, 'pipes-local', 'big.bin'), body);
    const download = client(gcs).bucket('pipes-local').file('big.bin').createReadStream()[Symbol.asyncIterator]();
    const chunks: Buffer[] = [(await download.next()).value as Buffer];

    const closed = closeWithin(gcs);
    await refusesConnections(gcs);
    for (let next = await download.next(); !next.done; next = await download.next()) chunks.push(next.value as Buffer);
    assert.ok(Buffer.concat(chunks).equals(body), 'the whole object arrived');
    await closed;
  } finally {
    await cleanUp(gcs, dataDir);
  }
});

test('an answer given while closing tells a keep-alive client to close the connection', async () => {
  const { gcs, dataDir } = await startServer({ closeGraceMs: LONG_GRACE_MS });
  const held = await objectWithHeldMetadata(dataDir, 'pipes-held', 'a.ndjson');
  const agent = new Agent({ keepAlive: true });
  try {
    const answer = new Promise<IncomingMessage>((resolve, reject) => get(`${gcs.url}/storage/v1/b/pipes-held/o`, { agent }, resolve).once('error', reject));
    await held.reached();
    const closed = closeWithin(gcs);
    await refusesConnections(gcs);
    await held.release();
    const response = await answer;
    response.resume();
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers.connection, 'close');
    await closed;
  } finally {
    agent.destroy();
    await cleanUp(gcs, dataDir, held);
  }
});

test('a request the server is still working on after the grace period is cut, and close() returns', async () => {
  const { gcs, dataDir } = await startServer();
  const held = await objectWithHeldMetadata(dataDir, 'pipes-held', 'stuck.ndjson');
  try {
    // no retries: a retry would meet a closed server and wait out the client's backoff
    const listing = client(gcs, false).bucket('pipes-held').getFiles();
    const cut = assert.rejects(listing, (error) => (error as { code?: unknown }).code === 'ECONNRESET', 'the connection was cut, no answer came');
    await held.reached();
    await closeWithin(gcs);
    await cut;
  } finally {
    await cleanUp(gcs, dataDir, held);
  }
});
