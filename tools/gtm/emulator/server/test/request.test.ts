// Reading the request: the model, the getRequest* APIs with their read_request checks, the client's address, and
// the Measurement Protocol helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PermissionError } from '../../errors.ts';
import { createRequest, remoteAddress } from '../request.ts';
import { serverError, serverRun, serverValue } from './helpers.ts';

const POST = {
  method: 'post',
  url: '/metrics/collect?a=1&b=x%20y&a=2&empty=',
  headers: { 'User-Agent': 'Mozilla/5.0', 'X-Multi': ['one', 'two'], Cookie: 'id=abc' },
  body: '{"event":"signup"}',
  socketAddress: '10.0.0.9',
};

test('the request model: upper-case method, path and query apart, lower-case headers, no body as undefined', () => {
  const request = createRequest(POST);
  assert.equal(request.method, 'POST');
  assert.equal(request.path, '/metrics/collect');
  assert.equal(request.queryString, 'a=1&b=x%20y&a=2&empty=');
  assert.deepEqual(request.headers['x-multi'], ['one', 'two']);
  assert.equal(request.body, '{"event":"signup"}');
  assert.equal(createRequest({ url: '/' }).body, undefined);
  assert.equal(createRequest({ url: '/', body: new Uint8Array() }).body, undefined);
  assert.equal(createRequest({ url: '/', body: Buffer.from('é') }).body, 'é');
});

test('getRequest* give each part of the request', () => {
  const code = `
    const parameter = require('getRequestQueryParameter');
    const header = require('getRequestHeader');
    return [require('getRequestMethod')(), require('getRequestPath')(), require('getRequestQueryString')(), parameter('a'),
            parameter('b'), parameter('none'), require('getRequestQueryParameters')(),
            header('user-agent'), header('X-MULTI'), header('absent'), require('getRequestBody')()];`;
  assert.deepEqual(serverValue(code, { request: POST, pathPrefix: '/metrics' }), [
    'POST',
    '/collect',
    'a=1&b=x%20y&a=2&empty=',
    '1',
    'x y',
    undefined,
    { a: ['1', '2'], b: 'x y', empty: '' },
    'Mozilla/5.0',
    'one, two',
    undefined,
    '{"event":"signup"}',
  ]);
  assert.equal(serverValue("return require('getRequestPath')();", { request: { url: '/metricsx/a' }, pathPrefix: '/metrics' }), '/metricsx/a');
  assert.equal(serverValue("return require('getRequestPath')();", { request: { url: '/metrics' }, pathPrefix: '/metrics/' }), '/');
  assert.equal(serverValue("return require('getRequestBody')();", { request: { url: '/' } }), undefined);
});

test('argument checks of the request APIs', () => {
  assert.equal(serverError("require('getRequestHeader')(1);"), 'getRequestHeader: argument 1 (headerName) must be a string, not number 1');
  assert.equal(serverError("require('getRequestQueryParameter')();"), 'getRequestQueryParameter: argument 1 (name) must be a string, not undefined');
  assert.equal(serverError("require('getCookieValues')('id', 'yes');"), 'getCookieValues: argument 2 (noDecode) must be a boolean or left out, not the string "yes"');
});

test('the remote address: Forwarded, then X-Forwarded-For, then the connection; ports and brackets removed', () => {
  const address = (headers: Record<string, string>) => remoteAddress(createRequest({ url: '/', headers, socketAddress: '10.0.0.9' }));
  assert.equal(address({}), '10.0.0.9');
  assert.equal(address({ 'x-forwarded-for': '203.0.113.7, 10.1.1.1' }), '203.0.113.7');
  assert.equal(address({ 'x-forwarded-for': '203.0.113.7:5123' }), '203.0.113.7');
  assert.equal(address({ forwarded: 'for=192.0.2.60;proto=https;by=203.0.113.43', 'x-forwarded-for': '203.0.113.7' }), '192.0.2.60');
  assert.equal(address({ forwarded: 'For="[2001:db8:cafe::17]:4711"' }), '2001:db8:cafe::17');
  assert.equal(address({ 'x-forwarded-for': '2001:db8::1' }), '2001:db8::1');
  assert.equal(serverValue("return require('getRemoteAddress')();", { request: { url: '/', headers: { 'x-forwarded-for': '198.51.100.4' } } }), '198.51.100.4');
});

test('read_request allows the parts and names it lists, and refuses the others', () => {
  const permissions = { read_request: { parts: ['path', 'headers', 'queryParameters'], headers: ['user-agent'], queryParameters: ['a'] } };
  const options = { request: POST, permissions };
  assert.equal(serverValue("return require('getRequestHeader')('User-Agent');", options), 'Mozilla/5.0');
  assert.equal(serverValue("return require('getRequestQueryParameter')('a');", options), '1');
  assert.equal(serverValue("return require('getRequestPath')();", options), '/metrics/collect');
  const denied: [string, string][] = [
    ["require('getRequestHeader')('cookie');", 'getRequestHeader: permission denied by read_request: "cookie" is not among its allowed headers (user-agent)'],
    ["require('getRequestQueryParameter')('b');", 'getRequestQueryParameter: permission denied by read_request: "b" is not among its allowed queryParameters (a)'],
    ["require('getRequestBody')();", 'getRequestBody: permission denied by read_request: the request part "body" is not allowed (allowed: headers, path, queryParameters)'],
    ["require('getRequestMethod')();", 'getRequestMethod: permission denied by read_request: the request part "method" is not allowed (allowed: headers, path, queryParameters)'],
    ["require('getRequestQueryString')();", 'getRequestQueryString: permission denied by read_request: the request part "queryString" is not allowed (allowed: headers, path, queryParameters)'],
    ["require('getRemoteAddress')();", 'getRemoteAddress: permission denied by read_request: the request part "remoteAddress" is not allowed (allowed: headers, path, queryParameters)'],
  ];
  for (const [code, message] of denied) {
    const { error } = serverRun(code, options);
    assert.ok(error instanceof PermissionError, code);
    assert.equal(error.message, message);
  }
  assert.equal(serverError("require('getRequestPath')();", { permissions: {} }), 'getRequestPath: permission denied by read_request: the template does not declare the read_request permission');
});

const GA4 = {
  method: 'POST',
  url: '/g/collect?v=2&tid=G-TEST1&cid=111.222&ul=en-us&dl=https%3A%2F%2Fshop.example%2Fp&dt=Shop&sid=1700000000&sct=3&ep.shared=yes',
  headers: { 'user-agent': 'UA/1', 'x-forwarded-for': '203.0.113.9' },
  body: 'en=page_view&_et=12\nen=add_to_cart&ep.item=sku-1&epn.value=9.5&up.tier=gold',
};

test('GA4 requests: isRequestMpv2 and their events in common event data', () => {
  assert.deepEqual(serverValue("return [require('isRequestMpv2')(), require('isRequestMpv1')()];", { request: GA4 }), [true, false]);
  const events = serverValue("return require('extractEventsFromMpv2')();", { request: GA4 }) as Record<string, unknown>[];
  const shared = {
    'x-ga-protocol_version': '2',
    'x-ga-measurement_id': 'G-TEST1',
    client_id: '111.222',
    language: 'en-us',
    page_location: 'https://shop.example/p',
    page_title: 'Shop',
    ga_session_id: 1700000000,
    ga_session_number: 3,
    shared: 'yes',
    ip_override: '203.0.113.9',
    user_agent: 'UA/1',
  };
  assert.deepEqual(events, [
    { ...shared, event_name: 'page_view', engagement_time_msec: 12 },
    { ...shared, event_name: 'add_to_cart', item: 'sku-1', value: 9.5, 'x-ga-mp2-user_properties': { tier: 'gold' } },
  ]);
  const single = serverValue("return require('extractEventsFromMpv2')();", { request: { url: '/g/collect?v=2&en=scroll&cid=1' } });
  assert.deepEqual(single, [{ 'x-ga-protocol_version': '2', event_name: 'scroll', client_id: '1', ip_override: '' }]);
  assert.equal(serverValue("return require('isRequestMpv2')();", { request: { url: '/g/collect?v=1' } }), false);
  assert.equal(
    serverError("require('extractEventsFromMpv2')();", { request: { url: '/data' } }),
    'extractEventsFromMpv2: the request is not a Measurement Protocol v2 request; check isRequestMpv2() first',
  );
});

test('Universal Analytics hits: isRequestMpv1 and their events', () => {
  const hit = { method: 'POST', url: '/collect', body: 'v=1&t=event&tid=UA-1-1&cid=5.6&ec=video&ea=play&ev=3&dl=https%3A%2F%2Fa.example%2F' };
  assert.deepEqual(serverValue("return [require('isRequestMpv1')(), require('isRequestMpv2')()];", { request: hit }), [true, false]);
  assert.deepEqual(serverValue("return require('extractEventsFromMpv1')();", { request: hit }), [
    { 'x-ga-protocol_version': '1', 'x-ga-measurement_id': 'UA-1-1', client_id: '5.6', event_category: 'video', event_action: 'play', page_location: 'https://a.example/', event_name: 'event', value: 3, ip_override: '' },
  ]);
  const batch = { method: 'POST', url: '/batch', body: 'v=1&t=pageview&cid=1&dt=A\nv=1&t=pageview&cid=1&dt=B' };
  assert.deepEqual(
    (serverValue("return require('extractEventsFromMpv1')();", { request: batch }) as Record<string, unknown>[]).map((e) => [e['event_name'], e['page_title']]),
    [['page_view', 'A'], ['page_view', 'B']],
  );
  assert.equal(serverError("require('extractEventsFromMpv1')();", { request: { url: '/g/collect?v=2' } }), 'extractEventsFromMpv1: the request is not a Measurement Protocol v1 request; check isRequestMpv1() first');
});

test('the Measurement Protocol helpers need read_request for path and query (and the body to extract)', () => {
  const permissions = { read_request: { parts: ['path', 'queryString'] } };
  assert.equal(serverValue("return require('isRequestMpv2')();", { request: GA4, permissions }), true);
  assert.equal(
    serverError("require('extractEventsFromMpv2')();", { request: GA4, permissions }),
    'extractEventsFromMpv2: permission denied by read_request: the request part "body" is not allowed (allowed: path, queryString)',
  );
});
