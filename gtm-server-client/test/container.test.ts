// The built template.tpl as the client of an emulated server container, with real APIs instead of the ___TESTS___
// mocks: its permissions checked, its uploads sent over HTTP to the local GCS-compatible server, its stored rows read
// back and held to schema/stored-row.v1.schema.json.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSchemas } from '../../schema/test/schemas.ts';
import { createRequest, handleRequest, ServerContainer, type ContainerResponse } from '../../tools/gtm/emulator/server/index.ts';
import { startLocalGcs, type LocalGcs } from '../../tools/local-gcs/server.ts';

const TEMPLATE = readFileSync(new URL('../template.tpl', import.meta.url), 'utf8');
const TOKEN = 'pipes-test-token';
const HMAC_KEY = Buffer.from('a key only the server holds');
const BATCH_ID = '0b6f5c1e-2d3a-4c5b-9e8f-7a6b5c4d3e2f';
const ANON = '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const { storedRowSchema } = compileSchemas();

let gcs: LocalGcs;
let dataDir: string;
let container: ServerContainer;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pipes-client-'));
  gcs = await startLocalGcs({ dataDir, port: 0, tokens: [TOKEN] });
  container = new ServerContainer(
    {
      clients: [
        {
          name: 'Pipes',
          template: TEMPLATE,
          data: { bucket: 'events', storageBaseUrl: gcs.url, allowedOrigins: [{ origin: 'https://www.example.com' }], uploadTimeoutMs: '2000' },
        },
      ],
    },
    { env: {}, localGoogleToken: TOKEN, privateKeys: new Map([['pipes_user_id', HMAC_KEY]]), log: () => undefined },
  );
});

after(async () => {
  await gcs.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<ContainerResponse> {
  const all = { host: 'sgtm.example.com', 'user-agent': CHROME, ...headers };
  return handleRequest(container, createRequest({ method, url, headers: all, ...(body === undefined ? {} : { body }), socketAddress: '203.0.113.77' }));
}

function cookie(answer: ContainerResponse, name: string): { value: string; attributes: string[] } {
  const header = answer.cookies.find((c) => c.startsWith(`${name}=`));
  assert.ok(header, `a Set-Cookie for ${name}`);
  const [pair, ...attributes] = header.split('; ');
  return { value: pair!.slice(name.length + 1), attributes };
}

async function storedObjects(prefix: string): Promise<Map<string, string>> {
  const auth = { authorization: `Bearer ${TOKEN}` };
  const listing = (await (await fetch(`${gcs.url}/storage/v1/b/events/o?prefix=${encodeURIComponent(prefix)}`, { headers: auth })).json()) as { items?: { name: string }[] };
  const objects = new Map<string, string>();
  for (const { name } of listing.items ?? []) {
    objects.set(name, await (await fetch(`${gcs.url}/storage/v1/b/events/o/${encodeURIComponent(name)}?alt=media`, { headers: auth })).text());
  }
  return objects;
}

function batch(userId: string): string {
  const event = {
    event_id: '11111111-1111-4111-8111-111111111111',
    type: 'identify',
    event: 'identify',
    ts: new Date(Date.now() - 1000).toISOString(),
    anonymous_id: ANON,
    session_id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    user_id: userId,
    properties: { email: 'jane.doe@example.com', plan: 'pro' },
    context: {
      page: { url: 'https://www.example.com/welcome?email=jane.doe%40example.com&utm_source=mail#x', path: '/welcome', referrer: '', title: 'Hi Jane' },
      library: { name: 'pipes.js', version: '0.1.0' },
    },
  };
  return JSON.stringify({ v: 1, batch_id: BATCH_ID, sent_at: new Date().toISOString(), events: [event] });
}

test('a batch is stored as one NDJSON object of schema-valid, anonymized rows before the 200', async () => {
  const answer = await send('POST', '/p/collect', { origin: 'https://www.example.com', 'content-type': 'text/plain' }, batch('jane.doe@example.com'));
  assert.equal(answer.statusCode, 200, answer.body);
  assert.equal(answer.headers['access-control-allow-origin'], 'https://www.example.com');
  assert.equal(answer.headers['access-control-allow-credentials'], 'true');

  const objects = await storedObjects('pipes/events/v1/');
  assert.equal(objects.size, 1);
  const [name, text] = [...objects][0]!;
  assert.match(name, new RegExp(`^pipes/events/v1/dt=\\d{4}-\\d\\d-\\d\\d/hr=\\d\\d/${BATCH_ID}\\.ndjson$`));
  const rows = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.equal(rows.length, 1);
  assert.equal(storedRowSchema(rows[0]), true, JSON.stringify(storedRowSchema.errors));
  assert.equal(rows[0]!.user_id, createHmac('sha256', HMAC_KEY).update('jane.doe@example.com').digest('hex'));
  assert.equal(rows[0]!.ip, '203.0.113.0');
  assert.deepEqual((rows[0]!.context as { page: unknown }).page, { url: 'https://www.example.com/welcome?utm_source=mail', path: '/welcome', referrer: '', title: 'Hi Jane' });
  for (const secret of ['jane.doe', '203.0.113.77', 'Chrome/124']) assert.ok(!text.includes(secret), secret);

  const id = cookie(answer, 'pipes_id');
  assert.equal(id.value, ANON);
  for (const attribute of ['Domain=example.com', 'Path=/', 'Max-Age=31536000', 'Secure', 'SameSite=Lax']) assert.ok(id.attributes.includes(attribute), attribute);
  assert.ok(!id.attributes.includes('HttpOnly'), 'the script copy is readable by the tracker');
  const backup = cookie(answer, 'pipes_id_backup');
  assert.equal(backup.value, ANON);
  assert.ok(backup.attributes.includes('HttpOnly'));
});

test('the same batch again finds its object (412) and is answered as stored, without a second object', async () => {
  const answer = await send('POST', '/p/collect', { origin: 'https://www.example.com' }, batch('jane.doe@example.com'));
  assert.equal(answer.statusCode, 200, answer.body);
  assert.equal((await storedObjects('pipes/events/v1/')).size, 1);
});

test('while storage is down the answer is 503 with Retry-After', async () => {
  gcs.setFaults({ outage: true });
  try {
    const answer = await send('POST', '/p/collect', {}, batch('someone-else').replace(BATCH_ID, '3b6f5c1e-2d3a-4c5b-9e8f-7a6b5c4d3e2f'));
    assert.equal(answer.statusCode, 503);
    assert.equal(answer.headers['retry-after'], '30');
  } finally {
    gcs.setFaults({});
  }
});

test('an opted-out browser gets 204, expired identifier cookies and nothing stored', async () => {
  const other = batch('x').replace(BATCH_ID, '4b6f5c1e-2d3a-4c5b-9e8f-7a6b5c4d3e2f');
  const answer = await send('POST', '/p/collect', { cookie: `pipes_optout=1; pipes_id=${ANON}` }, other);
  assert.equal(answer.statusCode, 204);
  for (const name of ['pipes_id', 'pipes_id_backup', 'pipes_ses']) assert.ok(cookie(answer, name).attributes.includes('Max-Age=0'), name);
  assert.equal((await storedObjects('pipes/events/v1/')).size, 1);
});

test('the preflight of an allowed origin gets CORS headers; another origin gets 403', async () => {
  const preflight = await send('OPTIONS', '/p/collect', { origin: 'https://www.example.com', 'access-control-request-method': 'POST' });
  assert.equal(preflight.statusCode, 204);
  assert.equal(preflight.headers['access-control-allow-methods'], 'POST, GET, OPTIONS');
  const refused = await send('POST', '/p/collect', { origin: 'https://evil.example' }, batch('x'));
  assert.equal(refused.statusCode, 403);
});

test('the tracker script is served with an ETag, and 304 when it is unchanged', async () => {
  const first = await send('GET', '/p/pipes.js', {});
  assert.equal(first.statusCode, 200);
  assert.equal(first.headers['cache-control'], 'public, max-age=3600');
  assert.equal(first.body, readFileSync(new URL('../../tracker/dist/pipes.js', import.meta.url), 'utf8'));
  const again = await send('GET', '/p/pipes.js', { 'if-none-match': first.headers['etag']! });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
});

test('other paths are left to other clients', async () => {
  const answer = await send('GET', '/g/collect?v=2', {});
  assert.notEqual(answer.statusCode, 200);
  assert.equal(answer.cookies.length, 0);
});
