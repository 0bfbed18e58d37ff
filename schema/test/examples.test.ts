// The examples in schema/examples/ follow the schemas (the README shows them), and the stored-row schema holds the
// privacy promises that a schema can state: no full IP address, no raw user agent, no field beyond the documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validateBatch } from '../../gtm-server-client/sandbox/validate.ts';
import { compileSchemas } from './schemas.ts';

const example = (file: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8'));
const { batchSchema, storedRowSchema } = compileSchemas();

test('the example batch follows the wire format, by ajv and by the sandbox validator', () => {
  const batch = example('batch.v1.json');
  assert.equal(batchSchema(batch), true, JSON.stringify(batchSchema.errors));
  assert.deepEqual(validateBatch(batch), { envelope: [], events: [[], []] });
});

test('the example stored row follows the stored-row schema', () => {
  assert.equal(storedRowSchema(example('stored-row.v1.json')), true, JSON.stringify(storedRowSchema.errors));
});

test('a stored row with a full IP address breaks the schema; truncated ones follow it', () => {
  const row = example('stored-row.v1.json');
  for (const ip of ['203.0.113.77', '2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::7348', '::ffff:203.0.113.77']) {
    assert.equal(storedRowSchema({ ...row, ip }), false, ip);
  }
  for (const ip of ['203.0.113.0', '2001:db8:85a3::']) assert.equal(storedRowSchema({ ...row, ip }), true, ip);
});

test('a stored row with a raw user-agent string or an unknown field breaks the schema', () => {
  const row = example('stored-row.v1.json');
  assert.equal(storedRowSchema({ ...row, user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' }), false);
  assert.equal(storedRowSchema({ ...row, user_agent: { browser: 'Chrome 124', os: 'Windows', device: 'desktop' } }), false);
  assert.equal(storedRowSchema({ ...row, remote_address: '203.0.113.77' }), false);
});
