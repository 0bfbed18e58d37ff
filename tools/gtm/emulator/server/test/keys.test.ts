// hmacSha256 with keys from the file SGTM_CREDENTIALS names, and use_custom_private_keys.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionError } from '../../errors.ts';
import { keysFromEnvironment, parseKeyFile } from '../private-keys.ts';
import { serverError, serverRun, serverValue } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'pipes-sgtm-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const keyFile = join(dir, 'credentials.json');
writeFileSync(keyFile, JSON.stringify({ keys: { k1: KEY.toString('base64'), k2: Buffer.from('other').toString('base64') } }));
const env = { SGTM_CREDENTIALS: keyFile };
const expected = (encoding: 'hex' | 'base64' | 'base64url') => createHmac('sha256', KEY).update('user-42').digest(encoding);

test('hmacSha256 signs with the key of that id from the SGTM_CREDENTIALS file; base64url unless told otherwise', () => {
  const code = `const hmac = require('hmacSha256');
    return [hmac('user-42', 'k1'), hmac('user-42', 'k1', { outputEncoding: 'hex' }), hmac('user-42', 'k1', { outputEncoding: 'base64' })];`;
  assert.deepEqual(serverValue(code, { settings: { env } }), [expected('base64url'), expected('hex'), expected('base64')]);
});

test('hmacSha256 says what is missing: the key file, the key, a valid encoding', () => {
  assert.equal(
    serverError("require('hmacSha256')('x', 'k1');", { settings: { env: {} } }),
    'hmacSha256: no keys are configured: set SGTM_CREDENTIALS to the path of a JSON key file {"keys": {"<keyId>": "<base64 key>"}}',
  );
  assert.equal(serverError("require('hmacSha256')('x', 'k1');", { settings: { env: { SGTM_CREDENTIALS: join(dir, 'none.json') } } }), `hmacSha256: ENOENT: no such file or directory, open '${join(dir, 'none.json')}'`);
  const permissions = { use_custom_private_keys: { keyIds: ['k1', 'k3'] } };
  assert.equal(serverError("require('hmacSha256')('x', 'k3');", { permissions, settings: { env } }), 'hmacSha256: the key file has no key "k3" (it has k1, k2)');
  assert.equal(serverError("require('hmacSha256')('x', 'k1', { outputEncoding: 'latin1' });", { settings: { env } }), "hmacSha256: options.outputEncoding must be 'hex', 'base64', 'base64url', not \"latin1\"");
  assert.equal(serverError("require('hmacSha256')(1, 'k1');", { settings: { env } }), 'hmacSha256: argument 1 (data) must be a string, not number 1');
});

test('use_custom_private_keys allows the key ids it lists', () => {
  const { error } = serverRun("require('hmacSha256')('x', 'k2');", { settings: { env } });
  assert.ok(error instanceof PermissionError);
  assert.equal(error.message, 'hmacSha256: permission denied by use_custom_private_keys: the private key id "k2" is not among its private key ids (k1)');
  assert.equal(serverError("require('hmacSha256')('x', 'k1');", { permissions: {}, settings: { env } }), 'hmacSha256: permission denied by use_custom_private_keys: the template does not declare the use_custom_private_keys permission');
});

test('the key file format: {"keys": {id: base64}}', () => {
  assert.deepEqual([...parseKeyFile('{"keys":{"a":"AAEC"}}', 'f')], [['a', Buffer.from([0, 1, 2])]]);
  assert.throws(() => parseKeyFile('{"a":"AAEC"}', 'the file'), /^Error: the file needs a "keys" object: \{"keys": \{"my_key": "<base64>"\}\}$/);
  assert.throws(() => parseKeyFile('{"keys":{"a":7}}', 'the file'), /^Error: the file: the key "a" must be a base64 string$/);
  assert.throws(() => parseKeyFile('{', 'the file'), /^Error: the file is not JSON/);
  assert.deepEqual([...(keysFromEnvironment(env) as Map<string, Buffer>).keys()], ['k1', 'k2']);
});
