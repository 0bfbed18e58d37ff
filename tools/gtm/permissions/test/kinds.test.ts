// For every permission kind: the exact section entry produced for typical settings. Each expected text is
// written in the shape seen in real GTM exports, read with the search tool (file ids are the tool's ids
// of public .tpl files found with find_string '"publicId": "<kind>"'); key order is compared too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Context } from '../../api/catalog.ts';
import { inferPermissions } from '../infer.ts';
import { PERMISSION_KINDS } from '../kinds.ts';
import type { PermissionSettings } from '../settings.ts';

/** The one section entry produced when the code uses `api` once under these settings. */
function entryFor(context: Context, api: string, settings: PermissionSettings): string {
  const { permissions, problems } = inferPermissions({ context, usedApis: [{ name: api, line: 1, column: 1 }], settings });
  assert.deepEqual(problems, []);
  assert.equal(permissions.length, 1);
  return JSON.stringify(permissions[0]);
}

/** Expected text, written over several lines for reading; JSON.parse keeps its key order. */
const expected = (text: string): string => JSON.stringify(JSON.parse(text));

const s = (value: string): string => `{"type":1,"string":${JSON.stringify(value)}}`;
const b = (value: boolean): string => `{"type":8,"boolean":${value}}`;
const edited = `"clientAnnotations":{"isEditedByUser":true},"isRequired":true`;
const head = (publicId: string): string => `"instance":{"key":{"publicId":"${publicId}","versionId":"1"}`;

const covered = new Set<string>();
function kindTest(publicId: string, run: () => void): void {
  covered.add(publicId);
  test(publicId, run);
}

// stape-io/data-client template.tpl: param-less kinds are `"param": []` and carry no clientAnnotations.
for (const [publicId, context, api] of [
  ['access_template_storage', 'WEB', 'templateStorage'],
  ['read_analytics_storage', 'WEB', 'readAnalyticsStorage'],
  ['read_character_set', 'WEB', 'readCharacterSet'],
  ['read_container_data', 'SERVER', 'getContainerVersion'],
  ['read_event_metadata', 'SERVER', 'addEventCallback'],
  ['read_title', 'WEB', 'readTitle'],
  ['return_response', 'SERVER', 'returnResponse'],
  ['run_container', 'SERVER', 'runContainer'],
] as const) {
  kindTest(publicId, () => {
    assert.equal(entryFor(context, api, {}), expected(`{${head(publicId)},"param":[]},"isRequired":true}`));
  });
}

// stape-io/data-tag template.tpl (web) lists access_globals with this map of key/read/write/execute.
kindTest('access_globals', () => {
  const settings = { access_globals: { keys: [{ key: 'pipes', read: true, write: true, execute: false }] } };
  assert.equal(
    entryFor('WEB', 'setInWindow', settings),
    expected(`{${head('access_globals')},"param":[
      {"key":"keys","value":{"type":2,"listItem":[
        {"type":3,"mapKey":[${s('key')},${s('read')},${s('write')},${s('execute')}],
                  "mapValue":[${s('pipes')},${b(true)},${b(true)},${b(false)}]}]}}]},${edited}}`),
  );
});

// stape-io/data-tag template.tpl: access_local_storage keys as key/read/write maps.
kindTest('access_local_storage', () => {
  const settings = { access_local_storage: { keys: [{ key: 'pipes_queue', read: true, write: false }] } };
  assert.equal(
    entryFor('WEB', 'localStorage', settings),
    expected(`{${head('access_local_storage')},"param":[
      {"key":"keys","value":{"type":2,"listItem":[
        {"type":3,"mapKey":[${s('key')},${s('read')},${s('write')}],"mapValue":[${s('pipes_queue')},${b(true)},${b(false)}]}]}}]},${edited}}`),
  );
});

// stape-io/data-tag template.tpl: access_consent consentTypes as consentType/read/write maps.
kindTest('access_consent', () => {
  const settings = { access_consent: { consentTypes: [{ consentType: 'analytics_storage', read: true, write: false }] } };
  assert.equal(
    entryFor('WEB', 'isConsentGranted', settings),
    expected(`{${head('access_consent')},"param":[
      {"key":"consentTypes","value":{"type":2,"listItem":[
        {"type":3,"mapKey":[${s('consentType')},${s('read')},${s('write')}],
                  "mapValue":[${s('analytics_storage')},${b(true)},${b(false)}]}]}}]},${edited}}`),
  );
});

// stape-io/data-tag template.tpl: get_cookies "specific" + cookieNames; the same shape on the server
// (stape-io/data-client). "any" alone: file 10770330937.
kindTest('get_cookies', () => {
  assert.equal(
    entryFor('SERVER', 'getCookieValues', { get_cookies: { cookies: ['_pipes_id', '_pipes_optout'] } }),
    expected(`{${head('get_cookies')},"param":[
      {"key":"cookieAccess","value":${s('specific')}},
      {"key":"cookieNames","value":{"type":2,"listItem":[${s('_pipes_id')},${s('_pipes_optout')}]}}]},${edited}}`),
  );
  assert.equal(
    entryFor('WEB', 'getCookieValues', { get_cookies: { cookies: 'any' } }),
    expected(`{${head('get_cookies')},"param":[{"key":"cookieAccess","value":${s('any')}}]},${edited}}`),
  );
});

// stape-io/data-client template.tpl: set_cookies allowedCookies as name/domain/path/secure/session maps;
// "secure" and "non_session" values: file 13766324963.
kindTest('set_cookies', () => {
  const settings = {
    set_cookies: { cookies: [{ name: '_pipes_id' }, { name: '_pipes_sid', domain: 'example.com', path: '/', secure: 'secure', session: 'non_session' }] },
  } as const;
  assert.equal(
    entryFor('SERVER', 'setCookie', settings),
    expected(`{${head('set_cookies')},"param":[
      {"key":"allowedCookies","value":{"type":2,"listItem":[
        {"type":3,"mapKey":[${s('name')},${s('domain')},${s('path')},${s('secure')},${s('session')}],
                  "mapValue":[${s('_pipes_id')},${s('*')},${s('*')},${s('any')},${s('any')}]},
        {"type":3,"mapKey":[${s('name')},${s('domain')},${s('path')},${s('secure')},${s('session')}],
                  "mapValue":[${s('_pipes_sid')},${s('example.com')},${s('/')},${s('secure')},${s('non_session')}]}]}}]},${edited}}`),
  );
});

// stape-io/data-tag template.tpl: get_url and get_referrer urlParts/queriesAllowed "any"; without
// settings GTM's default has no clientAnnotations (file 38957267884). Specific parts and query keys:
// files 36741999922 and 32875651546 (queriesAllowed, urlParts, queryKeys and a "query" flag).
kindTest('get_url', () => {
  assert.equal(
    entryFor('WEB', 'getUrl', {}),
    expected(`{${head('get_url')},"param":[
      {"key":"urlParts","value":${s('any')}},{"key":"queriesAllowed","value":${s('any')}}]},"isRequired":true}`),
  );
  assert.equal(
    entryFor('WEB', 'getQueryParameters', { get_url: { parts: ['query'], queryKeys: ['utm_source'] } }),
    expected(`{${head('get_url')},"param":[
      {"key":"urlParts","value":${s('specific')}},{"key":"queriesAllowed","value":${s('specific')}},
      {"key":"query","value":${b(true)}},
      {"key":"queryKeys","value":{"type":2,"listItem":[${s('utm_source')}]}}]},${edited}}`),
  );
});

kindTest('get_referrer', () => {
  assert.equal(
    entryFor('WEB', 'getReferrerUrl', { get_referrer: { parts: ['host', 'path'] } }),
    expected(`{${head('get_referrer')},"param":[
      {"key":"urlParts","value":${s('specific')}},{"key":"queriesAllowed","value":${s('any')}},
      {"key":"host","value":${b(true)}},{"key":"path","value":${b(true)}}]},${edited}}`),
  );
});

// stape-io/data-tag template.tpl: inject_script urls list.
kindTest('inject_script', () => {
  assert.equal(
    entryFor('WEB', 'injectScript', { inject_script: { urls: ['https://sgtm.example.com/p/pipes.js'] } }),
    expected(`{${head('inject_script')},"param":[
      {"key":"urls","value":{"type":2,"listItem":[${s('https://sgtm.example.com/p/pipes.js')}]}}]},${edited}}`),
  );
});

// file 36896804699: inject_hidden_iframe urls list.
kindTest('inject_hidden_iframe', () => {
  assert.equal(
    entryFor('WEB', 'injectHiddenIframe', { inject_hidden_iframe: { urls: ['https://example.com/frame*'] } }),
    expected(`{${head('inject_hidden_iframe')},"param":[
      {"key":"urls","value":{"type":2,"listItem":[${s('https://example.com/frame*')}]}}]},${edited}}`),
  );
});

// file 39905266073: logging "debug" as GTM's unedited default; file 40063533281: "all", edited.
kindTest('logging', () => {
  assert.equal(
    entryFor('SERVER', 'logToConsole', {}),
    expected(`{${head('logging')},"param":[{"key":"environments","value":${s('debug')}}]},"isRequired":true}`),
  );
  assert.equal(
    entryFor('WEB', 'logToConsole', { logging: { environments: 'all' } }),
    expected(`{${head('logging')},"param":[{"key":"environments","value":${s('all')}}]},${edited}}`),
  );
});

// stape-io/data-tag template.tpl: read_data_layer allowedKeys "specific" + keyPatterns.
kindTest('read_data_layer', () => {
  assert.equal(
    entryFor('WEB', 'copyFromDataLayer', { read_data_layer: { keys: ['event', 'gtm.start'] } }),
    expected(`{${head('read_data_layer')},"param":[
      {"key":"allowedKeys","value":${s('specific')}},
      {"key":"keyPatterns","value":{"type":2,"listItem":[${s('event')},${s('gtm.start')}]}}]},${edited}}`),
  );
});

// file 46542733: write_data_layer keyPatterns.
kindTest('write_data_layer', () => {
  assert.equal(
    entryFor('WEB', 'gtagSet', { write_data_layer: { keys: ['ads_data_redaction'] } }),
    expected(`{${head('write_data_layer')},"param":[
      {"key":"keyPatterns","value":{"type":2,"listItem":[${s('ads_data_redaction')}]}}]},${edited}}`),
  );
});

// stape-io/data-tag template.tpl: send_pixel allowedUrls "any"; "specific" + urls is the send_http shape.
kindTest('send_pixel', () => {
  assert.equal(
    entryFor('WEB', 'sendPixel', { send_pixel: { urls: 'any' } }),
    expected(`{${head('send_pixel')},"param":[{"key":"allowedUrls","value":${s('any')}}]},${edited}}`),
  );
  assert.equal(
    entryFor('WEB', 'sendPixel', { send_pixel: { urls: ['https://sgtm.example.com/p/collect*'] } }),
    expected(`{${head('send_pixel')},"param":[
      {"key":"allowedUrls","value":${s('specific')}},
      {"key":"urls","value":{"type":2,"listItem":[${s('https://sgtm.example.com/p/collect*')}]}}]},${edited}}`),
  );
});

// file 61095780020: send_http "specific" + urls; file 62793252011: allowGoogleDomains after urls.
kindTest('send_http', () => {
  assert.equal(
    entryFor('SERVER', 'sendHttpRequest', { send_http: { urls: ['https://storage.googleapis.com/*'] } }),
    expected(`{${head('send_http')},"param":[
      {"key":"allowedUrls","value":${s('specific')}},
      {"key":"urls","value":{"type":2,"listItem":[${s('https://storage.googleapis.com/*')}]}}]},${edited}}`),
  );
  assert.equal(
    entryFor('SERVER', 'sendHttpGet', { send_http: { urls: ['https://oauth2.googleapis.com/*'], allowGoogleDomains: true } }),
    expected(`{${head('send_http')},"param":[
      {"key":"allowedUrls","value":${s('specific')}},
      {"key":"urls","value":{"type":2,"listItem":[${s('https://oauth2.googleapis.com/*')}]}},
      {"key":"allowGoogleDomains","value":${b(true)}}]},${edited}}`),
  );
});

// file 49799853974: send_pixel_from_browser "specific" + urls.
kindTest('send_pixel_from_browser', () => {
  assert.equal(
    entryFor('SERVER', 'sendPixelFromBrowser', { send_pixel_from_browser: { urls: ['https://example.com/pixel*'] } }),
    expected(`{${head('send_pixel_from_browser')},"param":[
      {"key":"allowedUrls","value":${s('specific')}},
      {"key":"urls","value":{"type":2,"listItem":[${s('https://example.com/pixel*')}]}}]},${edited}}`),
  );
});

// stape-io/data-client template.tpl: read_request "any" for request, headers and query parameters.
// Specific parts, headerWhitelist maps and queryParameterWhitelist maps: files 8955838763, 68755194073.
kindTest('read_request', () => {
  assert.equal(
    entryFor('SERVER', 'getRequestPath', { read_request: { parts: 'any' } }),
    expected(`{${head('read_request')},"param":[
      {"key":"requestAccess","value":${s('any')}},{"key":"headerAccess","value":${s('any')}},
      {"key":"queryParameterAccess","value":${s('any')}}]},${edited}}`),
  );
  const settings = { read_request: { parts: ['body', 'headers', 'path'], headers: ['origin'], queryParameters: ['e'] } } as const;
  assert.equal(
    entryFor('SERVER', 'getRequestBody', settings),
    expected(`{${head('read_request')},"param":[
      {"key":"requestAccess","value":${s('specific')}},{"key":"headerAccess","value":${s('specific')}},
      {"key":"queryParameterAccess","value":${s('specific')}},
      {"key":"bodyAllowed","value":${b(true)}},{"key":"headersAllowed","value":${b(true)}},{"key":"pathAllowed","value":${b(true)}},
      {"key":"headerWhitelist","value":{"type":2,"listItem":[{"type":3,"mapKey":[${s('headerName')}],"mapValue":[${s('origin')}]}]}},
      {"key":"queryParameterWhitelist","value":{"type":2,"listItem":[{"type":3,"mapKey":[${s('queryParameter')}],"mapValue":[${s('e')}]}]}}]},${edited}}`),
  );
});

// file 31537361053: access_response with this param order; stape-io/data-client: writeResponseAccess "any".
kindTest('access_response', () => {
  assert.equal(
    entryFor('SERVER', 'setResponseBody', { access_response: { parts: ['status', 'headers', 'body'], headers: ['content-type'] } }),
    expected(`{${head('access_response')},"param":[
      {"key":"writeResponseAccess","value":${s('specific')}},{"key":"writeHeaderAccess","value":${s('specific')}},
      {"key":"writeStatusAllowed","value":${b(true)}},{"key":"writeHeadersAllowed","value":${b(true)}},{"key":"writeBodyAllowed","value":${b(true)}},
      {"key":"writeHeaderWhitelist","value":{"type":2,"listItem":[{"type":3,"mapKey":[${s('headerName')}],"mapValue":[${s('content-type')}]}]}}]},${edited}}`),
  );
  assert.equal(
    entryFor('SERVER', 'setPixelResponse', { access_response: { parts: 'any' } }),
    expected(`{${head('access_response')},"param":[
      {"key":"writeResponseAccess","value":${s('any')}},{"key":"writeHeaderAccess","value":${s('any')}}]},${edited}}`),
  );
});

// files 43502297891 and 267257143: read_event_data "any", and keyPatterns with "specific".
kindTest('read_event_data', () => {
  assert.equal(
    entryFor('SERVER', 'getEventData', { read_event_data: { keys: 'any' } }),
    expected(`{${head('read_event_data')},"param":[{"key":"eventDataAccess","value":${s('any')}}]},${edited}}`),
  );
  assert.equal(
    entryFor('SERVER', 'getAllEventData', { read_event_data: { keys: ['page_location'] } }),
    expected(`{${head('read_event_data')},"param":[
      {"key":"eventDataAccess","value":${s('specific')}},
      {"key":"keyPatterns","value":{"type":2,"listItem":[${s('page_location')}]}}]},${edited}}`),
  );
});

// file 56138122364: access_bigquery allowedTables as projectId/datasetId/tableId/operation maps.
kindTest('access_bigquery', () => {
  const settings = { access_bigquery: { tables: [{ projectId: 'GOOGLE_CLOUD_PROJECT', datasetId: 'pipes', tableId: 'events', operation: 'write' }] } } as const;
  assert.equal(
    entryFor('SERVER', 'BigQuery', settings),
    expected(`{${head('access_bigquery')},"param":[
      {"key":"allowedTables","value":{"type":2,"listItem":[
        {"type":3,"mapKey":[${s('projectId')},${s('datasetId')},${s('tableId')},${s('operation')}],
                  "mapValue":[${s('GOOGLE_CLOUD_PROJECT')},${s('pipes')},${s('events')},${s('write')}]}]}}]},${edited}}`),
  );
});

// files 40063533281 (projectId/path/operation) and 58598856073 (with databaseId): access_firestore.
kindTest('access_firestore', () => {
  const settings = {
    access_firestore: {
      documents: [
        { projectId: 'GOOGLE_CLOUD_PROJECT', path: 'pipes/*', operation: 'read' },
        { projectId: '*', path: 'salts/*', operation: 'read_write', databaseId: '(default)' },
      ],
    },
  } as const;
  assert.equal(
    entryFor('SERVER', 'Firestore', settings),
    expected(`{${head('access_firestore')},"param":[
      {"key":"allowedOptions","value":{"type":2,"listItem":[
        {"type":3,"mapKey":[${s('projectId')},${s('path')},${s('operation')}],
                  "mapValue":[${s('GOOGLE_CLOUD_PROJECT')},${s('pipes/*')},${s('read')}]},
        {"type":3,"mapKey":[${s('projectId')},${s('path')},${s('operation')},${s('databaseId')}],
                  "mapValue":[${s('*')},${s('salts/*')},${s('read_write')},${s('(default)')}]}]}}]},${edited}}`),
  );
});

// file 55113918337: use_custom_private_keys keyIds list.
kindTest('use_custom_private_keys', () => {
  assert.equal(
    entryFor('SERVER', 'hmacSha256', { use_custom_private_keys: { keyIds: ['pipes-user-id'] } }),
    expected(`{${head('use_custom_private_keys')},"param":[
      {"key":"keyIds","value":{"type":2,"listItem":[${s('pipes-user-id')}]}}]},${edited}}`),
  );
});

// 74minutos/data_to_bucket and file 28577954878: use_google_credentials allowedScopes list.
kindTest('use_google_credentials', () => {
  const scope = 'https://www.googleapis.com/auth/devstorage.read_write';
  assert.equal(
    entryFor('SERVER', 'getGoogleAuth', { use_google_credentials: { scopes: [scope] } }),
    expected(`{${head('use_google_credentials')},"param":[
      {"key":"allowedScopes","value":{"type":2,"listItem":[${s(scope)}]}}]},${edited}}`),
  );
});

// file 8955838763: use_message "specific" + messageTypes type/action maps; file 16539052131: "any".
kindTest('use_message', () => {
  assert.equal(
    entryFor('SERVER', 'sendMessage', { use_message: { messages: [{ type: 'pipes_stored', action: 'send' }] } }),
    expected(`{${head('use_message')},"param":[
      {"key":"allowedActions","value":${s('specific')}},
      {"key":"messageTypes","value":{"type":2,"listItem":[
        {"type":3,"mapKey":[${s('type')},${s('action')}],"mapValue":[${s('pipes_stored')},${s('send')}]}]}}]},${edited}}`),
  );
  assert.equal(
    entryFor('SERVER', 'addMessageListener', { use_message: { messages: 'any' } }),
    expected(`{${head('use_message')},"param":[{"key":"allowedActions","value":${s('any')}}]},${edited}}`),
  );
});

test('every kind of kinds.ts has its expected JSON above', () => {
  assert.deepEqual(
    PERMISSION_KINDS.map((kind) => kind.publicId).filter((publicId) => !covered.has(publicId)),
    [],
  );
});
