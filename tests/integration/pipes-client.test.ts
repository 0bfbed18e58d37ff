// Issue 5's acceptance through the whole HTTP stack: the local sGTM serving tools/local-sgtm/pipes-local.yaml (the
// configuration `npm start` uses) with the Pipes client template, writing over HTTP to a local GCS that demands a
// token. Every assertion reads the real answer on the wire and the bytes the bucket holds on disk.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSchemas } from '../../schema/test/schemas.ts';
import { startLocalGcs, type LocalGcs } from '../../tools/local-gcs/server.ts';
import { startLocalSgtm, type LocalSgtm } from '../../tools/local-sgtm/server.ts';

const CONFIG = join(import.meta.dirname, '..', '..', 'tools', 'local-sgtm', 'pipes-local.yaml');
const TOKEN = 'integration-test-token';
/** pipes-local.yaml's default user-id key (base64 in the file) */
const USER_ID_KEY = 'pipes-local-only-key-not-for-production';
const SITE = 'https://www.example.com';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const EVENTS_DIR = ['pipes-local', 'pipes', 'events', 'v1'];
const { storedRowSchema } = compileSchemas();

let dataDir: string;
let gcs: LocalGcs;
let sgtm: LocalSgtm;
const logs: string[] = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pipes-integration-'));
  gcs = await startLocalGcs({ dataDir, port: 0, tokens: [TOKEN] });
  sgtm = await startLocalSgtm({
    container: CONFIG,
    port: 0,
    env: { ...process.env, GCS_URL: gcs.url, GCS_TOKEN: TOKEN, SITE_ORIGIN: SITE },
    log: (line) => logs.push(line),
    quiet: true,
  });
});

after(async () => {
  await sgtm?.close();
  await gcs?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** node:http rather than fetch: fetch hides Set-Cookie details and will not send Host or Forwarded headers as given. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  const { method = 'POST', body } = options;
  const headers: Record<string, string> = { 'user-agent': CHROME, 'x-forwarded-host': 'sgtm.example.com', ...options.headers };
  if (body !== undefined) headers['content-type'] ??= 'text/plain;charset=UTF-8';
  return new Promise((resolve, reject) => {
    const req = request(`${sgtm.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const all = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: all, text: all.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const post = (batch: object, headers: Record<string, string> = {}): Promise<Answer> =>
  send('/p/collect', { headers: { origin: SITE, ...headers }, body: JSON.stringify(batch) });

/** Every stored event object, by its path under the bucket, read from the local GCS's data folder. */
function storedEventObjects(): Map<string, string> {
  const root = join(dataDir, ...EVENTS_DIR);
  let files: string[];
  try {
    files = readdirSync(root, { recursive: true, encoding: 'utf8' });
  } catch {
    return new Map();
  }
  return new Map(files.filter((f) => f.endsWith('.ndjson')).map((f) => [`pipes/events/v1/${f.split('\\').join('/')}`, readFileSync(join(root, f), 'utf8')]));
}

function objectsOf(batchId: string): [string, string][] {
  return [...storedEventObjects()].filter(([name]) => name.endsWith(`/${batchId}.ndjson`));
}

/** Every byte the bucket holds (events, rejected, metadata), for the "never reaches the bucket" checks. */
function allStoredBytes(): string {
  const files = readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).map((f) => join(dataDir, f));
  return files.filter((path) => statSync(path).isFile()).map((path) => readFileSync(path, 'utf8')).join('\n');
}

interface EventOverrides {
  [key: string]: unknown;
}

function event(overrides: EventOverrides = {}): Record<string, unknown> {
  return {
    event_id: randomUUID(),
    type: 'track',
    event: 'signup_clicked',
    ts: new Date(Date.now() - 1000).toISOString(),
    anonymous_id: '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
    session_id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    properties: { plan: 'pro' },
    context: {
      page: { url: 'https://www.example.com/pricing?utm_source=news', path: '/pricing', referrer: 'https://www.google.com/', title: 'Pricing' },
      library: { name: 'pipes.js', version: '0.1.0' },
    },
    ...overrides,
  };
}

function batch(events: Record<string, unknown>[] = [event()], batchId = randomUUID()): { v: 1; batch_id: string; sent_at: string; events: Record<string, unknown>[] } {
  return { v: 1, batch_id: batchId, sent_at: new Date().toISOString(), events };
}

function rowsOf(text: string): Record<string, unknown>[] {
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The Set-Cookie line for `name`, split into its value and its attributes. */
function cookie(answer: Answer, name: string): { value: string; attributes: string[] } {
  const line = (answer.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));
  assert.ok(line, `a Set-Cookie for ${name} in ${JSON.stringify(answer.headers['set-cookie'])}`);
  const [pair, ...attributes] = line.split(/;\s*/);
  return { value: pair!.slice(name.length + 1), attributes: attributes.map((a) => a.toLowerCase()) };
}

test('a valid batch: 200 once one NDJSON object of schema-valid rows is in the bucket, under dt=/hr=', async () => {
  const sent = batch([event(), event({ type: 'page', event: 'page_view' })]);
  const answer = await post(sent);
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(JSON.parse(answer.text), { stored: 2, rejected: 0 });
  assert.equal(answer.headers['access-control-allow-origin'], SITE);

  const objects = objectsOf(sent.batch_id);
  assert.equal(objects.length, 1);
  const [name, text] = objects[0]!;
  const rows = rowsOf(text);
  const receivedAt = String(rows[0]!.received_at);
  const partition = `dt=${receivedAt.slice(0, 10)}/hr=${receivedAt.slice(11, 13)}`;
  assert.equal(name, `pipes/events/v1/${partition}/${sent.batch_id}.ndjson`, 'partitioned by the UTC hour the server received it');
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.equal(storedRowSchema(row), true, JSON.stringify(storedRowSchema.errors));
    assert.equal(row.batch_id, sent.batch_id);
  }
  assert.deepEqual(rows.map((r) => r.event_id), sent.events.map((e) => e.event_id));
});

test('PII seeded in URLs, properties and user ids never reaches the bucket', async () => {
  const seeded = {
    email: 'jane.doe@example.com',
    encodedEmail: 'john.roe%40example.org',
    phone: '+44 20 7946 0958',
    usPhone: '(555) 123-4567',
    card: '4111111111111111',
    cardSpaced: '4111 1111 1111 1111',
    token: 'sessiontoken-q8z3k',
    fragment: 'secret-fragment-77',
    userId: 'user-jane-doe-4242',
    password: 'hunter2-pw-value',
    ssn: '078-05-1120',
  };
  const url = `https://www.example.com/checkout?email=${seeded.encodedEmail}&token=${seeded.token}&utm_source=news#${seeded.fragment}`;
  const sent = batch([
    event({
      type: 'identify',
      event: 'identify',
      user_id: seeded.userId,
      properties: {
        contact: `write to ${seeded.email} or call ${seeded.phone}`,
        phone_us: `call ${seeded.usPhone}`,
        note: `paid with ${seeded.cardSpaced}`,
        card_number_as_number: Number(seeded.card),
        link: `https://shop.example.com/a?ref=${seeded.token}`,
        password: seeded.password,
        ssn: seeded.ssn,
        nested: { deeper: { mail: seeded.email } },
      },
      context: {
        page: { url, path: `/checkout?token=${seeded.token}`, referrer: `https://mail.example.com/?to=${seeded.encodedEmail}`, title: `Order for ${seeded.email}` },
        library: { name: 'pipes.js', version: '0.1.0' },
      },
    }),
    event({ user_id: seeded.email }),
  ]);
  const answer = await post(sent);
  assert.equal(answer.status, 200, answer.text);
  const [[, text]] = objectsOf(sent.batch_id) as [[string, string]];
  const rows = rowsOf(text);
  for (const row of rows) assert.equal(storedRowSchema(row), true, JSON.stringify(storedRowSchema.errors));
  const page = (rows[0]!.context as { page: Record<string, string> }).page;
  assert.equal(page.url, 'https://www.example.com/checkout?utm_source=news', 'only utm_* survives, no fragment');
  assert.equal((rows[0]!.properties as Record<string, unknown>).password, '[redacted]');
  const keyedHash = (id: string): string => createHmac('sha256', USER_ID_KEY).update(id).digest('hex');
  assert.deepEqual(rows.map((r) => r.user_id), [keyedHash(seeded.userId), keyedHash(seeded.email)], 'user ids stored as the keyed hash');

  const bytes = allStoredBytes();
  const needles = [
    ...Object.values(seeded),
    'jane.doe', 'john.roe', '7946 0958', '79460958', '123-4567', '4111111111111111', '4111 1111',
  ];
  for (const needle of needles) assert.ok(!bytes.includes(needle), `"${needle}" reached the bucket`);
  assert.ok(!bytes.includes(String(Number(seeded.card))), 'the card number stored as a JSON number');
});

test('full IP addresses are never stored: IPv4 and IPv6 from X-Forwarded-For are truncated', async () => {
  const v4 = batch();
  assert.equal((await post(v4, { 'x-forwarded-for': '198.51.100.123, 10.0.0.1' })).status, 200);
  const v6 = batch();
  assert.equal((await post(v6, { 'x-forwarded-for': '2001:db8:85a3:1234:5678:8a2e:370:7334' })).status, 200);

  const [[, text4]] = objectsOf(v4.batch_id) as [[string, string]];
  const [[, text6]] = objectsOf(v6.batch_id) as [[string, string]];
  assert.equal(rowsOf(text4)[0]!.ip, '198.51.100.0');
  const ip6 = rowsOf(text6)[0]!.ip;
  assert.ok(ip6 === undefined || (typeof ip6 === 'string' && /^2001:db8:85a3::?(\/48)?$/.test(ip6)), `IPv6 truncated to /48, got ${String(ip6)}`);
  const bytes = allStoredBytes();
  for (const full of ['198.51.100.123', '10.0.0.1', '1234:5678', '8a2e', '7334']) assert.ok(!bytes.includes(full), `${full} reached the bucket`);
});

test('the same batch twice: the second is answered 2xx (412 counted as stored) and there is still one object', async () => {
  const sent = batch();
  assert.equal((await post(sent)).status, 200);
  const [name, first] = objectsOf(sent.batch_id)[0]!;
  const metadata = (): string => readFileSync(join(dataDir, '.local-gcs', 'metadata', 'pipes-local', name), 'utf8');
  const generation = metadata();
  const again = await post(sent);
  assert.ok(again.status >= 200 && again.status < 300, `${again.status} ${again.text}`);
  assert.deepEqual(objectsOf(sent.batch_id), [[name, first]]);
  assert.equal(metadata(), generation, 'the object was not rewritten');
});

test('storage outage: 503 with Retry-After and nothing stored; after recovery the retry is stored exactly once', async () => {
  const sent = batch();
  gcs.setFaults({ outage: true });
  let answer: Answer;
  try {
    answer = await post(sent);
  } finally {
    gcs.setFaults({});
  }
  assert.equal(answer.status, 503, answer.text);
  assert.match(String(answer.headers['retry-after']), /^\d+$/);
  assert.equal(objectsOf(sent.batch_id).length, 0);

  assert.equal((await post(sent)).status, 200);
  assert.equal((await post(sent)).status, 200);
  assert.equal(objectsOf(sent.batch_id).length, 1);
  assert.equal(rowsOf(objectsOf(sent.batch_id)[0]![1]).length, 1);
});

test('a malformed body is 400 with a reason; an oversize body is 413; nothing stored', async () => {
  const before = storedEventObjects().size;
  const notJson = await send('/p/collect', { headers: { origin: SITE }, body: '{"v":1,"batch_id":' });
  assert.equal(notJson.status, 400);
  assert.match((JSON.parse(notJson.text) as { error: string }).error, /not a JSON object/, 'the client, not an unclaimed request, says why');

  const broken = await post({ v: 2, batch_id: 'not-a-uuid', events: 'none' });
  assert.equal(broken.status, 400);
  const reason = JSON.parse(broken.text) as { error: string; reasons?: unknown[] };
  assert.ok(reason.error.length > 0);
  assert.ok(Array.isArray(reason.reasons) && reason.reasons.length > 0, broken.text);

  const huge = batch([event({ properties: { blob: 'x'.repeat(70_000) } })]);
  const oversize = await post(huge);
  assert.equal(oversize.status, 413, oversize.text);
  const overSgtm = await send('/p/collect', { headers: { origin: SITE }, body: Buffer.alloc(1_100_000, 0x61) });
  assert.equal(overSgtm.status, 413);
  assert.equal(storedEventObjects().size, before);
});

test('Sec-GPC: 1 → 204, nothing stored, identifier cookies expired; an opt-out cookie → 204', async () => {
  const before = storedEventObjects().size;
  const gpc = await post(batch(), { 'sec-gpc': '1' });
  assert.equal(gpc.status, 204);
  for (const name of ['pipes_id', 'pipes_id_backup', 'pipes_ses']) {
    const c = cookie(gpc, name);
    assert.equal(c.value, '');
    assert.ok(c.attributes.includes('max-age=0'), `${name} expired: ${c.attributes.join('; ')}`);
  }
  const optout = await post(batch(), { cookie: 'pipes_optout=1' });
  assert.equal(optout.status, 204);
  assert.equal(storedEventObjects().size, before);
});

test('OPTIONS preflight: CORS headers for the allowed origin, 403 for another', async () => {
  const allowed = await send('/p/collect', { method: 'OPTIONS', headers: { origin: SITE, 'access-control-request-method': 'POST' } });
  assert.ok(allowed.status === 204 || allowed.status === 200, String(allowed.status));
  assert.equal(allowed.headers['access-control-allow-origin'], SITE);
  assert.equal(allowed.headers['access-control-allow-credentials'], 'true');
  assert.match(String(allowed.headers['access-control-allow-methods']), /POST/);
  assert.match(String(allowed.headers['access-control-allow-headers']), /content-type/i);

  const other = await send('/p/collect', { method: 'OPTIONS', headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' } });
  assert.equal(other.status, 403);
  assert.equal(other.headers['access-control-allow-origin'], undefined);
  const otherPost = await post(batch(), { origin: 'https://evil.example.net' });
  assert.equal(otherPost.status, 403);
});

test('GET pixel fallback: ?e= with a one-event batch answers a GIF and is stored', async () => {
  const sent = batch();
  const answer = await send(`/p/collect?e=${encodeURIComponent(JSON.stringify(sent))}`, { method: 'GET' });
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.headers['content-type'], 'image/gif');
  assert.equal(answer.body.subarray(0, 6).toString('latin1'), 'GIF89a');
  const objects = objectsOf(sent.batch_id);
  assert.equal(objects.length, 1);
  assert.equal(storedRowSchema(rowsOf(objects[0]![1])[0]), true);
});

test('GET /p/pipes.js serves the tracker with an ETag, and 304 on If-None-Match', async () => {
  const script = await send('/p/pipes.js', { method: 'GET' });
  assert.equal(script.status, 200);
  assert.match(String(script.headers['content-type']), /javascript/);
  assert.match(String(script.headers['cache-control']), /public, max-age=\d+/);
  const etag = script.headers.etag;
  assert.ok(etag, 'an ETag');
  assert.ok(script.body.length > 1000, 'the tracker, not a stub');
  assert.equal(script.text, readFileSync(join(import.meta.dirname, '..', '..', 'tracker', 'dist', 'pipes.js'), 'utf8'), 'the current tracker build (rebuild the template after the tracker)');

  const revalidated = await send('/p/pipes.js', { method: 'GET', headers: { 'if-none-match': etag } });
  assert.equal(revalidated.status, 304);
  assert.equal(revalidated.body.length, 0);
  assert.equal((await send('/p/pipes.js', { method: 'GET', headers: { 'if-none-match': '"other"' } })).status, 200);
});

test('Set-Cookie for the anonymous id: readable copy and HttpOnly backup, Domain, Path, Max-Age, Secure, SameSite', async () => {
  const anon = randomUUID();
  const answer = await post(batch([event({ anonymous_id: anon })]));
  assert.equal(answer.status, 200);
  const id = cookie(answer, 'pipes_id');
  assert.equal(id.value, anon);
  for (const a of ['domain=example.com', 'path=/', 'max-age=31536000', 'secure', 'samesite=lax']) assert.ok(id.attributes.includes(a), `${a} in ${id.attributes.join('; ')}`);
  assert.ok(!id.attributes.includes('httponly'), 'the tracker must read its cookie');
  const backup = cookie(answer, 'pipes_id_backup');
  assert.equal(backup.value, anon);
  assert.ok(backup.attributes.includes('httponly'));

  const restored = await post(batch([event({ anonymous_id: randomUUID() })]), { cookie: `pipes_id_backup=${anon}` });
  assert.equal(cookie(restored, 'pipes_id').value, anon, 'the backup restores a wiped script copy');

  const noConsent = await post(batch([event({ anonymous_id: null, session_id: null })]));
  assert.equal(noConsent.status, 200);
  assert.equal(noConsent.headers['set-cookie'], undefined, 'no id, no cookie');
});
