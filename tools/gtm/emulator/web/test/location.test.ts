// The page's URL and referrer by component, their query parameters, the document's title and character set, and
// the Google Analytics cookies, with the get_url / get_referrer parts and query keys each read needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateIn, failureIn, pageWith, type Settings } from './helpers.ts';

const URL_ = 'https://shop.example.com/catalog/item.html?utm_source=news+letter&id=1&id=2&e=%C3%A9#reviews';
const ANY: Settings = { get_url: { parts: 'any', queryKeys: 'any' }, get_referrer: { parts: 'any', queryKeys: 'any' } };

test('getUrl gives the whole URL or one component', () => {
  const { container } = pageWith({ page: { url: URL_ } });
  const code = "const getUrl = require('getUrl'); return [getUrl(), getUrl('protocol'), getUrl('host'), getUrl('port'), getUrl('path'), getUrl('query'), getUrl('extension'), getUrl('fragment')];";
  assert.deepEqual(evaluateIn(container, code, ANY), [URL_, 'https', 'shop.example.com', '443', '/catalog/item.html', 'utm_source=news+letter&id=1&id=2&e=%C3%A9', 'html', 'reviews']);
  const plain = pageWith({ page: { url: 'http://localhost:8080/dir/' } }).container;
  assert.deepEqual(evaluateIn(plain, "const getUrl = require('getUrl'); return [getUrl('port'), getUrl('extension'), getUrl('query'), getUrl('fragment')];", ANY), ['8080', '', '', '']);
  assert.match(failureIn(container, "require('getUrl')('hostname');", ANY), /^getUrl: permission denied by get_url: the URL component must be one of .*, not "hostname"$/);
});

test('getReferrerUrl reads the referrer; a page without one gives empty strings', () => {
  const { container } = pageWith({ page: { referrer: 'https://search.example.org/results?q=shoes' } });
  assert.deepEqual(evaluateIn(container, "const r = require('getReferrerUrl'); return [r(), r('host'), r('query')];", ANY), ['https://search.example.org/results?q=shoes', 'search.example.org', 'q=shoes']);
  assert.deepEqual(evaluateIn(pageWith().container, "const r = require('getReferrerUrl'); return [r(), r('host')];", ANY), ['', '']);
});

test('getQueryParameters gives the first value or all of them, decoded; undefined when absent', () => {
  const { container } = pageWith({ page: { url: URL_, referrer: 'https://search.example.org/?q=a+b&q=c' } });
  const code = `
    const q = require('getQueryParameters');
    const r = require('getReferrerQueryParameters');
    return [q('utm_source'), q('id'), q('id', true), q('e'), q('none'), q('none', true), r('q'), r('q', true)];`;
  assert.deepEqual(evaluateIn(container, code, ANY), ['news letter', '1', ['1', '2'], 'é', undefined, undefined, 'a b', ['a b', 'c']]);
  assert.deepEqual(evaluateIn(pageWith().container, "return require('getReferrerQueryParameters')('q');", ANY), undefined);
});

test('get_url and get_referrer are checked by part and query key', () => {
  const { container } = pageWith({ page: { url: URL_, referrer: URL_ } });
  const settings: Settings = { get_url: { parts: ['host', 'query'], queryKeys: ['id'] }, get_referrer: { parts: ['path'] } };
  assert.deepEqual(evaluateIn(container, "return [require('getUrl')('host'), require('getQueryParameters')('id'), require('getReferrerUrl')('path')];", settings), ['shop.example.com', '1', '/catalog/item.html']);
  const denied = (code: string, reason: RegExp) => assert.match(failureIn(container, code, settings), reason);
  denied("require('getUrl')();", /^getUrl: permission denied by get_url: reading the whole URL needs every part, and only host, query are allowed$/);
  denied("require('getUrl')('path');", /^getUrl: permission denied by get_url: the URL part "path" is not allowed \(allowed: host, query\)$/);
  denied("require('getUrl')('query');", /reading the whole query needs every query key, and only id are allowed/);
  denied("require('getQueryParameters')('utm_source');", /^getQueryParameters: permission denied by get_url: the query key "utm_source" is not allowed \(allowed: id\)$/);
  denied("require('getReferrerUrl')('host');", /^getReferrerUrl: permission denied by get_referrer: the URL part "host" is not allowed/);
  denied("require('getReferrerQueryParameters')('id');", /^getReferrerQueryParameters: permission denied by get_referrer: the URL part "query" is not allowed/);
});

test('readTitle and readCharacterSet read the document, with their permissions', () => {
  const { container } = pageWith({ page: { title: 'Checkout – Shop', characterSet: 'windows-1252' } });
  assert.deepEqual(evaluateIn(container, "return [require('readTitle')(), require('readCharacterSet')()];", { read_title: {}, read_character_set: {} }), ['Checkout – Shop', 'windows-1252']);
  assert.match(failureIn(container, "require('readTitle')();", { read_character_set: {} }), /^readTitle: permission denied by read_title: the template does not declare the read_title permission$/);
  assert.match(failureIn(container, "require('readCharacterSet')();", { read_title: {} }), /^readCharacterSet: permission denied by read_character_set/);
});

test('readAnalyticsStorage reads the client id and the sessions of every measurement', () => {
  const READ: Settings = { read_analytics_storage: {} };
  const { container } = pageWith({
    page: {
      url: 'https://www.example.com/',
      cookies: [
        '_ga=GA1.3.111.1700000000; domain=www.example.com',
        '_ga=GA1.2.222.1700000001; domain=example.com',
        '_ga_ABC123=GS1.1.1700000100.7.1.1700000200.0.0.0; domain=example.com',
        '_ga_XYZ=GS2.1.s1700000300$o12$g0$t1700000400$j0$l0$h0; domain=example.com',
        'p_ga=GA1.2.333.1700000002; domain=example.com',
      ],
    },
  });
  assert.deepEqual(evaluateIn(container, "return require('readAnalyticsStorage')();", READ), {
    client_id: '222.1700000001',
    sessions: [
      { measurement_id: 'G-ABC123', session_id: '1700000100', session_number: 7 },
      { measurement_id: 'G-XYZ', session_id: '1700000300', session_number: 12 },
    ],
  });
  assert.deepEqual(evaluateIn(container, "return require('readAnalyticsStorage')({ cookie_domain: 'www.example.com' }).client_id;", READ), '111.1700000000');
  assert.deepEqual(evaluateIn(container, "return require('readAnalyticsStorage')({ cookie_prefix: 'p' });", READ), { client_id: '333.1700000002', sessions: [] });
  assert.equal(evaluateIn(pageWith().container, "return require('readAnalyticsStorage')();", READ), undefined);
  assert.match(failureIn(container, "require('readAnalyticsStorage')();", {}), /permission denied by read_analytics_storage/);
});
