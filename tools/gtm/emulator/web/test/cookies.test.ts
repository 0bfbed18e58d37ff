// Cookies: the in-memory page's cookie store follows the browser's rules, getCookieValues reads what the page
// gives, setCookie writes with every option (domain 'auto' resolved by probing), and get_cookies / set_cookies
// checks use the cookie's real domain, path, secure flag and lifetime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CookieJar } from '../cookie-jar.ts';
import { evaluateIn, failureIn, pageWith, type Settings } from './helpers.ts';

const NOW = Date.UTC(2026, 0, 1);

test('the cookie store refuses what browsers refuse', () => {
  const jar = new CookieJar(() => NOW);
  const https = new URL('https://shop.example.co.uk/cart/items');
  const http = new URL('http://shop.example.co.uk/');
  assert.equal(jar.write('a=1; domain=co.uk', https), false, 'a public suffix');
  assert.equal(jar.write('a=1; domain=other.com', https), false, 'a domain that does not cover the host');
  assert.equal(jar.write('a=1; secure', http), false, 'secure from an insecure page');
  assert.equal(jar.write('a=1; samesite=None', https), false, 'SameSite=None without Secure');
  assert.equal(jar.write('a=1; httponly', https), false, 'HttpOnly from script');
  assert.equal(jar.write('novalue', https), false);
  assert.equal(jar.write('a=1; domain=.example.co.uk; path=/; secure; samesite=Lax; max-age=60', https), true);
  assert.equal(jar.write('b=2', https), true);
  assert.deepEqual(jar.list(), [
    { name: 'a', value: '1', domain: 'example.co.uk', hostOnly: false, path: '/', expires: NOW + 60_000, secure: true, sameSite: 'Lax' },
    { name: 'b', value: '2', domain: 'shop.example.co.uk', hostOnly: true, path: '/cart', expires: undefined, secure: false, sameSite: undefined },
  ]);
  // secure cookies are not shown to insecure pages; path-scoped ones only under their path, longest path first
  assert.equal(jar.read(https), 'b=2; a=1');
  assert.equal(jar.read(http), '');
  assert.equal(jar.read(new URL('https://www.example.co.uk/')), 'a=1');
  // localhost counts as secure, as in Chromium
  assert.equal(jar.write('s=1; secure', new URL('http://localhost:8080/')), true);
});

test('Max-Age wins over Expires, and an expiry in the past deletes', () => {
  let now = NOW;
  const jar = new CookieJar(() => now);
  const url = new URL('https://example.com/');
  jar.write(`a=1; expires=${new Date(NOW + 3_600_000).toUTCString()}; max-age=10`, url);
  assert.equal(jar.list()[0]!.expires, NOW + 10_000);
  now += 10_001;
  assert.equal(jar.read(url), '');
  jar.write('b=1; path=/', url);
  jar.write(`b=; path=/; expires=${new Date(0).toUTCString()}`, url);
  assert.deepEqual(jar.list(), []);
});

const READ = (names: 'any' | string[]): Settings => ({ get_cookies: { cookies: names } });

test('getCookieValues gives every value of the name, decoded unless asked not to', () => {
  const { container } = pageWith({ page: { cookies: ['id=a%20b; path=/', 'id=c; path=/x', 'other=1', 'bad=%E0%A4%A'] } });
  assert.deepEqual(evaluateIn(container, "return require('getCookieValues')('id');", READ(['id'])), ['a b']);
  assert.deepEqual(
    evaluateIn(pageWith({ page: { url: 'https://www.example.com/x/y', cookies: ['id=a%20b; path=/', 'id=c; path=/x'] } }).container, "return require('getCookieValues')('id', false);", READ('any')),
    ['c', 'a%20b'],
  );
  assert.deepEqual(evaluateIn(container, "return [require('getCookieValues')('bad'), require('getCookieValues')('none')];", READ('any')), [['%E0%A4%A'], []]);
  assert.match(failureIn(container, "require('getCookieValues')('other');", READ(['id'])), /^getCookieValues: permission denied by get_cookies: the cookie "other" is not among its cookies \(id\)$/);
});

const WRITE = (records: Record<string, unknown>[]): Settings => ({ set_cookies: { cookies: records } });

test("setCookie with domain 'auto' (or none given) takes the broadest domain the page accepts", () => {
  const { page, container } = pageWith({ page: { url: 'https://www.shop.example.co.uk/', now: () => NOW } });
  const code = `
    const setCookie = require('setCookie');
    setCookie('auto', 'x y', { domain: 'auto', path: '/', 'max-age': 3600, secure: true, samesite: 'Lax' });
    setCookie('implicit', 'v');
    setCookie('host', 'v', { domain: 'none' });
    setCookie('named', 'a;b', { domain: 'shop.example.co.uk', path: '/cart', expires: 'Thu, 01 Jan 2099 00:00:00 GMT' }, false);`;
  evaluateIn(container, code, WRITE(['auto', 'implicit', 'host', 'named'].map((name) => ({ name }))));
  const byName = Object.fromEntries(page.cookies().map((c) => [c.name, c]));
  assert.deepEqual(byName['auto'], { name: 'auto', value: 'x%20y', domain: 'example.co.uk', hostOnly: false, path: '/', expires: NOW + 3_600_000, secure: true, sameSite: 'Lax' });
  assert.equal(byName['implicit']?.domain, 'example.co.uk');
  assert.deepEqual([byName['host']?.domain, byName['host']?.hostOnly], ['www.shop.example.co.uk', true]);
  // without encoding the value ends at the semicolon, as document.cookie would have it
  assert.deepEqual([byName['named']?.value, byName['named']?.domain, byName['named']?.path, byName['named']?.expires], ['a', 'shop.example.co.uk', '/cart', Date.UTC(2099, 0, 1)]);
  // the probe leaves nothing behind
  assert.deepEqual(Object.keys(byName).sort(), ['auto', 'host', 'implicit', 'named']);
});

test("setCookie on localhost or an IP address sets a host-only cookie for 'auto'", () => {
  for (const url of ['http://localhost:3000/', 'http://127.0.0.1:3000/']) {
    const { page, container } = pageWith({ page: { url } });
    evaluateIn(container, "require('setCookie')('id', '1', { domain: 'auto' });", WRITE([{ name: 'id' }]));
    assert.deepEqual(page.cookies().map((c) => [c.domain, c.hostOnly]), [[new URL(url).hostname, true]]);
  }
});

test('setCookie with an expiry in the past deletes the cookie', () => {
  const { page, container } = pageWith({ page: { cookies: ['id=1; path=/; domain=example.com'] } });
  evaluateIn(container, "require('setCookie')('id', '', { 'max-age': 0 });", WRITE([{ name: 'id' }]));
  assert.deepEqual(page.cookies(), []);
});

test('setCookie checks its arguments', () => {
  const { container } = pageWith();
  const settings = WRITE([{ name: 'id' }]);
  assert.match(failureIn(container, "require('setCookie')('id', 1);", settings), /^setCookie: argument 2 \(value\) must be a string, not number 1$/);
  assert.match(failureIn(container, "require('setCookie')('id', '1', { 'max-age': '60' });", settings), /options\.max-age\) must be a number or left out/);
  assert.match(failureIn(container, "require('setCookie')('id', '1', {}, 'no');", settings), /argument 4 \(encode\) must be a boolean/);
});

test('set_cookies is checked with the domain, path, secure flag and lifetime the cookie really gets', () => {
  const { container } = pageWith({ page: { url: 'https://www.example.com/' } });
  const settings = WRITE([{ name: 'id', domain: 'example.com', path: '/', secure: 'secure', session: 'non_session' }]);
  assert.equal(evaluateIn(container, "require('setCookie')('id', '1', { secure: true, 'max-age': 60 }); return true;", settings), true);
  const denied = (options: string, reason: RegExp) => assert.match(failureIn(container, `require('setCookie')('id', '1', ${options});`, settings), reason);
  denied("{ domain: 'none', secure: true, 'max-age': 60 }", /^setCookie: permission denied by set_cookies: the cookie "id" may not be set with domain "www\.example\.com" \(allowed: example\.com\)$/);
  denied("{ path: '/cart', secure: true, 'max-age': 60 }", /path "\/cart" \(allowed: \/\)/);
  denied("{ 'max-age': 60 }", /a cookie without secure/);
  denied('{ secure: true }', /a session cookie/);
  assert.match(failureIn(container, "require('setCookie')('other', '1');", settings), /the cookie "other" is not among its cookies \(id\)/);
});
