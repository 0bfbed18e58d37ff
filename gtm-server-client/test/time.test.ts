// The sandbox has no Date, so sandbox/time.ts does calendar arithmetic itself; here it is compared with Date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoTimestamp, partitionOf, timestampMillis } from '../sandbox/time.ts';

test('isoTimestamp writes what Date.toISOString writes, across centuries and leap days', () => {
  const moments = [0, 951782400000, 951868799999, 1709164800000, 1747945830456, 4102444800000, 253402300799999];
  for (let i = 0; i < 2000; i++) moments.push(Math.floor(Math.random() * 253402300799999));
  for (const ms of moments) assert.equal(isoTimestamp(ms), new Date(ms).toISOString(), String(ms));
});

test('timestampMillis reads RFC 3339 timestamps as Date.parse does, offsets and fractions included', () => {
  const cases = [
    '2025-05-22T20:30:30.456Z',
    '2025-05-22T20:30:30Z',
    '2024-02-29T23:59:59.999+01:00',
    '2000-01-01T00:00:00.1-05:30',
    '1999-12-31T23:59:59.123456789Z',
    '2025-05-22T20:30:30.45+14:00',
  ];
  for (const text of cases) assert.equal(timestampMillis(text), Date.parse(text), text);
  for (let i = 0; i < 2000; i++) {
    const iso = new Date(Math.floor(Math.random() * 4102444800000)).toISOString();
    assert.equal(timestampMillis(iso), Date.parse(iso), iso);
  }
});

test('partitionOf gives the UTC date and hour', () => {
  assert.deepEqual(partitionOf(1747945830456), { dt: '2025-05-22', hr: '20' });
  assert.deepEqual(partitionOf(Date.UTC(2024, 11, 31, 23, 59, 59, 999)), { dt: '2024-12-31', hr: '23' });
  assert.deepEqual(partitionOf(Date.UTC(2025, 0, 1)), { dt: '2025-01-01', hr: '00' });
});
