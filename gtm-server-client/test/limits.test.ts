import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exceedsBytes, limitIssues, nestsDeeperThan } from '../sandbox/limits.ts';

test('exceedsBytes counts UTF-8 bytes as Buffer does', () => {
  const texts = ['', 'abc', 'é', '日本', '😀', 'a😀é日', '\uD800x', 'x'.repeat(100), '日'.repeat(50)];
  for (const text of texts) {
    const bytes = Buffer.byteLength(text, 'utf8');
    for (const max of [bytes - 1, bytes, bytes + 1, Math.floor(bytes / 2)]) {
      if (max >= 0) assert.equal(exceedsBytes(text, max), bytes > max, `${JSON.stringify(text)} vs ${max}`);
    }
  }
});

test('nesting depth counts objects and lists, and stops looking past the limit', () => {
  assert.equal(nestsDeeperThan({ a: 1 }, 1), false);
  assert.equal(nestsDeeperThan({ a: { b: 1 } }, 1), true);
  assert.equal(nestsDeeperThan({ a: [1] }, 2), false);
  assert.equal(nestsDeeperThan({ a: [[1]] }, 2), true);
  let deep: unknown = 1;
  for (let i = 0; i < 100000; i++) deep = [deep];
  assert.equal(nestsDeeperThan(deep, 5), true);
});

test('limitIssues reports depth, size and age', () => {
  const now = Date.parse('2025-05-22T20:30:30.456Z');
  const limits = { maxPropertyDepth: 2, maxPropertyBytes: 30, maxAgeMs: 7200000 };
  const event = (properties: unknown, ts: string) => ({ properties, ts });
  assert.deepEqual(limitIssues(event({ a: 1 }, '2025-05-22T20:00:00Z'), now, limits), []);
  assert.deepEqual(limitIssues(event({ a: { b: { c: 1 } } }, '2025-05-22T20:00:00Z'), now, limits), ['/properties: nested deeper than 2 levels']);
  assert.deepEqual(limitIssues(event({ a: 'x'.repeat(30) }, '2025-05-22T20:00:00Z'), now, limits), ['/properties: larger than 30 bytes of JSON']);
  assert.deepEqual(limitIssues(event({}, '2025-05-22T18:00:00Z'), now, limits), ['/ts: more than 2 hours old']);
  assert.deepEqual(limitIssues(event({}, '2025-05-23T21:00:00Z'), now, limits), ['/ts: more than 24 hours in the future']);
});
