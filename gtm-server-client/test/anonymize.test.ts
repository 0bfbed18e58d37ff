// The plain anonymizers (no GTM APIs inside), tested directly; redaction needs createRegex and is covered by the
// template's own ___TESTS___.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { truncateIp } from '../sandbox/anonymize/ip.ts';
import { isUrlLike, reduceUrl } from '../sandbox/anonymize/url.ts';
import { looksLikeBot, reduceUserAgent } from '../sandbox/anonymize/user-agent.ts';

test('IPv4 addresses keep their /24 network only', () => {
  assert.equal(truncateIp('203.0.113.77'), '203.0.113.0');
  assert.equal(truncateIp(' 10.1.2.255 '), '10.1.2.0');
  assert.equal(truncateIp('::ffff:198.51.100.23'), '198.51.100.0');
});

test('IPv6 addresses keep their /48 network only, however they are written', () => {
  assert.equal(truncateIp('2001:0db8:85a3:08d3:1319:8a2e:0370:7348'), '2001:db8:85a3::');
  assert.equal(truncateIp('2001:db8::1'), '2001:db8:0::');
  assert.equal(truncateIp('[2001:db8:85a3::7348]'), '2001:db8:85a3::');
  assert.equal(truncateIp('fe80::1%eth0'), 'fe80:0:0::');
  assert.equal(truncateIp('::1'), '0:0:0::');
  assert.equal(truncateIp('64:ff9b::192.0.2.33'), '64:ff9b:0::');
});

test('anything that is not an address is dropped, never stored as it came', () => {
  for (const text of ['', 'unknown', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1.2.3.4:8080', '2001:db8::1::2', '1:2:3:4:5:6:7:8:9', 'g::1', '12345::1']) {
    assert.equal(truncateIp(text), undefined, text);
  }
});

test('URLs keep scheme, host, path and allow-listed parameters; fragments and credentials go', () => {
  const allow = ['utm_*', 'ref'];
  assert.equal(reduceUrl('https://www.example.com/p?utm_source=a&gclid=x&ref=home&utm_medium=b#top', allow), 'https://www.example.com/p?utm_source=a&ref=home&utm_medium=b');
  assert.equal(reduceUrl('https://user:secret@example.com/a?b=1', allow), 'https://example.com/a');
  assert.equal(reduceUrl('https://example.com/#/route?utm_source=x', allow), 'https://example.com/');
  assert.equal(reduceUrl('/search?q=shoes&utm_campaign=s', allow), '/search?utm_campaign=s');
  assert.equal(reduceUrl('https://example.com/?references=1&ref=2', allow), 'https://example.com/?ref=2');
  assert.equal(reduceUrl('https://example.com/a@b?x=1', []), 'https://example.com/a@b');
});

test('only strings shaped like URLs are treated as URLs', () => {
  assert.equal(isUrlLike('https://example.com/x'), true);
  assert.equal(isUrlLike('HTTP://EXAMPLE.COM'), true);
  assert.equal(isUrlLike('/checkout?step=2'), true);
  assert.equal(isUrlLike('/ is it?'), false);
  assert.equal(isUrlLike('what? no'), false);
  assert.equal(isUrlLike('mailto:a@b.example'), false);
});

test('user agents are reduced to browser family, OS and device class', () => {
  const cases: [string, ReturnType<typeof reduceUserAgent>][] = [
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', { browser: 'Chrome', os: 'Windows', device: 'desktop' }],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67', { browser: 'Edge', os: 'Windows', device: 'desktop' }],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', { browser: 'Safari', os: 'macOS', device: 'desktop' }],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1', { browser: 'Chrome', os: 'iOS', device: 'mobile' }],
    ['Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', { browser: 'Safari', os: 'iOS', device: 'tablet' }],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36', { browser: 'Chrome', os: 'Android', device: 'mobile' }],
    ['Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Safari/537.36', { browser: 'Samsung Internet', os: 'Android', device: 'tablet' }],
    ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', { browser: 'Firefox', os: 'Linux', device: 'desktop' }],
    ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', { browser: 'Chrome', os: 'ChromeOS', device: 'desktop' }],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', { browser: 'Other', os: 'Other', device: 'bot' }],
    ['', { browser: 'Other', os: 'Other', device: 'other' }],
  ];
  for (const [ua, expected] of cases) assert.deepEqual(reduceUserAgent(ua), expected, ua);
});

test('bots are recognised from what they announce; browsers are not', () => {
  for (const ua of ['curl/8.5.0', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36', 'python-requests/2.31', 'Mozilla/5.0 (compatible; bingbot/2.0)']) {
    assert.equal(looksLikeBot(ua), true, ua);
  }
  assert.equal(looksLikeBot('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'), false);
});
