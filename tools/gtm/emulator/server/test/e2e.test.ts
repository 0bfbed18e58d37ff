// End to end: the server-client fixture as the container's client and the server-tag fixture as its tag, served
// by a real node:http server through requestFromNode/writeNodeResponse. The tag's Cloud Storage uploads go, by an
// outbound route, to a local HTTP server standing in for storage, with the local token as their Authorization.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { handleRequest, ServerContainer } from '../container.ts';
import { readBody, requestFromNode, writeNodeResponse } from '../node-http.ts';
import { localServer, type LocalServer } from './helpers.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name, 'template.tpl'), 'utf8');

let storage: LocalServer;
let front: Server;
let origin: string;
const logs: string[] = [];

before(async () => {
  storage = await localServer((_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"kind":"storage#object"}');
  });
  const container = new ServerContainer(
    {
      containerId: 'GTM-E2E',
      variables: { Bucket: 'events-bucket' },
      clients: [{ name: 'Fixture client', template: fixture('server-client'), data: { responseStatus: 200, allowedOrigins: [{ origin: 'https://www.example.com' }] } }],
      tags: [{ name: 'Storage', template: fixture('server-tag'), data: { bucket: '{{Bucket}}', datasetId: '', userIdHandling: 'drop' } }],
    },
    {
      env: {},
      localGoogleToken: 'e2e-token',
      outboundRoutes: { 'https://storage.googleapis.com': storage.url },
      log: (args) => logs.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')),
    },
  );
  front = createServer(async (message, out) => writeNodeResponse(await handleRequest(container, requestFromNode(message, await readBody(message))), out));
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
});

after(async () => {
  front.closeAllConnections();
  await new Promise((resolve) => front.close(resolve));
  await storage.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function post(path: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${origin}${path}`, { method: 'POST', headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (c: Buffer) => chunks.push(c));
      incoming.on('end', () => resolve({ status: incoming.statusCode!, headers: incoming.headers, body: Buffer.concat(chunks).toString() }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const BROWSER = {
  host: 'sgtm.example.co.uk',
  origin: 'https://www.example.com',
  'user-agent': 'Mozilla/5.0 (e2e)',
  'x-forwarded-for': '203.0.113.7',
  cookie: 'fixture_id=cid-42',
  'content-type': 'application/json',
};

test('a batch in: every event stored through the tag, the client answers with CORS, its cookie and the count', async () => {
  const answer = await post('/fixture', BROWSER, '[{"event":"page_view"},{"event":"signup"}]');
  assert.equal(answer.status, 200);
  assert.equal(answer.headers['content-type'], 'application/json');
  assert.equal(answer.headers['access-control-allow-origin'], 'https://www.example.com');
  assert.deepEqual(answer.headers['set-cookie'], ['fixture_id=cid-42; Max-Age=63072000; Domain=example.co.uk; Path=/; Secure; SameSite=Lax']);
  assert.deepEqual(JSON.parse(answer.body), { events: 2, container: 'GTM-E2E' });

  assert.equal(storage.requests.length, 2);
  for (const upload of storage.requests) {
    assert.equal(upload.method, 'POST');
    assert.match(upload.url, /^\/upload\/storage\/v1\/b\/events-bucket\/o\?uploadType=media&ifGenerationMatch=0&name=fixture%2F\d+\.json$/);
    assert.equal(upload.headers['authorization'], 'Bearer e2e-token');
    assert.equal(upload.headers['content-type'], 'application/json');
  }
  assert.deepEqual(storage.requests.map((u) => JSON.parse(u.body).event).sort(), ['page_view', 'signup']);

  // the tag's message reached the client's listener; the event callbacks ran after the response
  await new Promise((resolve) => setTimeout(resolve, 20));
  const stored = logs.filter((l) => l.startsWith('fixture_stored '));
  assert.equal(stored.length, 2);
  assert.match(stored[0]!, /^fixture_stored \{"name":"fixture\/\d+\.json"\}$/);
  assert.deepEqual(logs.filter((l) => l.startsWith('GTM-E2E')), ['GTM-E2E 1', 'GTM-E2E 1']);
});

test('an origin outside the allowlist gets 403 and nothing is stored; other paths are left unclaimed (400)', async () => {
  const before = storage.requests.length;
  const refused = await post('/fixture', { ...BROWSER, origin: 'https://evil.example' }, '[{"event":"page_view"}]');
  assert.deepEqual([refused.status, refused.body], [403, 'origin not allowed']);
  const elsewhere = await post('/g/collect', BROWSER, '');
  assert.equal(elsewhere.status, 400);
  assert.equal(storage.requests.length, before);
});
