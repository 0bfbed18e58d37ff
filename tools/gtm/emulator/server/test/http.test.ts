// Outbound HTTP and Google credentials, over real HTTP to throwaway servers on 127.0.0.1: sendHttpRequest and
// sendHttpGet in both forms, their rejection reasons, send_http, getGoogleAuth with a local token, a service
// account key and the metadata server, and outbound routes.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionError } from '../../errors.ts';
import { applicationDefaultCredentials } from '../google-auth.ts';
import { routedUrl } from '../http-client.ts';
import { closedPort, localServer, serverError, serverRun, type LocalServer, type ServerRunOptions } from './helpers.ts';

const servers: LocalServer[] = [];
const dir = mkdtempSync(join(tmpdir(), 'pipes-sgtm-http-'));
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function server(handle: Parameters<typeof localServer>[0]): Promise<LocalServer> {
  const s = await localServer(handle);
  servers.push(s);
  return s;
}

/** An echo server: 201, a custom header, the method and body in the response body. */
const echo = () =>
  server((request, body, response) => {
    response.writeHead(201, { 'x-echo': 'yes', 'content-type': 'text/plain' });
    response.end(`${request.method} ${body}`);
  });

/** Runs the code (with `data.out` collecting what it reports) until its asynchronous work is done. */
async function outputs(code: string, options: ServerRunOptions = {}): Promise<unknown[][]> {
  const out: unknown[][] = [];
  const run = serverRun(code, { ...options, data: { ...options.data, out: (...args: unknown[]) => out.push(args) } });
  if (run.error) throw run.error;
  await run.sandbox.scheduler.settle();
  assert.deepEqual(run.logs.filter((l) => l[0] === 'async error'), []);
  return out.map((args) => run.sandbox.boundary.copyToHost(args) as unknown[]);
}

test('sendHttpRequest (promise form): method, headers and body go out; status, headers and body come back', async () => {
  const target = await echo();
  const out = await outputs(
    `require('sendHttpRequest')(data.url, { method: 'post', headers: { 'Content-Type': 'application/json', 'X-Count': 2 }, timeout: 2000 }, '{"a":1}')
       .then((r) => data.out(r.statusCode, r.headers['x-echo'], r.body, typeof r.body.startsWith));`,
    { data: { url: `${target.url}/path?q=1` } },
  );
  assert.deepEqual(out, [[201, 'yes', 'POST {"a":1}', 'undefined']]);
  const [received] = target.requests;
  assert.equal(received?.url, '/path?q=1');
  assert.equal(received?.headers['content-type'], 'application/json');
  assert.equal(received?.headers['x-count'], '2');
  assert.equal(received?.body, '{"a":1}');
});

test('sendHttpRequest defaults to GET; sendHttpGet sends GET in both forms', async () => {
  const target = await echo();
  const out = await outputs(
    `require('sendHttpRequest')(data.url).then((r) => data.out('request', r.body));
     require('sendHttpGet')(data.url, { headers: { accept: 'text/plain' } }).then((r) => data.out('get', r.statusCode, r.body));
     require('sendHttpGet')(data.url, (status, headers, body) => data.out('get callback', status, headers['x-echo'], body));`,
    { data: { url: target.url } },
  );
  assert.deepEqual(out.sort(), [['get callback', 201, 'yes', 'GET '], ['get', 201, 'GET '], ['request', 'GET ']]);
  assert.equal(target.requests.find((r) => r.headers['accept'] === 'text/plain')?.method, 'GET');
});

test("a request that gets no answer in time rejects with {reason: 'timed_out'}; one that cannot connect with {reason: 'failed'}", async () => {
  const silent = await server(() => undefined);
  const port = await closedPort();
  const out = await outputs(
    `const send = require('sendHttpRequest');
     send(data.silent, { timeout: 150 }).then(() => data.out('answered'), (e) => data.out('silent', e.reason));
     send(data.refused, { timeout: 2000 }).then(() => data.out('answered'), (e) => data.out('refused', e.reason));
     require('sendHttpGet')(data.refused).catch((e) => data.out('get refused', e));
     send('not a url').catch((e) => data.out('not a url', e.reason));`,
    { data: { silent: silent.url, refused: `http://127.0.0.1:${port}/` } },
  );
  assert.deepEqual(out.sort(), [['get refused', { reason: 'failed' }], ['not a url', 'failed'], ['refused', 'failed'], ['silent', 'timed_out']]);
});

test('the callback form: (statusCode, headers, body); status 0 when there is no response', async () => {
  const target = await echo();
  const port = await closedPort();
  const out = await outputs(
    `const send = require('sendHttpRequest');
     send(data.url, (status, headers, body) => data.out('ok', status, headers['x-echo'], body), { method: 'PUT' }, 'payload');
     send(data.refused, (status, headers, body) => data.out('refused', status, headers, body));`,
    { data: { url: target.url, refused: `http://127.0.0.1:${port}/` } },
  );
  assert.deepEqual(out.sort(), [['ok', 201, 'yes', 'PUT payload'], ['refused', 0, {}, '']]);
});

test('send_http allows URLs matching its patterns and refuses the others, before anything is sent', async () => {
  const target = await echo();
  const permissions = { send_http: { urls: [`${target.url}/allowed/*`] } };
  const out = await outputs("require('sendHttpRequest')(data.url + '/allowed/x').then((r) => data.out(r.statusCode));", { permissions, data: { url: target.url } });
  assert.deepEqual(out, [[201]]);
  const { error } = serverRun("require('sendHttpGet')(data.url + '/other');", { permissions, data: { url: target.url } });
  assert.ok(error instanceof PermissionError);
  assert.equal(error.message, `sendHttpGet: permission denied by send_http: the URL "${target.url}/other" matches none of its URL patterns (${target.url}/allowed/*)`);
  assert.equal(target.requests.length, 1);
});

test('argument checks of sendHttpRequest and sendHttpGet', () => {
  // permissions are checked first, and send_http needs a URL
  assert.equal(serverError("require('sendHttpRequest')(1);"), 'sendHttpRequest: permission denied by send_http: a URL (a string) is needed, not 1');
  assert.equal(serverError("require('sendHttpRequest')('https://a.example/', 'GET');"), 'sendHttpRequest: argument 2 (options) must be an object or left out, not the string "GET"');
  assert.equal(serverError("require('sendHttpRequest')('https://a.example/', {}, {});"), 'sendHttpRequest: argument 3 (body) must be a string or left out, not object');
  assert.equal(serverError("require('sendHttpRequest')('https://a.example/', () => 1, {}, 2);"), 'sendHttpRequest: argument 4 (body) must be a string or left out, not number 2');
  assert.equal(serverError("require('sendHttpRequest')('https://a.example/', { timeout: '5' });"), 'sendHttpRequest: options.timeout must be a number, not string');
  assert.equal(serverError("require('sendHttpRequest')('https://a.example/', { headers: { a: {} } });"), 'sendHttpRequest: the header a must be a string, not object');
  assert.equal(serverError("require('sendHttpGet')('https://a.example/', { authorization: { scopes: [] } });"), 'sendHttpGet: options.authorization must be the object getGoogleAuth returned');
});

const STORAGE_SCOPE = 'https://www.googleapis.com/auth/devstorage.read_write';

test("getGoogleAuth's token reaches the Authorization header (a local token when no ADC is found); the callback form leaves it out", async () => {
  const target = await echo();
  const out = await outputs(
    `const auth = require('getGoogleAuth')({ scopes: ['${STORAGE_SCOPE}'] });
     require('sendHttpRequest')(data.url + '/a', { authorization: auth }).then((r) => data.out(r.statusCode));
     require('sendHttpRequest')(data.url + '/b', () => data.out('callback'), { authorization: auth });
     data.out(require('JSON').stringify(auth));`,
    { data: { url: target.url }, settings: { env: {}, localGoogleToken: 'local-token-1' } },
  );
  assert.deepEqual(out.sort(), [[201], ['callback'], ['{}']]);
  assert.equal(target.requests.find((r) => r.url === '/a')?.headers['authorization'], 'Bearer local-token-1');
  assert.equal(target.requests.find((r) => r.url === '/b')?.headers['authorization'], undefined);
});

test('use_google_credentials allows the scopes it lists; getGoogleAuth checks its argument', () => {
  const permissions = { use_google_credentials: { scopes: [STORAGE_SCOPE] } };
  assert.equal(serverRun(`require('getGoogleAuth')({ scopes: ['${STORAGE_SCOPE}'] });`, { permissions }).error, undefined);
  const { error } = serverRun(`require('getGoogleAuth')({ scopes: ['${STORAGE_SCOPE}', 'https://www.googleapis.com/auth/cloud-platform'] });`, { permissions });
  assert.ok(error instanceof PermissionError);
  assert.equal(error.message, `getGoogleAuth: permission denied by use_google_credentials: the scope "https://www.googleapis.com/auth/cloud-platform" is not among its scopes (${STORAGE_SCOPE})`);
  assert.equal(serverError("require('getGoogleAuth')();"), 'getGoogleAuth: permission denied by use_google_credentials: OAuth scopes (strings) are needed, not nothing');
  assert.equal(
    serverError("require('getGoogleAuth')({ scopes: [] });"),
    "getGoogleAuth: options.scopes must be a list of OAuth scopes, e.g. { scopes: ['https://www.googleapis.com/auth/devstorage.read_write'] }",
  );
});

test('without any credentials, a request with authorization fails and the log says how to configure them', async () => {
  const target = await echo();
  const out: unknown[][] = [];
  const run = serverRun(
    `require('sendHttpRequest')(data.url, { authorization: require('getGoogleAuth')({ scopes: ['${STORAGE_SCOPE}'] }) }).catch((e) => data.out(e.reason));`,
    { data: { url: target.url, out: (...a: unknown[]) => out.push(a) }, settings: { env: { CLOUDSDK_CONFIG: dir } } },
  );
  await run.sandbox.scheduler.settle();
  assert.deepEqual(out, [['failed']]);
  assert.equal(target.requests.length, 0);
  assert.match(String(run.logs[0]?.[0]), /^sendHttpRequest GET http:\/\/127\.0\.0\.1:\d+: failed: no Google access token from no credentials: no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS/);
});

test('a service account key (GOOGLE_APPLICATION_CREDENTIALS): a signed JWT exchanged for a token, kept for the next request', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const assertions: string[] = [];
  const tokens = await server((_request, body, response) => {
    assertions.push(new URLSearchParams(body).get('assertion') ?? '');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ access_token: 'sa-token', expires_in: 3600, token_type: 'Bearer' }));
  });
  const keyFile = join(dir, 'key.json');
  writeFileSync(
    keyFile,
    JSON.stringify({ type: 'service_account', client_email: 'sgtm@project.iam.gserviceaccount.com', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }), private_key_id: 'k-1', token_uri: `${tokens.url}/token` }),
  );
  const target = await echo();
  const credentials = applicationDefaultCredentials({ env: { GOOGLE_APPLICATION_CREDENTIALS: keyFile } });
  const out = await outputs(
    `const auth = require('getGoogleAuth')({ scopes: ['${STORAGE_SCOPE}'] });
     const send = require('sendHttpRequest');
     send(data.url, { authorization: auth }).then(() => send(data.url, { authorization: auth })).then((r) => data.out(r.statusCode));`,
    { data: { url: target.url }, settings: { googleCredentials: credentials } },
  );
  assert.deepEqual(out, [[201]]);
  assert.deepEqual(target.requests.map((r) => r.headers['authorization']), ['Bearer sa-token', 'Bearer sa-token']);
  assert.equal(assertions.length, 1);
  const [header, claims, signature] = assertions[0]!.split('.') as [string, string, string];
  assert.ok(createVerify('RSA-SHA256').update(`${header}.${claims}`).verify(publicKey, signature, 'base64url'));
  assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url').toString()), { alg: 'RS256', typ: 'JWT', kid: 'k-1' });
  const decoded = JSON.parse(Buffer.from(claims, 'base64url').toString());
  assert.equal(decoded.iss, 'sgtm@project.iam.gserviceaccount.com');
  assert.equal(decoded.scope, STORAGE_SCOPE);
  assert.equal(decoded.aud, `${tokens.url}/token`);
  assert.equal(decoded.exp - decoded.iat, 3600);
});

test('on Google Cloud the metadata server gives the tokens, for the requested scopes', async () => {
  const metadata = await server((_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'metadata-flavor': 'Google' });
    response.end(JSON.stringify({ access_token: 'md-token', expires_in: 1800 }));
  });
  const target = await echo();
  const credentials = applicationDefaultCredentials({ env: { GCE_METADATA_HOST: metadata.url.replace('http://', ''), CLOUDSDK_CONFIG: dir } });
  await outputs(`require('sendHttpGet')(data.url, { authorization: require('getGoogleAuth')({ scopes: ['${STORAGE_SCOPE}'] }) });`, {
    data: { url: target.url },
    settings: { googleCredentials: credentials },
  });
  assert.equal(target.requests[0]?.headers['authorization'], 'Bearer md-token');
  assert.equal(metadata.requests[0]?.url, `/computeMetadata/v1/instance/service-accounts/default/token?scopes=${encodeURIComponent(STORAGE_SCOPE)}`);
  assert.equal(metadata.requests[0]?.headers['metadata-flavor'], 'Google');
});

test('outbound routes send a prefix elsewhere; send_http still judges the URL the template wrote', async () => {
  const stand_in = await echo();
  const routes = { 'https://storage.googleapis.com': stand_in.url };
  assert.equal(routedUrl('https://storage.googleapis.com/upload/b/o?x=1', routes), `${stand_in.url}/upload/b/o?x=1`);
  assert.equal(routedUrl('https://storage.googleapis.com.evil.example/x', routes), 'https://storage.googleapis.com.evil.example/x');
  const permissions = { send_http: { urls: ['https://storage.googleapis.com/upload/*'] } };
  const out = await outputs("require('sendHttpRequest')('https://storage.googleapis.com/upload/b?name=a', { method: 'POST' }, 'x').then((r) => data.out(r.body));", {
    permissions,
    settings: { outboundRoutes: routes },
  });
  assert.deepEqual(out, [['POST x']]);
  assert.equal(stand_in.requests[0]?.url, '/upload/b?name=a');
});
