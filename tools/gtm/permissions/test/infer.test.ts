import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferPermissions, type InferInput } from '../infer.ts';

const at = (name: string, line: number, column = 1) => ({ name, line, column });
const ids = (input: InferInput): string[] =>
  inferPermissions(input).permissions.map((entry) => entry.instance.key.publicId);

test('kinds without configuration, logging and get_url are added without being declared', () => {
  const result = inferPermissions({
    context: 'SERVER',
    usedApis: [at('runContainer', 3), at('returnResponse', 9), at('logToConsole', 1), at('getContainerVersion', 2), at('claimRequest', 4)],
    settings: {},
  });
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    result.permissions.map((entry) => entry.instance.key.publicId),
    ['logging', 'read_container_data', 'return_response', 'run_container'],
  );
  const logging = result.permissions[0]!;
  assert.deepEqual(logging.instance.param, [{ key: 'environments', value: { type: 1, string: 'debug' } }]);
  assert.equal(logging.clientAnnotations, undefined);

  const web = inferPermissions({ context: 'WEB', usedApis: [at('getUrl', 1), at('readTitle', 2)], settings: {} });
  assert.deepEqual(web.problems, []);
  assert.deepEqual(web.permissions.map((entry) => entry.instance.key.publicId), ['get_url', 'read_title']);
});

test('a declared setting marks the permission as edited by the user', () => {
  const { permissions, problems } = inferPermissions({
    context: 'WEB',
    usedApis: [at('logToConsole', 1)],
    settings: { logging: { environments: 'all' } },
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(permissions[0]!.clientAnnotations, { isEditedByUser: true });
});

test('a permission that needs values and is not declared is reported at the first API that needs it', () => {
  const { permissions, problems } = inferPermissions({
    context: 'SERVER',
    usedApis: [at('sendHttpRequest', 40, 5), at('sendHttpGet', 12, 3)],
    settings: {},
  });
  assert.deepEqual(permissions, []);
  assert.equal(problems.length, 1);
  const [problem] = problems;
  assert.equal(problem!.api, 'sendHttpGet');
  assert.equal(problem!.permission, 'send_http');
  assert.deepEqual([problem!.line, problem!.column], [12, 3]);
  assert.match(problem!.message, /^sendHttpGet needs the send_http permission/);
  assert.match(problem!.message, /send_http: \{ urls: \['https:\/\/storage\.googleapis\.com\/\*'\] \}/);
});

test('several APIs sharing one permission give one entry', () => {
  const { permissions, problems } = inferPermissions({
    context: 'SERVER',
    usedApis: [at('getRequestPath', 1), at('getRequestBody', 2), at('getRequestHeader', 3), at('getRequestPath', 7)],
    settings: { read_request: { parts: ['body', 'headers', 'path'], headers: ['origin'] } },
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(permissions.map((entry) => entry.instance.key.publicId), ['read_request']);
});

test('a declared permission that no used API needs is reported', () => {
  const { permissions, problems } = inferPermissions({
    context: 'WEB',
    usedApis: [at('injectScript', 2)],
    settings: { inject_script: { urls: ['https://sgtm.example.com/p/pipes.js'] }, send_pixel: { urls: 'any' } },
  });
  assert.deepEqual(permissions.map((entry) => entry.instance.key.publicId), ['inject_script']);
  assert.deepEqual(problems, [
    { message: 'unused permission send_pixel: no API the code uses needs it: remove it', permission: 'send_pixel' },
  ]);
});

test('an API of the other context is reported where it is used', () => {
  const { permissions, problems } = inferPermissions({ context: 'SERVER', usedApis: [at('injectScript', 6, 14)], settings: {} });
  assert.deepEqual(permissions, []);
  assert.deepEqual(problems, [
    {
      message: 'injectScript exists only in web templates: remove it from this server template',
      line: 6,
      column: 14,
      api: 'injectScript',
    },
  ]);
  const web = inferPermissions({ context: 'WEB', usedApis: [at('getRequestBody', 1)], settings: {} });
  assert.equal(web.problems[0]!.message, 'getRequestBody exists only in server templates: remove it from this web template');
});

test('an unknown API is reported', () => {
  const { problems } = inferPermissions({ context: 'WEB', usedApis: [at('injectScripts', 2, 3)], settings: {} });
  assert.deepEqual(problems.map((problem) => [problem.api, problem.line, problem.column]), [['injectScripts', 2, 3]]);
  assert.match(problems[0]!.message, /is not an API of GTM's sandbox/);
});

test('a declared permission the context lacks, or no context has, is reported', () => {
  const { problems } = inferPermissions({
    context: 'WEB',
    usedApis: [],
    settings: { send_http: { urls: 'any' }, send_htp: {} } as never,
  });
  assert.deepEqual(problems.map((problem) => problem.message), [
    'send_http is not a permission of web templates: remove it',
    'send_htp is not a GTM permission: remove it',
  ]);
});

test('settings that cannot be encoded are reported and leave the permission out', () => {
  const { permissions, problems } = inferPermissions({
    context: 'WEB',
    usedApis: [at('injectScript', 1), at('setInWindow', 2), at('setCookie', 3)],
    settings: {
      inject_script: { urls: [] },
      access_globals: { keys: [{ read: true, write: true, execute: false }] },
      set_cookies: { cookie: [{ name: '_pipes_id' }] },
    } as never,
  });
  assert.deepEqual(permissions, []);
  assert.deepEqual(
    problems.map((problem) => [problem.permission, problem.message.replace(/: write e\.g\. .*|, e\.g\. .*/, '')]),
    [
      ['access_globals', 'access_globals.keys[0] needs `key`'],
      ['inject_script', 'inject_script.urls is an empty list, which allows nothing: list what the code uses'],
      ['set_cookies', 'set_cookies has no setting `cookie`'],
      ['set_cookies', 'set_cookies needs `cookies`'],
    ],
  );
});

test('an API whose part the declared parts leave out is reported where it is used', () => {
  const { permissions, problems } = inferPermissions({
    context: 'SERVER',
    usedApis: [at('getRequestBody', 1), at('getRequestHeader', 4, 9), at('setPixelResponse', 8, 2)],
    settings: { read_request: { parts: ['body'] }, access_response: { parts: ['body'] } },
  });
  assert.deepEqual(permissions, []);
  assert.deepEqual(problems, [
    {
      message: "setPixelResponse needs access_response.parts to include 'status', 'headers': add 'status', 'headers' to parts, or write parts: 'any'",
      line: 8,
      column: 2,
      api: 'setPixelResponse',
      permission: 'access_response',
    },
    {
      message: "getRequestHeader needs read_request.parts to include 'headers': add 'headers' to parts, or write parts: 'any'",
      line: 4,
      column: 9,
      api: 'getRequestHeader',
      permission: 'read_request',
    },
  ]);
});

test('the section is in alphabetical order whatever the order of use', () => {
  const settings = {
    send_http: { urls: ['https://storage.googleapis.com/*'] },
    use_google_credentials: { scopes: ['https://www.googleapis.com/auth/devstorage.read_write'] },
    read_request: { parts: 'any' as const },
  };
  const usedApis = [at('sendHttpRequest', 1), at('getGoogleAuth', 2), at('runContainer', 3), at('getRequestBody', 4), at('logToConsole', 5)];
  const forward = inferPermissions({ context: 'SERVER', usedApis, settings });
  const backward = inferPermissions({ context: 'SERVER', usedApis: [...usedApis].reverse(), settings });
  assert.deepEqual(forward, backward);
  assert.deepEqual(ids({ context: 'SERVER', usedApis, settings }), [
    'logging',
    'read_request',
    'run_container',
    'send_http',
    'use_google_credentials',
  ]);
});

test('the file of a use is passed on to its problem', () => {
  const { problems } = inferPermissions({
    context: 'WEB',
    usedApis: [{ name: 'sendPixel', line: 9, column: 2, file: 'sandbox/send.ts' }, { name: 'sendPixel', line: 3, column: 1, file: 'sandbox/main.ts' }],
    settings: {},
  });
  assert.deepEqual(
    problems.map((problem) => [problem.file, problem.line, problem.column, problem.api, problem.permission]),
    [['sandbox/main.ts', 3, 1, 'sendPixel', 'send_pixel']],
  );
});
