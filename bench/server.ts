// The server side's bench: stored events per second and request latency for batches of 1, 10 and 50 events sent
// through the local sGTM running the Pipes client template (tools/local-sgtm/pipes-local.yaml) into the local GCS,
// beside a baseline: a plain node:http handler that uploads the very same NDJSON bytes to the same local GCS with
// the same create-only upload, without the template. The ratio says what the template (on the emulator's sandbox)
// costs over the floor of HTTP plus storage. Loopback only, bounded request counts.
// `npm run bench` runs it after the tracker bench; alone: `node --import tsx bench/server.ts`.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLocalGcs, type LocalGcs } from '../tools/local-gcs/server.ts';
import { startLocalSgtm } from '../tools/local-sgtm/server.ts';

const CONFIG = join(import.meta.dirname, '..', 'tools', 'local-sgtm', 'pipes-local.yaml');
const TOKEN = 'bench-token';
const SITE = 'https://www.example.com';
const BUCKET = 'pipes-local';
const SIZES = [1, 10, 50];
const REQUESTS = 300;
const WARMUP = 30;
const CONCURRENCY = 8;
const TARGET_RATIO = 0.5;
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

interface Run {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/** A tracker-like batch: page views and clicks with a few properties, URLs with utm and non-utm parameters. */
function batchBody(size: number): { batchId: string; body: string } {
  const batchId = randomUUID();
  const now = Date.now();
  const events = Array.from({ length: size }, (_, i) => ({
    event_id: randomUUID(),
    type: i % 5 === 0 ? 'page' : 'track',
    event: i % 5 === 0 ? 'page_view' : 'button_clicked',
    ts: new Date(now - 1000 + i).toISOString(),
    anonymous_id: '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
    session_id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    properties: { label: `button-${i}`, text: 'a typical property value', position: i, section: { name: 'hero', variant: 'b' } },
    context: {
      page: { url: `https://www.example.com/products/${i}?utm_source=news&ref=home`, path: `/products/${i}`, referrer: 'https://www.google.com/', title: 'Products' },
      screen: { width: 1920, height: 1080 },
      viewport: { width: 1280, height: 720 },
      locale: 'en-GB',
      timezone: 'Europe/London',
      library: { name: 'pipes.js', version: '0.1.0' },
      consent: 'granted',
    },
  }));
  return { batchId, body: JSON.stringify({ v: 1, batch_id: batchId, sent_at: new Date(now).toISOString(), events }) };
}

function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { origin: SITE, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': CHROME } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Sends every body once, CONCURRENCY at a time; only 2xx answers count as stored. */
async function load(url: string, bodies: string[], eventsPerBody: number): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let next = 0;
  let stored = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const t0 = performance.now();
      const status = await post(agent, url, body);
      latencies.push(performance.now() - t0);
      if (status >= 200 && status < 300) stored += eventsPerBody;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: stored / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failed };
}

function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (c: Buffer) => chunks.push(c));
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    message.on('error', reject);
  });
}

/**
 * The baseline: parses the batch, takes the NDJSON the client stored for that batch_id, and uploads it as the client
 * does (simple upload, ifGenerationMatch=0, bearer token), answering 200 only after the bucket did.
 */
async function startBaseline(gcs: LocalGcs, ndjsonByBatch: Map<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (message, out) => {
    const batch = JSON.parse(await readBody(message)) as { batch_id: string };
    const ndjson = ndjsonByBatch.get(batch.batch_id) ?? '';
    const name = `baseline/events/v1/${batch.batch_id}.ndjson`;
    const upload = await fetch(`${gcs.url}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=${encodeURIComponent(name)}&ifGenerationMatch=0`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${TOKEN}` },
      body: ndjson,
    });
    await upload.arrayBuffer();
    const ok = upload.ok || upload.status === 412;
    out.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(ok ? '{"stored":1}' : '{"error":"storage"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/p/collect`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** batch_id → the NDJSON bytes the client stored, read back from the local GCS's data folder. */
function storedByBatch(dataDir: string): Map<string, string> {
  const root = join(dataDir, BUCKET, 'pipes', 'events', 'v1');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ndjson'));
  return new Map(files.map((f) => [basename(f, '.ndjson'), readFileSync(join(root, f), 'utf8')]));
}

const pad = (s: string | number, n: number): string => String(s).padStart(n);

export async function runServerBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipes-bench-server-'));
  const gcs = await startLocalGcs({ dataDir, port: 0, tokens: [TOKEN] });
  const sgtm = await startLocalSgtm({
    container: CONFIG,
    port: 0,
    env: { ...process.env, GCS_URL: gcs.url, GCS_TOKEN: TOKEN, SITE_ORIGIN: SITE },
    quiet: true,
    log: () => undefined,
  });
  try {
    console.log(
      `\nPipes server bench — local sGTM with the Pipes client → local GCS, versus a plain node:http baseline uploading the same bytes\n` +
        `  ${REQUESTS} requests per batch size (after ${WARMUP} warm-up), ${CONCURRENCY} concurrent, loopback, Node ${process.version}\n`,
    );
    const runs: { size: number; client: Run; baseline: Run }[] = [];
    for (const size of SIZES) {
      const batches = Array.from({ length: WARMUP + REQUESTS }, () => batchBody(size));
      const bodies = batches.map((b) => b.body);
      await load(`${sgtm.url}/p/collect`, bodies.slice(0, WARMUP), size);
      const client = await load(`${sgtm.url}/p/collect`, bodies.slice(WARMUP), size);
      const baselineServer = await startBaseline(gcs, storedByBatch(dataDir));
      try {
        await load(baselineServer.url, bodies.slice(0, WARMUP), size);
        const baseline = await load(baselineServer.url, bodies.slice(WARMUP), size);
        runs.push({ size, client, baseline });
      } finally {
        await baselineServer.close();
      }
    }
    console.log('Batch size   client ev/s  p50 ms  p99 ms   baseline ev/s  p50 ms  p99 ms   ratio  failed');
    for (const { size, client, baseline } of runs) {
      const ratio = client.eventsPerSecond / baseline.eventsPerSecond;
      console.log(
        `  ${pad(size, 8)}${pad(client.eventsPerSecond.toFixed(0), 14)}${pad(client.p50.toFixed(1), 8)}${pad(client.p99.toFixed(1), 8)}` +
          `${pad(baseline.eventsPerSecond.toFixed(0), 16)}${pad(baseline.p50.toFixed(1), 8)}${pad(baseline.p99.toFixed(1), 8)}` +
          `${pad(ratio.toFixed(2), 8)}${pad(`${client.failed}/${baseline.failed}`, 8)}  ${ratio >= TARGET_RATIO ? '✓' : '✗'}`,
      );
    }
    console.log(`  (ratio = client ev/s ÷ baseline ev/s, target ≥ ${TARGET_RATIO}; failed = non-2xx answers, client/baseline)`);
  } finally {
    await sgtm.close();
    await gcs.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runServerBench();
