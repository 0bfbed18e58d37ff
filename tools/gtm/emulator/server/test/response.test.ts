// Building the response (setResponse*, setPixelResponse, setCookie, sendPixelFromBrowser, returnResponse), reading
// cookies, and the node:http bridge that carries both over real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { PermissionError } from '../../errors.ts';
import { readBody, requestFromNode, writeNodeResponse } from '../node-http.ts';
import type { ContainerRequest, RequestInit } from '../request.ts';
import { responseBytes, type ContainerResponse } from '../response.ts';
import { serverError, serverRun, serverValue } from './helpers.ts';

const HOST: RequestInit = { url: '/collect', headers: { host: 'sgtm.example.co.uk' } };

/** The response the code sends with returnResponse. */
function sent(code: string, request = HOST): ContainerResponse {
  const run = serverRun(`${code}\nrequire('returnResponse')();`, { request });
  if (run.error) throw run.error;
  return run.exchange.draft.freeze();
}

/** The Set-Cookie header one setCookie call produces. */
function cookie(args: string, request = HOST): string {
  const { cookies } = sent(`require('setCookie')(${args});`, request);
  assert.equal(cookies.length, 1);
  return cookies[0]!;
}

test('status, headers and body; a header set twice keeps the last value; null removes it', () => {
  const response = sent(`
    const header = require('setResponseHeader');
    require('setResponseStatus')(201);
    header('Content-Type', 'text/plain'); header('x-a', 'first'); header('X-A', 'second');
    header('x-gone', 'soon'); header('x-gone', null);
    require('setResponseBody')('done');`);
  assert.deepEqual(response, { statusCode: 201, headers: { 'content-type': 'text/plain', 'x-a': 'second' }, cookies: [], body: 'done', bodyEncoding: 'utf8', pixels: [] });
  const encoded = sent("require('setResponseBody')('aGk=', 'base64');");
  assert.equal(responseBytes(encoded).toString(), 'hi');
  assert.deepEqual(sent(''), { statusCode: 200, headers: {}, cookies: [], body: '', bodyEncoding: 'utf8', pixels: [] });
});

test('setPixelResponse: a 1x1 GIF that no cache keeps, status 200', () => {
  const response = sent("require('setResponseStatus')(404); require('setPixelResponse')();");
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'image/gif');
  assert.match(response.headers['cache-control']!, /no-store/);
  const gif = responseBytes(response);
  assert.equal(gif.subarray(0, 6).toString('latin1'), 'GIF89a');
  assert.deepEqual([gif.readUInt16LE(6), gif.readUInt16LE(8)], [1, 1]);
});

test('argument checks of the response APIs', () => {
  assert.equal(serverError("require('setResponseStatus')('200');"), 'setResponseStatus: argument 1 (statusCode) must be a number, not the string "200"');
  assert.equal(serverError("require('setResponseStatus')(99);"), 'setResponseStatus: the status must be an HTTP status code from 100 to 599, not 99');
  assert.equal(serverError("require('setResponseHeader')('x-a', 1);"), 'setResponseHeader: argument 2 (value) must be a string or left out, not number 1');
  assert.equal(serverError("require('setResponseHeader')('bad name', 'v');"), 'setResponseHeader: "bad name" is not a valid header name');
  assert.equal(serverError("require('setResponseHeader')('x-a', 'v\\r\\nset-cookie: x=1');"), 'setResponseHeader: the value must not contain line breaks');
  assert.equal(serverError("require('setResponseBody')({});"), 'setResponseBody: argument 1 (body) must be a string, not object');
  assert.equal(serverError("require('setResponseBody')('x', 'utf-32');"), 'setResponseBody: the encoding must be one of ascii, utf8, utf16le, ucs2, base64, latin1, binary, hex, not "utf-32"');
});

test('returnResponse sends the response once: later changes and calls are ignored', () => {
  const run = serverRun(`
    require('setResponseBody')('first');
    require('returnResponse')();
    require('setResponseBody')('second');
    require('returnResponse')();`);
  assert.equal(run.error, undefined);
  return run.exchange.response.then((response) => assert.equal(response.body, 'first'));
});

test('access_response allows the parts and headers it lists; return_response must be declared', () => {
  const permissions = { access_response: { parts: ['status', 'headers'], headers: ['content-type'] }, return_response: {} };
  assert.equal(serverRun("require('setResponseStatus')(204); require('setResponseHeader')('Content-Type', 'a/b');", { permissions }).error, undefined);
  const denied: [string, string][] = [
    ["require('setResponseHeader')('x-other', 'v');", 'setResponseHeader: permission denied by access_response: "x-other" is not among its allowed headers (content-type)'],
    ["require('setResponseBody')('x');", 'setResponseBody: permission denied by access_response: the response part "body" is not allowed (allowed: status, headers)'],
    ["require('setPixelResponse')();", 'setPixelResponse: permission denied by access_response: the response part "body" is not allowed (allowed: status, headers)'],
  ];
  for (const [code, message] of denied) {
    const { error } = serverRun(code, { permissions });
    assert.ok(error instanceof PermissionError);
    assert.equal(error.message, message);
  }
  assert.equal(serverError("require('returnResponse')();", { permissions: {} }), 'returnResponse: permission denied by return_response: the template does not declare the return_response permission');
});

test("setCookie's Set-Cookie header: domain 'auto' is the registrable domain of the request's host", () => {
  assert.equal(
    cookie("'id', 'a b/c', { domain: 'auto', path: '/', 'max-age': 63072000, httpOnly: true, secure: true, sameSite: 'lax' }"),
    'id=a%20b%2Fc; Max-Age=63072000; Domain=example.co.uk; Path=/; HttpOnly; Secure; SameSite=Lax',
  );
  assert.equal(cookie("'id', 'v'"), 'id=v; Domain=example.co.uk; Path=/');
  assert.equal(cookie("'id', 'v', { sameSite: 'None', secure: true }", { url: '/', headers: { host: 'sgtm.shop.example.com:8443' } }), 'id=v; Domain=example.com; Path=/; Secure; SameSite=None');
  assert.equal(cookie("'id', 'v', { sameSite: 'strict' }", { url: '/', headers: { host: 'a.b.example.com.mx', 'x-forwarded-host': 'metrics.shop.example' } }), 'id=v; Domain=shop.example; Path=/; SameSite=Strict');
  // no registrable domain (an IP address, localhost): the fallback domain, else a host-only cookie
  assert.equal(cookie("'id', 'v', { fallbackDomain: 'example.org' }", { url: '/', headers: { host: '127.0.0.1:8080' } }), 'id=v; Domain=example.org; Path=/');
  assert.equal(cookie("'id', 'v'", { url: '/', headers: { host: 'localhost' } }), 'id=v; Path=/');
});

test('setCookie: explicit domain and path, expires, max-age taking precedence, noEncode', () => {
  assert.equal(cookie("'id', 'v', { domain: '.shop.example', path: '/app' }"), 'id=v; Domain=shop.example; Path=/app');
  assert.equal(cookie("'id', 'v', { expires: '2031-01-02T03:04:05Z' }"), 'id=v; Domain=example.co.uk; Path=/; Expires=Thu, 02 Jan 2031 03:04:05 GMT');
  assert.equal(cookie("'id', 'v', { expires: 'Thu, 02 Jan 2031 03:04:05 GMT', 'max-age': 60.9 }"), 'id=v; Max-Age=60; Domain=example.co.uk; Path=/');
  assert.equal(cookie("'id', '', { 'max-age': 0 }"), 'id=; Max-Age=0; Domain=example.co.uk; Path=/');
  assert.equal(cookie("'id', 'GA1.1%7Cx', {}, true"), 'id=GA1.1%7Cx; Domain=example.co.uk; Path=/');
  const both = sent("require('setCookie')('id', '1'); require('setCookie')('session', '2', { httpOnly: true });");
  assert.deepEqual(both.cookies, ['id=1; Domain=example.co.uk; Path=/', 'session=2; Domain=example.co.uk; Path=/; HttpOnly']);
});

test('setCookie refuses what cannot become a cookie', () => {
  assert.equal(serverError("require('setCookie')('a b', 'v');"), "setCookie: the cookie name \"a b\" is not a valid cookie name (letters, digits and !#$%&'*+-.^_`|~ only)");
  assert.equal(serverError("require('setCookie')('id', 'a;b', {}, true);", { request: HOST }), 'setCookie: the value "a;b" cannot be sent unencoded (it has spaces, quotes, commas, semicolons or backslashes); leave noEncode out');
  assert.equal(serverError("require('setCookie')('id', 'v', { sameSite: 'sometimes' });"), "setCookie: options.sameSite must be 'strict', 'lax' or 'none', not \"sometimes\"");
  assert.equal(serverError("require('setCookie')('id', 'v', { 'max-age': '60' });"), "setCookie: options['max-age'] must be a number of seconds, not string");
  assert.equal(serverError("require('setCookie')('id', 'v', { expires: 'soon' });"), "setCookie: options.expires must be a date such as 'Tue, 01 Jun 2027 00:00:00 GMT', not \"soon\"");
  assert.equal(serverError("require('setCookie')('id', 'v', { secure: 'yes' });"), 'setCookie: options.secure must be true or false, not string');
  assert.equal(serverError("require('setCookie')('id', 1);"), 'setCookie: argument 2 (value) must be a string, not number 1');
});

test("set_cookies is checked with the domain 'auto' resolves to, the path, secure and the session rule", () => {
  const permissions = (record: Record<string, unknown>) => ({ set_cookies: { cookies: [{ name: 'id', ...record }] }, return_response: {} });
  const run = (code: string, record: Record<string, unknown>) => serverRun(code, { request: HOST, permissions: permissions(record) }).error?.message;
  assert.equal(run("require('setCookie')('id', 'v');", { domain: 'example.co.uk' }), undefined);
  assert.equal(run("require('setCookie')('id', 'v');", { domain: 'other.example' }), 'setCookie: permission denied by set_cookies: the cookie "id" may not be set with domain "example.co.uk" (allowed: other.example)');
  assert.equal(run("require('setCookie')('other', 'v');", {}), 'setCookie: permission denied by set_cookies: the cookie "other" is not among its cookies (id)');
  assert.equal(run("require('setCookie')('id', 'v', { path: '/x' });", { path: '/' }), 'setCookie: permission denied by set_cookies: the cookie "id" may not be set with path "/x" (allowed: /)');
  assert.equal(run("require('setCookie')('id', 'v');", { secure: 'secure' }), 'setCookie: permission denied by set_cookies: the cookie "id" may not be set with a cookie without secure (only secure cookies are allowed)');
  assert.equal(run("require('setCookie')('id', 'v', { secure: true });", { secure: 'secure' }), undefined);
  assert.equal(run("require('setCookie')('id', 'v');", { session: 'non_session' }), 'setCookie: permission denied by set_cookies: the cookie "id" may not be set with a session cookie (only cookies with max-age or expires are allowed)');
  assert.equal(run("require('setCookie')('id', 'v', { 'max-age': 10 });", { session: 'non_session' }), undefined);
});

test('getCookieValues: every cookie of the name, decoded unless noDecode; get_cookies lists the names', () => {
  const request = { url: '/', headers: { cookie: ['id=a%20b; other=1; id="quoted"', 'id=%E0%A4%A'] } };
  assert.deepEqual(serverValue("return [require('getCookieValues')('id'), require('getCookieValues')('id', true), require('getCookieValues')('none')];", { request }), [
    ['a b', 'quoted', '%E0%A4%A'],
    ['a%20b', 'quoted', '%E0%A4%A'],
    [],
  ]);
  const permissions = { get_cookies: { cookies: ['other'] } };
  assert.deepEqual(serverValue("return require('getCookieValues')('other');", { request, permissions }), ['1']);
  assert.equal(serverError("require('getCookieValues')('id');", { request, permissions }), 'getCookieValues: permission denied by get_cookies: the cookie "id" is not among its cookies (other)');
});

test('sendPixelFromBrowser records the pixel when the request takes commands and the response is not sent yet', () => {
  const ga4 = { url: '/g/collect?v=2&richsstsse' };
  const run = serverRun("const send = require('sendPixelFromBrowser'); const first = send('https://px.example/a'); require('returnResponse')(); return [first, send('https://px.example/b')];", { request: ga4 });
  assert.deepEqual(run.value, [true, false]);
  assert.deepEqual(run.exchange.draft.pixels, ['https://px.example/a']);
  assert.equal(serverValue("return require('sendPixelFromBrowser')('https://px.example/a');", { request: { url: '/data' } }), false);
  const permissions = { send_pixel_from_browser: { urls: ['https://px.example/*'] } };
  assert.equal(serverValue("return require('sendPixelFromBrowser')('https://px.example/a');", { request: ga4, permissions }), true);
  assert.equal(
    serverError("require('sendPixelFromBrowser')('https://evil.example/a');", { request: ga4, permissions }),
    'sendPixelFromBrowser: permission denied by send_pixel_from_browser: the URL "https://evil.example/a" matches none of its URL patterns (https://px.example/*)',
  );
});

test('node:http in and out: the request model from an IncomingMessage, the response written with every Set-Cookie and the decoded body', async () => {
  let seen: ContainerRequest | undefined;
  const response: ContainerResponse = {
    statusCode: 202,
    headers: { 'content-type': 'image/gif', 'x-custom': 'yes' },
    cookies: ['a=1; Path=/', 'b=2; Path=/; HttpOnly'],
    body: 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
    bodyEncoding: 'base64',
    pixels: [],
  };
  const front = createServer(async (message, out) => {
    seen = requestFromNode(message, await readBody(message));
    writeNodeResponse(response, out);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const port = (front.address() as { port: number }).port;
  const answer = await new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/g/collect?v=2&en=x', headers: { 'X-Forwarded-For': '198.51.100.1', Cookie: 'id=1', 'content-type': 'text/plain' } },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (c: Buffer) => chunks.push(c));
        incoming.on('end', () => resolve({ status: incoming.statusCode!, headers: incoming.headers, body: Buffer.concat(chunks) }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end('en=page_view');
  });
  front.close();
  assert.equal(seen?.method, 'POST');
  assert.equal(seen?.path, '/g/collect');
  assert.equal(seen?.queryString, 'v=2&en=x');
  assert.equal(seen?.body, 'en=page_view');
  assert.deepEqual(seen?.headers['cookie'], ['id=1']);
  assert.equal(seen?.socketAddress, '127.0.0.1');
  assert.equal(answer.status, 202);
  assert.deepEqual(answer.headers['set-cookie'], ['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
  assert.equal(answer.headers['x-custom'], 'yes');
  assert.equal(answer.headers['content-length'], '42');
  assert.deepEqual(answer.body, Buffer.from(response.body, 'base64'));
});
