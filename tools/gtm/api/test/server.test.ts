// Server template code that calls the APIs as documented type-checks; calls that GTM would reject do not.
import { test } from 'node:test';
import { assertCompiles, assertFails } from './harness.ts';

test('every server API type-checks when called as documented', () => {
  assertCompiles(
    `const addEventCallback = require('addEventCallback');
const addMessageListener = require('addMessageListener');
const BigQuery = require('BigQuery');
const callLater = require('callLater');
const claimRequest = require('claimRequest');
const computeEffectiveTldPlusOne = require('computeEffectiveTldPlusOne');
const createRegex = require('createRegex');
const encodeUriComponent = require('encodeUriComponent');
const extractEventsFromMpv2 = require('extractEventsFromMpv2');
const Firestore = require('Firestore');
const getAllEventData = require('getAllEventData');
const getClientName = require('getClientName');
const getContainerVersion = require('getContainerVersion');
const getCookieValues = require('getCookieValues');
const getEventData = require('getEventData');
const getGoogleAuth = require('getGoogleAuth');
const getGoogleScript = require('getGoogleScript');
const getRemoteAddress = require('getRemoteAddress');
const getRequestBody = require('getRequestBody');
const getRequestHeader = require('getRequestHeader');
const getRequestMethod = require('getRequestMethod');
const getRequestPath = require('getRequestPath');
const getRequestQueryParameter = require('getRequestQueryParameter');
const getRequestQueryParameters = require('getRequestQueryParameters');
const getRequestQueryString = require('getRequestQueryString');
const hasMessageListener = require('hasMessageListener');
const hmacSha256 = require('hmacSha256');
const isRequestMpv1 = require('isRequestMpv1');
const isRequestMpv2 = require('isRequestMpv2');
const logToConsole = require('logToConsole');
const Promise = require('Promise');
const queryPermission = require('queryPermission');
const returnResponse = require('returnResponse');
const runContainer = require('runContainer');
const sendEventToGoogleAnalytics = require('sendEventToGoogleAnalytics');
const sendHttpGet = require('sendHttpGet');
const sendHttpRequest = require('sendHttpRequest');
const sendMessage = require('sendMessage');
const sendPixelFromBrowser = require('sendPixelFromBrowser');
const setCookie = require('setCookie');
const setPixelResponse = require('setPixelResponse');
const setResponseBody = require('setResponseBody');
const setResponseHeader = require('setResponseHeader');
const setResponseStatus = require('setResponseStatus');
const sha256 = require('sha256');
const sha256Sync = require('sha256Sync');
const templateDataStorage = require('templateDataStorage');
const testRegex = require('testRegex');
const toBase64 = require('toBase64');

const path: string = getRequestPath() + getRequestMethod() + getRequestQueryString() + getRemoteAddress() + getClientName();
const origin: string | undefined = getRequestHeader('origin');
const body: string | undefined = getRequestBody();
const param: string | undefined = getRequestQueryParameter('e');
const params: { [name: string]: string | string[] } = getRequestQueryParameters();
const ids: string[] = getCookieValues('_pipes_id', true);
const site: string = computeEffectiveTldPlusOne('https://www.example.co.uk/x');
const regex = createRegex('^/p/(collect|pipes\\\\.js)$', 'i');
const ours: boolean = regex !== null && testRegex(regex, path) && path.replace(regex, '') === '';
claimRequest();
const isGa: boolean = isRequestMpv1() || isRequestMpv2();
const events = isGa ? extractEventsFromMpv2() : [getAllEventData()];
const clientId: unknown = getEventData('client_id');
runContainer(events[0]!, (bindToEvent) => {
  bindToEvent(addEventCallback)((containerId, eventData) => logToConsole(containerId, eventData.tags.length));
  returnResponse();
}, (bindToEvent) => bindToEvent(logToConsole)('started'));
addMessageListener('pipes', (messageType, message) => logToConsole(messageType, message['stored']));
const listening: boolean = hasMessageListener('pipes');
sendMessage('pipes', { stored: true });
const auth = getGoogleAuth({ scopes: ['https://www.googleapis.com/auth/devstorage.read_write'] });
sendHttpRequest('https://storage.googleapis.com/upload/storage/v1/b/b/o?uploadType=media&name=x', {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-ndjson' },
  authorization: auth,
  timeout: 5000,
}, '{}')
  .then((response) => {
    const ok: boolean = response.statusCode >= 200 && response.statusCode < 300;
    const type: string | undefined = response.headers['content-type'];
    return ok ? response.body : Promise.create<string>((resolve, reject) => reject(type));
  }, (rejection) => (rejection.reason === 'timed_out' ? 'retry' : 'give up'))
  .catch((reason) => logToConsole(reason))
  .finally(() => setResponseStatus(200));
sendHttpRequest('https://example.com', (statusCode, headers, text) => logToConsole(statusCode, headers['etag'], text), { method: 'GET' });
sendHttpGet('https://example.com/config.json', { timeout: 1000 }).catch((rejection) => logToConsole(rejection.reason === 'failed'));
sendHttpGet('https://example.com/config.json', (statusCode) => logToConsole(statusCode));
getGoogleScript('GTAG', { id: 'G-XXXX' }).then((result) => setResponseBody(result.script + result.metadata['cache-control']));
sendEventToGoogleAnalytics({ event_name: 'page_view' }).then((result) => logToConsole(result.location), (rejection) => logToConsole(rejection.reason));
const both = Promise.all([Promise.create<number>((resolve) => resolve(1)), 'plain']);
both.then((values) => {
  const pair: [number, string] = values;
  return pair;
});
const waited = Promise.create<void>((resolve) => callLater(() => resolve()));
BigQuery.insert({ datasetId: 'pipes', tableId: 'events' }, [{ a: 1 }], { skipInvalidRows: true }).then(() => 1);
Firestore.read('sessions/abc', { disableCache: true }).then((doc) => logToConsole(doc.id, doc.data['count']));
Firestore.write('sessions/abc', { count: 1 }, { merge: true }).then((id) => id.charAt(0));
Firestore.query('sessions', [['count', '>', 0], ['owner', 'in', ['a', 'b']]], { limit: 10 }).then((docs) => docs.length);
Firestore.runTransaction((transaction) => Firestore.read('sessions/abc', { transaction }), { projectId: 'p' }).then((written) => written.join());
sendPixelFromBrowser('https://example.com/p.gif');
setCookie('_pipes_id', 'abc', { domain: 'auto', path: '/', 'max-age': 63072000, secure: true, httpOnly: true, sameSite: 'lax' }, true);
setResponseHeader('access-control-allow-origin', origin);
setResponseHeader('x-removed', null);
setResponseBody('R0lGODlhAQABAAAAACw=', 'base64');
setPixelResponse();
sha256('x', (digest) => logToConsole(digest), { outputEncoding: 'hex' });
const digests: string = sha256Sync('x') + hmacSha256('x', 'pipes-key', { outputEncoding: 'base64url' }) + toBase64('x', { urlEncoding: true });
const escaped: string = encodeUriComponent('a b');
templateDataStorage.setItemCopy('salt', { value: 'x', at: 1 });
const salt: unknown = templateDataStorage.getItemCopy('salt');
templateDataStorage.removeItem('salt');
const mayWrite: boolean = queryPermission('send_http', 'https://example.com') && queryPermission('read_request', 'header', 'origin');
const container: string = getContainerVersion().containerId;
export { ours, clientId, listening, waited, body, param, params, ids, site, digests, escaped, salt, mayWrite, container };
`,
    'SERVER',
  );
});

test('require only accepts a string literal naming a server API', () => {
  assertFails(
    `require('injectScript');
require('localStorage');
require('templateStorage');
require('getUrl');
`,
    'SERVER',
    [
      { code: 2345, line: 1, message: `Argument of type '"injectScript"' is not assignable to parameter of type 'keyof GtmApis'` },
      { code: 2345, line: 2, message: `Argument of type '"localStorage"' is not assignable` },
      { code: 2345, line: 3, message: `Argument of type '"templateStorage"' is not assignable` },
      { code: 2345, line: 4, message: `Argument of type '"getUrl"' is not assignable` },
    ],
  );
});

test("sendHttpRequest's result and rejection have only the documented fields", () => {
  assertFails(
    `const sendHttpRequest = require('sendHttpRequest');
const getGoogleAuth = require('getGoogleAuth');
sendHttpRequest('https://example.com').then((response) => response.statusText);
sendHttpRequest('https://example.com').then((response) => response.responseText);
sendHttpRequest('https://example.com').catch((rejection) => rejection.reason === 'timeout');
sendHttpRequest('https://example.com', { method: 'FETCH' });
sendHttpRequest('https://example.com', { timeout: '5000' });
sendHttpRequest('https://example.com', (statusCode) => statusCode, { authorization: getGoogleAuth({ scopes: [] }) });
sendHttpRequest('https://example.com', {}, { json: true });
`,
    'SERVER',
    [
      { code: 2339, line: 3, message: "Property 'statusText' does not exist on type 'GtmHttpResponse'" },
      { code: 2339, line: 4, message: "Property 'responseText' does not exist on type 'GtmHttpResponse'" },
      { code: 2367, line: 5, message: `This comparison appears to be unintentional because the types '"failed" | "timed_out"' and '"timeout"' have no overlap` },
      { code: 2769, line: 6, message: 'No overload matches this call' },
      { code: 2769, line: 7, message: 'No overload matches this call' },
      { code: 2769, line: 8, message: 'No overload matches this call' },
      { code: 2769, line: 9, message: 'No overload matches this call' },
    ],
  );
});

test('the sandbox Promise has create and all, types what resolve accepts, and is not a constructor', () => {
  assertFails(
    `const Promise = require('Promise');
Promise.create<number>((resolve) => resolve('1'));
const typed: GtmPromise<string> = Promise.create((resolve) => resolve(1));
Promise.create<number>((resolve, reject) => reject({ any: 'reason' })).then((n) => n.toUpperCase());
new Promise((resolve: () => void) => resolve());
Promise.resolve(1);
Promise.all([Promise.create<number>((resolve) => resolve(1))]).then((values) => {
  const wrong: [string] = values;
});
`,
    'SERVER',
    [
      { code: 2345, line: 2, message: "Argument of type 'string' is not assignable to parameter of type 'number | GtmPromise<number, any>'" },
      { code: 2345, line: 3, message: "Argument of type 'number' is not assignable to parameter of type 'string | GtmPromise<string, any>'" },
      { code: 2339, line: 4, message: "Property 'toUpperCase' does not exist on type 'number'" },
      { code: 2351, line: 5, message: 'This expression is not constructable' },
      { code: 2339, line: 6, message: "Property 'resolve' does not exist on type 'GtmPromiseApi'" },
      { code: 2322, line: 8, message: "Type '[number]' is not assignable to type '[string]'" },
    ],
  );
});

test('server APIs reject wrong argument types and the web forms of shared APIs', () => {
  assertFails(
    `const sha256 = require('sha256');
const setCookie = require('setCookie');
const testRegex = require('testRegex');
const createRegex = require('createRegex');
const getRequestHeader = require('getRequestHeader');
const setResponseBody = require('setResponseBody');
const queryPermission = require('queryPermission');
const hmacSha256 = require('hmacSha256');
const claimRequest = require('claimRequest');
const BigQuery = require('BigQuery');
const Firestore = require('Firestore');
sha256('x', (digest) => digest, () => 'failed');
setCookie('id', 'abc', { samesite: 'Lax' });
setCookie('id', 'abc', { sameSite: 'Lax' });
testRegex('^a', 'abc');
'abc'.replace(createRegex('a', 'g'), 'b');
getRequestHeader('origin').toLowerCase();
setResponseBody('x', 'utf-8');
queryPermission('inject_script', 'https://example.com');
hmacSha256('x', 'key', { outputEncoding: 'binary' });
claimRequest(true);
BigQuery.insert({ datasetId: 'pipes' }, []);
Firestore.query('sessions', [['count', '===', 1]]);
`,
    'SERVER',
    [
      { code: 2559, line: 12, message: "Type '() => string' has no properties in common with type '{ outputEncoding?: \"base64\" | \"hex\" | undefined; }'" },
      { code: 2561, line: 13, message: "'samesite' does not exist in type 'GtmServerCookieOptions'. Did you mean to write 'sameSite'?" },
      { code: 2820, line: 14, message: `Type '"Lax"' is not assignable to type '"strict" | "lax" | "none" | undefined'. Did you mean '"lax"'?` },
      { code: 2345, line: 15, message: "Argument of type 'string' is not assignable to parameter of type 'GtmRegex'" },
      { code: 2345, line: 16, message: "Argument of type 'GtmRegex | null' is not assignable to parameter of type 'string | GtmRegex'" },
      { code: 2532, line: 17, message: "Object is possibly 'undefined'" },
      { code: 2345, line: 18, message: `Argument of type '"utf-8"' is not assignable to parameter of type 'GtmBodyEncoding | undefined'` },
      { code: 2345, line: 19, message: `Argument of type '"inject_script"' is not assignable to parameter of type 'GtmPermissionId'` },
      { code: 2322, line: 20, message: `Type '"binary"' is not assignable to type '"base64" | "hex" | "base64url" | undefined'` },
      { code: 2554, line: 21, message: 'Expected 0 arguments, but got 1' },
      { code: 2345, line: 22, message: "Argument of type '{ datasetId: string; }' is not assignable to parameter of type 'GtmBigQueryTable'" },
      { code: 2322, line: 23, message: `Type '"==="' is not assignable to type 'GtmFirestoreOperator'` },
    ],
  );
});
