// The permission checker: for every permission kind, a call it allows and calls it denies (with the reason), GTM's
// URL match patterns, and how APIs and queryPermission use the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Context } from '../../api/catalog.ts';
import { PERMISSION_KINDS } from '../../permissions/kinds.ts';
import { PermissionError } from '../errors.ts';
import { Permissions } from '../permissions/checker.ts';
import { RULES } from '../permissions/rules.ts';
import { urlMatchesPattern } from '../permissions/url-pattern.ts';
import { evaluate, failure, section } from './helpers.ts';

interface Case {
  context: Context;
  settings: Record<string, unknown>;
  allowed: unknown[][];
  /** arguments, and a pattern the denial reason matches */
  denied: [unknown[], RegExp][];
  debugMode?: boolean;
}

const covered = new Set<string>();

function kindTest(publicId: string, cases: Case[]): void {
  covered.add(publicId);
  test(publicId, () => {
    for (const { context, settings, allowed, denied, debugMode = false } of cases) {
      const checker = new Permissions(context, section(context, { [publicId]: settings }), { debugMode, googleCloudProject: 'my-project' });
      for (const args of allowed) assert.equal(checker.denial(publicId, args), undefined, `${publicId}(${JSON.stringify(args)}) should be allowed`);
      for (const [args, reason] of denied) {
        assert.match(checker.denial(publicId, args) ?? 'allowed', reason, `${publicId}(${JSON.stringify(args)})`);
        assert.equal(checker.allows(publicId, args), false);
      }
    }
  });
}

kindTest('access_bigquery', [
  {
    context: 'SERVER',
    settings: { tables: [{ projectId: 'GOOGLE_CLOUD_PROJECT', datasetId: '*', tableId: 'events', operation: 'write' }] },
    allowed: [['write', { datasetId: 'a', tableId: 'events' }], ['write', { projectId: 'my-project', datasetId: 'b', tableId: 'events' }]],
    denied: [
      [['write', { projectId: 'other', datasetId: 'a', tableId: 'events' }], /^"write" on the table "other\.a\.events" is not among its tables$/],
      [['write', { datasetId: 'a', tableId: 'users' }], /users/],
      [['read', { datasetId: 'a', tableId: 'events' }], /^"read" on/],
    ],
  },
]);

kindTest('access_consent', [
  {
    context: 'WEB',
    settings: { consentTypes: [{ consentType: 'ad_storage', read: false, write: true }] },
    allowed: [['ad_storage', 'write']],
    denied: [
      [['ad_storage', 'read'], /^the consent type "ad_storage" is listed without read access$/],
      [['analytics_storage', 'read'], /^the consent type "analytics_storage" is not listed \(listed: ad_storage\)$/],
      [['ad_storage', 'update'], /access must be "read" or "write"/],
    ],
  },
]);

kindTest('access_firestore', [
  {
    context: 'SERVER',
    settings: {
      documents: [
        { projectId: 'GOOGLE_CLOUD_PROJECT', path: 'users/*', operation: 'read_write' },
        { projectId: '*', path: 'config/main', operation: 'read' },
      ],
    },
    allowed: [['read', { path: 'users/u1' }], ['write', { path: 'users/u1' }], ['read', { projectId: 'elsewhere', path: 'config/main' }]],
    denied: [
      [['write', { path: 'config/main' }], /^"write" of the document "config\/main" is not among its documents/],
      [['read', { path: 'users/u1/orders/o1' }], /users\/u1\/orders\/o1/],
      [['read', { projectId: 'elsewhere', path: 'users/u1' }], /users\/u1/],
      [['read', {}], /a document path is needed/],
    ],
  },
]);

kindTest('access_globals', [
  {
    context: 'WEB',
    settings: { keys: [{ key: 'pipes', read: true, write: true, execute: false }] },
    allowed: [['read', 'pipes'], ['write', 'pipes'], ['readwrite', 'pipes']],
    denied: [
      [['execute', 'pipes'], /^the global key "pipes" is listed without execute access$/],
      [['read', 'pipes.q'], /^the global key "pipes\.q" is not listed \(listed: pipes\)$/],
      [['delete', 'pipes'], /the access must be "read", "write", "readwrite", "execute"/],
    ],
  },
]);

kindTest('access_local_storage', [
  {
    context: 'WEB',
    settings: { keys: [{ key: 'queue', read: true, write: false }] },
    allowed: [['read', 'queue']],
    denied: [
      [['write', 'queue'], /without write access/],
      [['readwrite', 'queue'], /without write access/],
      [['read', 'other'], /not listed/],
    ],
  },
]);

kindTest('access_response', [
  {
    context: 'SERVER',
    settings: { parts: ['status', 'headers'], headers: ['content-type'] },
    allowed: [['write', 'status'], ['write', 'header', 'Content-Type'], ['write', 'header']],
    denied: [
      [['write', 'body'], /^the response part "body" is not allowed \(allowed: status, headers\)$/],
      [['write', 'header', 'set-cookie'], /^"set-cookie" is not among its allowed headers \(content-type\)$/],
      [['read', 'status'], /access must be "write"/],
    ],
  },
  { context: 'SERVER', settings: { parts: 'any' }, allowed: [['write', 'body'], ['write', 'header', 'x-anything']], denied: [] },
]);

kindTest('get_cookies', [
  { context: 'WEB', settings: { cookies: ['_id'] }, allowed: [['_id']], denied: [[['_ga'], /^the cookie "_ga" is not among its cookies \(_id\)$/], [[1], /cookie \(a string\) is needed/]] },
  { context: 'SERVER', settings: { cookies: 'any' }, allowed: [['anything']], denied: [] },
]);

for (const kind of ['get_url', 'get_referrer']) {
  kindTest(kind, [
    {
      context: 'WEB',
      settings: { parts: ['path', 'query'], queryKeys: ['utm_source'] },
      allowed: [['path'], ['query', 'utm_source']],
      denied: [
        [['host'], /^the URL part "host" is not allowed \(allowed: path, query\)$/],
        [['query', 'gclid'], /^the query key "gclid" is not allowed/],
        [['query'], /whole query needs every query key/],
        [[], /whole URL needs every part/],
        [['nonsense'], /component must be one of/],
      ],
    },
    { context: 'WEB', settings: {}, allowed: [[], ['host'], ['query', 'anything']], denied: [] },
  ]);
}

for (const kind of ['inject_script', 'inject_hidden_iframe']) {
  kindTest(kind, [
    {
      context: 'WEB',
      settings: { urls: ['https://cdn.example.com/lib/*'] },
      allowed: [['https://cdn.example.com/lib/a.js'], ['https://cdn.example.com/lib/']],
      denied: [
        [['https://cdn.example.com/other.js'], /^the URL "https:\/\/cdn\.example\.com\/other\.js" matches none of its URL patterns \(https:\/\/cdn\.example\.com\/lib\/\*\)$/],
        [['http://cdn.example.com/lib/a.js'], /matches none/],
        [[undefined], /a URL \(a string\) is needed/],
      ],
    },
  ]);
}

kindTest('logging', [
  { context: 'WEB', settings: { environments: 'debug' }, debugMode: true, allowed: [[]], denied: [] },
  { context: 'SERVER', settings: { environments: 'debug' }, allowed: [], denied: [[[], /debug and preview mode only/]] },
  { context: 'SERVER', settings: { environments: 'all' }, allowed: [[]], denied: [] },
]);

kindTest('read_data_layer', [
  {
    context: 'WEB',
    settings: { keys: ['ecommerce.*', 'event'] },
    allowed: [['event'], ['ecommerce.items'], ['ecommerce.items.0.id']],
    denied: [
      [['ecommerce'], /^the data layer key "ecommerce" is not among its data layer keys \(ecommerce\.\*, event\)$/],
      [['user'], /"user"/],
    ],
  },
  { context: 'WEB', settings: { keys: 'any' }, allowed: [['anything.at.all']], denied: [] },
]);

kindTest('read_event_data', [
  { context: 'SERVER', settings: { keys: ['page_*', 'event_name'] }, allowed: [['page_location'], ['event_name']], denied: [[['user_id'], /event data key "user_id"/]] },
]);

kindTest('read_request', [
  {
    context: 'SERVER',
    settings: { parts: ['headers', 'body'], headers: ['user-agent'] },
    allowed: [['body'], ['header', 'User-Agent'], ['headers'], ['headers', 'user-agent']],
    denied: [
      [['header', 'cookie'], /^"cookie" is not among its allowed headers \(user-agent\)$/],
      [['path'], /^the request part "path" is not allowed \(allowed: body, headers\)$/],
      [['query_parameter', 'x'], /"queryParameters" is not allowed/],
      [['cookies'], /component must be one of/],
    ],
  },
  { context: 'SERVER', settings: { parts: ['queryParameters'], queryParameters: ['id'] }, allowed: [['query_parameter', 'id'], ['queryParameters']], denied: [[['query_parameter', 'other'], /"other"/]] },
]);

kindTest('send_http', [
  {
    context: 'SERVER',
    settings: { urls: ['https://storage.googleapis.com/upload/storage/v1/*'] },
    allowed: [['https://storage.googleapis.com/upload/storage/v1/b/x/o?name=y']],
    denied: [
      [['https://storage.googleapis.com/storage/v1/b/x'], /matches none/],
      [['https://www.google-analytics.com/g/collect'], /matches none/],
    ],
  },
  { context: 'SERVER', settings: { urls: ['https://api.example.com/'], allowGoogleDomains: true }, allowed: [['https://www.google-analytics.com/g/collect'], ['https://api.example.com/v1']], denied: [[['https://evil.example/'], /matches none/]] },
  { context: 'SERVER', settings: { urls: 'any' }, allowed: [['https://anywhere.example/x']], denied: [] },
]);

for (const kind of ['send_pixel', 'send_pixel_from_browser']) {
  const context: Context = kind === 'send_pixel' ? 'WEB' : 'SERVER';
  kindTest(kind, [
    { context, settings: { urls: ['https://*.pixel.example/*'] }, allowed: [['https://a.pixel.example/p?x=1']], denied: [[['https://pixel.example/p'], /matches none/]] },
    { context, settings: { urls: 'any' }, allowed: [['https://anywhere.example/p']], denied: [] },
  ]);
}

kindTest('set_cookies', [
  {
    context: 'WEB',
    settings: { cookies: [{ name: '_id', domain: 'example.com', path: '/', secure: 'secure', session: 'non_session' }] },
    allowed: [['_id', { domain: 'example.com', path: '/', secure: true, 'max-age': 10 }], ['_id', { domain: '.Example.com', secure: true, expires: 'Fri, 01 Jan 2100 00:00:00 GMT' }]],
    denied: [
      [['_id', { domain: 'other.com', secure: true, 'max-age': 1 }], /^the cookie "_id" may not be set with domain "other\.com" \(allowed: example\.com\)$/],
      [['_id', { domain: 'example.com', path: '/x', secure: true, 'max-age': 1 }], /path "\/x"/],
      [['_id', { domain: 'example.com', 'max-age': 1 }], /without secure/],
      [['_id', { domain: 'example.com', secure: true }], /a session cookie/],
      [['_other', {}], /^the cookie "_other" is not among its cookies \(_id\)$/],
    ],
  },
  { context: 'SERVER', settings: { cookies: [{ name: '_id' }] }, allowed: [['_id'], ['_id', { domain: 'auto', path: '/a' }]], denied: [] },
]);

kindTest('use_custom_private_keys', [{ context: 'SERVER', settings: { keyIds: ['k1'] }, allowed: [['k1']], denied: [[['k2'], /private key id "k2"/]] }]);

kindTest('use_google_credentials', [
  {
    context: 'SERVER',
    settings: { scopes: ['https://www.googleapis.com/auth/devstorage.read_write'] },
    allowed: [['https://www.googleapis.com/auth/devstorage.read_write'], [['https://www.googleapis.com/auth/devstorage.read_write']]],
    denied: [[[['https://www.googleapis.com/auth/devstorage.read_write', 'https://www.googleapis.com/auth/cloud-platform']], /cloud-platform/], [[5], /OAuth scopes/]],
  },
]);

kindTest('use_message', [
  {
    context: 'SERVER',
    settings: { messages: [{ type: 'stored', action: 'send' }] },
    allowed: [['send', 'stored']],
    denied: [
      [['listen', 'stored'], /^the message type "stored" is not allowed for listen$/],
      [['listen_and_send', 'stored'], /listen_and_send/],
      [['send', 'other'], /"other"/],
      [['shout', 'stored'], /usage must be/],
    ],
  },
  { context: 'SERVER', settings: { messages: [{ type: 'stored', action: 'listen_and_send' }] }, allowed: [['listen', 'stored'], ['listen_and_send', 'stored']], denied: [] },
]);

kindTest('write_data_layer', [{ context: 'WEB', settings: { keys: ['developer_id.*'] }, allowed: [['developer_id.abc']], denied: [[['ads_data_redaction'], /"ads_data_redaction"/]] }]);

test('kinds without settings allow everything once declared, and nothing otherwise', () => {
  for (const kind of PERMISSION_KINDS.filter((k) => k.params.length === 0)) {
    const context = kind.contexts[0]!;
    assert.equal(new Permissions(context, section(context, { [kind.publicId]: {} }), { debugMode: false, googleCloudProject: undefined }).denial(kind.publicId, []), undefined);
    assert.equal(new Permissions(context, [], { debugMode: false, googleCloudProject: undefined }).denial(kind.publicId, []), `the template does not declare the ${kind.publicId} permission`);
  }
});

test('every kind with settings has a rule, and a test above', () => {
  const configurable = PERMISSION_KINDS.filter((k) => k.params.length > 0).map((k) => k.publicId);
  assert.deepEqual(Object.keys(RULES).sort(), [...new Set(configurable)].sort());
  assert.deepEqual([...covered].sort(), [...new Set(configurable)].sort());
});

test('a kind of the other context is no permission here', () => {
  const checker = new Permissions('WEB', [], { debugMode: false, googleCloudProject: undefined });
  assert.equal(checker.denial('send_http', ['https://a.example/']), 'send_http is not a permission of web templates');
});

test('URL match patterns: scheme, host with *. for subdomains, path as a prefix with * wildcards', () => {
  const cases: [string, string, boolean][] = [
    ['https://example.com/', 'https://example.com/', true],
    ['https://example.com/', 'https://example.com/any/path?q=1', true],
    ['https://example.com/lib/', 'https://example.com/library.js', false],
    ['https://example.com/lib', 'https://example.com/library.js', true],
    ['https://example.com/a/*/c', 'https://example.com/a/b/c/d', true],
    ['https://example.com/a/*/c', 'https://example.com/a/b/d', false],
    ['https://*.example.com/*', 'https://www.example.com/x', true],
    ['https://*.example.com/*', 'https://a.b.example.com/x', true],
    ['https://*.example.com/*', 'https://example.com/x', false],
    ['https://*.example.com/*', 'https://badexample.com/x', false],
    ['https://example.com/*', 'http://example.com/x', false],
    ['https://example.com/*', 'https://EXAMPLE.com/x', true],
    ['https://example.com:8443/*', 'https://example.com:8443/x', true],
    ['https://example.com:8443/*', 'https://example.com/x', false],
    ['https://example.com/p?id=*', 'https://example.com/p?id=3', true],
    // a bare * host: any host (published templates whose script URL the user sets, e.g. https://*/scripts/main.js)
    ['https://*/*', 'https://sgtm.shop.example/p/pipes.js', true],
    ['https://*/*', 'http://sgtm.shop.example/p/pipes.js', false],
    ['https://*/scripts/*', 'https://any.example/other.js', false],
    ['https://example.com/*', 'not a url', false],
    ['example.com/*', 'https://example.com/x', false],
  ];
  for (const [pattern, url, expected] of cases) assert.equal(urlMatchesPattern(url, pattern), expected, `${pattern} vs ${url}`);
});

test('APIs refuse calls their permission does not allow, naming the API, the permission and the argument', () => {
  const error = failure("require('templateDataStorage').setItemCopy('k', 1);", { permissions: [] });
  assert.ok(error instanceof PermissionError);
  assert.equal(error.message, 'templateDataStorage.setItemCopy: permission denied by access_template_storage: the template does not declare the access_template_storage permission');
  assert.equal(error.permission, 'access_template_storage');
  const logging = section('SERVER', { logging: { environments: 'debug' } });
  assert.match(failure("require('getContainerVersion')();", { permissions: logging }).message, /^getContainerVersion: permission denied by read_container_data/);
});

test('queryPermission answers from the same checker, without throwing', () => {
  const permissions = section('WEB', { inject_script: { urls: ['https://cdn.example.com/*'] }, get_cookies: { cookies: ['_id'] } });
  const code = `const q = require('queryPermission');
    return [q('inject_script', 'https://cdn.example.com/x.js'), q('inject_script', 'https://evil.example/x.js'), q('get_cookies', '_id'),
            q('get_cookies', '_other'), q('send_pixel', 'https://cdn.example.com/'), q('no_such_permission'), q('send_http', 'https://cdn.example.com/')];`;
  assert.deepEqual(evaluate(code, { context: 'WEB', permissions }), [true, false, true, false, false, false, false]);
});

test('logToConsole logs with environments all, and with debug only in debug mode, where it is silent otherwise', () => {
  const lines: unknown[][] = [];
  const host = (debugMode: boolean) => ({ debugMode, log: (args: readonly unknown[]) => void lines.push([...args]) });
  const code = "require('logToConsole')('hello', { n: [1] }); return 'done';";
  assert.equal(evaluate(code, { permissions: section('SERVER', { logging: { environments: 'debug' } }), host: host(false) }), 'done');
  assert.deepEqual(lines, []);
  evaluate(code, { permissions: section('SERVER', { logging: { environments: 'debug' } }), host: host(true) });
  evaluate(code, { permissions: section('SERVER', { logging: { environments: 'all' } }), host: host(false) });
  assert.deepEqual(lines, [['hello', { n: [1] }], ['hello', { n: [1] }]]);
  assert.match(failure(code, { permissions: [] }).message, /^logToConsole: permission denied by logging: the template does not declare the logging permission$/);
});

test('a malformed permissions section keeps the sandbox from loading', () => {
  assert.throws(() => new Permissions('WEB', [{ instance: {} }], { debugMode: false, googleCloudProject: undefined }), /the template's permissions cannot be read: permissions\[0\]\.instance: expected an object with "key"/);
});
