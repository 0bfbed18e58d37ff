// decode.ts is the inverse of encode.ts: every permission of the fixture templates decodes to settings that encode
// back to the same params, params read in any order decode the same, and malformed sections are located.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTemplateFile } from '../../tpl/index.ts';
import { decodeParams, decodePermissionsSection, decodeTypedValue, PermissionDecodeError } from '../decode.ts';
import { encodeParams } from '../encode.ts';
import { kindIn } from '../kinds.ts';
import { bool, list, map, str, type Param } from '../typed-value.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures');

for (const name of ['web-tag', 'web-variable', 'server-client', 'server-tag']) {
  test(`${name}: every permission decodes to settings that encode to the same params`, () => {
    const template = readTemplateFile(readFileSync(join(FIXTURES, name, 'template.tpl'), 'utf8'));
    const decoded = decodePermissionsSection(template.permissions, template.context);
    assert.equal(decoded.length, template.permissions.length);
    decoded.forEach(({ publicId, settings }, i) => {
      const params = (template.permissions[i] as { instance: { param: Param[] } }).instance.param;
      assert.deepEqual(encodeParams(kindIn(publicId, template.context)!, settings), params, publicId);
    });
  });
}

test('web-tag settings decode to what the definition declares (defaults written out)', () => {
  const template = readTemplateFile(readFileSync(join(FIXTURES, 'web-tag', 'template.tpl'), 'utf8'));
  const byId = new Map(decodePermissionsSection(template.permissions, 'WEB').map((d) => [d.publicId, d.settings]));
  assert.deepEqual(byId.get('get_referrer'), { parts: ['host'], queryKeys: 'any' });
  assert.deepEqual(byId.get('read_data_layer'), { keys: ['ecommerce.*', 'event'] });
  assert.deepEqual(byId.get('set_cookies'), { cookies: [{ name: 'fixture_id', domain: '*', path: '/', secure: 'any', session: 'non_session' }] });
  assert.deepEqual(byId.get('access_globals'), {
    keys: [
      { key: 'fixture', read: true, write: true, execute: true },
      { key: 'fixture.q', read: true, write: true, execute: false },
      { key: 'fixtureConfig', read: true, write: false, execute: false },
    ],
  });
  assert.deepEqual(byId.get('read_title'), {});
});

test('params in the order an editing session left them decode like the toolchain order', () => {
  const readRequest = kindIn('read_request', 'SERVER')!;
  // The order of a server export that lists read_request's params as the author edited them.
  const edited: Param[] = [
    { key: 'headerWhitelist', value: list([map([['headerName', str('x-api-key')]])]) },
    { key: 'headersAllowed', value: bool(true) },
    { key: 'requestAccess', value: str('specific') },
    { key: 'headerAccess', value: str('specific') },
    { key: 'queryParameterAccess', value: str('any') },
  ];
  const settings = { parts: ['headers'], headers: ['x-api-key'], queryParameters: 'any' };
  assert.deepEqual(decodeParams(readRequest, edited), settings);
  assert.deepEqual(decodeParams(readRequest, [...edited].reverse()), settings);
});

test("'any' wins over the list it would otherwise hold; 'specific' without a list allows nothing", () => {
  const sendHttp = kindIn('send_http', 'SERVER')!;
  assert.deepEqual(decodeParams(sendHttp, [{ key: 'allowedUrls', value: str('any') }, { key: 'urls', value: list([str('https://a.example/')]) }]), { urls: 'any' });
  assert.deepEqual(decodeParams(sendHttp, [{ key: 'allowedUrls', value: str('specific') }]), { urls: [] });
  assert.deepEqual(decodeParams(sendHttp, [{ key: 'allowGoogleDomains', value: bool(false) }]), { allowGoogleDomains: false });
});

test('record columns GTM left out stay out; optional ones are kept when written', () => {
  const firestore = kindIn('access_firestore', 'SERVER')!;
  const row = map([['projectId', str('*')], ['path', str('users/*')], ['operation', str('read')], ['databaseId', str('(default)')]]);
  assert.deepEqual(decodeParams(firestore, [{ key: 'allowedOptions', value: list([row]) }]), {
    documents: [{ projectId: '*', path: 'users/*', operation: 'read', databaseId: '(default)' }],
  });
});

test('typed values of every type GTM writes', () => {
  assert.equal(decodeTypedValue(str('a')), 'a');
  assert.equal(decodeTypedValue(bool(false)), false);
  assert.deepEqual(decodeTypedValue(list([str('a'), list([bool(true)])])), ['a', [true]]);
  assert.deepEqual(decodeTypedValue(map([['k', str('v')], ['n', map([])]])), { k: 'v', n: {} });
});

test('malformed sections name where they go wrong', () => {
  const error = (section: unknown[]): string => {
    try {
      decodePermissionsSection(section, 'WEB');
    } catch (e) {
      assert.ok(e instanceof PermissionDecodeError);
      return e.message;
    }
    assert.fail('expected a PermissionDecodeError');
  };
  const instance = (publicId: string, param: unknown): unknown => ({ instance: { key: { publicId, versionId: '1' }, param } });
  assert.equal(error([{}]), 'permissions[0]: expected an object with "instance"');
  assert.equal(error([instance('send_http', [])]), 'permissions[0]: send_http is not a permission of web templates');
  assert.equal(error([instance('logging', [{ key: 'environments', value: { type: 9 } }])]), 'permissions.logging.environments: unknown typed-value type 9 (GTM writes 1, 2, 3 and 8)');
  assert.equal(error([instance('logging', [{ key: 'environments', value: 'debug' }])]), 'permissions[0].instance.param[0].value: expected a typed value such as {"type": 1, "string": "…"}');
  assert.equal(error([instance('inject_script', [{ key: 'urls', value: str('https://a/') }])]), 'permissions.inject_script.urls: expected a list');
  assert.equal(
    error([instance('get_cookies', [{ key: 'cookieAccess', value: str('some') }])]),
    'permissions.get_cookies.cookieAccess: expected "any" or "specific", not "some"',
  );
});
