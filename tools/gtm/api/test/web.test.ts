// Web template code that calls the APIs as documented type-checks; calls that GTM would reject do not.
import { test } from 'node:test';
import { assertCompiles, assertFails } from './harness.ts';

test('every web API type-checks when called as documented', () => {
  assertCompiles(
    `const addConsentListener = require('addConsentListener');
const addEventCallback = require('addEventCallback');
const aliasInWindow = require('aliasInWindow');
const callInWindow = require('callInWindow');
const callLater = require('callLater');
const copyFromDataLayer = require('copyFromDataLayer');
const copyFromWindow = require('copyFromWindow');
const createArgumentsQueue = require('createArgumentsQueue');
const createQueue = require('createQueue');
const decodeUri = require('decodeUri');
const decodeUriComponent = require('decodeUriComponent');
const encodeUri = require('encodeUri');
const encodeUriComponent = require('encodeUriComponent');
const fromBase64 = require('fromBase64');
const generateRandom = require('generateRandom');
const getContainerVersion = require('getContainerVersion');
const getCookieValues = require('getCookieValues');
const getQueryParameters = require('getQueryParameters');
const getReferrerQueryParameters = require('getReferrerQueryParameters');
const getReferrerUrl = require('getReferrerUrl');
const getTimestamp = require('getTimestamp');
const getTimestampMillis = require('getTimestampMillis');
const getType = require('getType');
const getUrl = require('getUrl');
const gtagSet = require('gtagSet');
const injectHiddenIframe = require('injectHiddenIframe');
const injectScript = require('injectScript');
const isConsentGranted = require('isConsentGranted');
const localStorage = require('localStorage');
const logToConsole = require('logToConsole');
const makeInteger = require('makeInteger');
const makeNumber = require('makeNumber');
const makeString = require('makeString');
const makeTableMap = require('makeTableMap');
const parseUrl = require('parseUrl');
const queryPermission = require('queryPermission');
const readAnalyticsStorage = require('readAnalyticsStorage');
const readCharacterSet = require('readCharacterSet');
const readTitle = require('readTitle');
const sendPixel = require('sendPixel');
const setCookie = require('setCookie');
const setDefaultConsentState = require('setDefaultConsentState');
const setInWindow = require('setInWindow');
const sha256 = require('sha256');
const templateStorage = require('templateStorage');
const toBase64 = require('toBase64');
const updateConsentState = require('updateConsentState');

addConsentListener('analytics_storage', (consentType, granted) => logToConsole(consentType, granted));
addEventCallback((containerId, eventData) => eventData.tags.forEach((tag) => logToConsole(containerId, tag.id, tag.status, tag.executionTime)));
const aliased: boolean = aliasInWindow('pipes.q', 'pipesQueue') && setInWindow('pipes', {}, true);
const called: unknown = callInWindow('pipes.init', { endpoint: '/p/collect' }, 1);
callLater(() => logToConsole('later'));
const fromLayer: unknown = copyFromDataLayer('ecommerce.value', 2);
const fromWindow: unknown = copyFromWindow('pipes');
const pipes = createArgumentsQueue('pipes', 'pipes.q');
pipes('track', 'signup');
const dataLayerPush = createQueue('dataLayer');
dataLayerPush({ event: 'pipes' }, { extra: 1 });
const uris: (string | undefined)[] = [decodeUri('a%20b'), decodeUriComponent('%20'), encodeUri('a b'), encodeUriComponent(' '), fromBase64('YQ==')];
const numbers: number = generateRandom(1, 6) + getTimestamp() + getTimestampMillis() + makeInteger('4') + makeNumber('4.5');
const version = getContainerVersion();
const versionText: string = version.containerId + version.version + version.environmentName + makeString(version.debugMode && version.previewMode);
const ids: string[] = getCookieValues('_pipes_id').concat(getCookieValues('_pipes_id', false));
const one: string | undefined = getQueryParameters('utm_source');
const every: string[] | undefined = getQueryParameters('utm_source', true);
const either: string | string[] | undefined = getReferrerQueryParameters('q', one === undefined);
const urls: string = getReferrerUrl('host') + getReferrerUrl() + getUrl('fragment') + getUrl();
const kind: string = getType([]);
gtagSet({ developer_id: { pipes: true } });
injectHiddenIframe('https://example.com/frame.html', () => logToConsole('frame'));
injectScript('https://example.com/p.js', () => logToConsole('ok'), () => logToConsole('failed'), 'pipes');
const granted: boolean = isConsentGranted('analytics_storage');
const stored: string | null = localStorage.getItem('k');
const saved: boolean = localStorage.setItem('k', 'v');
localStorage.removeItem('k');
const table = makeTableMap([{ key: 'a', value: 'b' }], 'key', 'value');
const mapped: string | undefined = table ? table['a'] : undefined;
const url = parseUrl('https://example.com/?a=1');
const host: string | undefined = url ? url.hostname + url.searchParams['a'] : undefined;
const allowed: boolean = queryPermission('inject_script', 'https://example.com/p.js') && queryPermission('access_globals', 'readwrite', 'pipes');
const analytics = readAnalyticsStorage({ cookie_prefix: 'site' });
const session: number = analytics ? analytics.sessions[0]!.session_number : 0;
const page: string = readCharacterSet() + readTitle();
sendPixel('https://example.com/p.gif');
sendPixel('https://example.com/p.gif', () => logToConsole('sent'), () => logToConsole('lost'));
setCookie('_pipes_id', 'abc', { domain: 'auto', path: '/', 'max-age': 63072000, secure: true, samesite: 'Lax' }, false);
setDefaultConsentState({ analytics_storage: 'denied', ad_storage: 'denied', region: ['DE'], wait_for_update: 500 });
sha256('x', (digest) => logToConsole(digest), () => logToConsole('no hashing'), { outputEncoding: 'hex' });
templateStorage.setItem('loaded', { at: 1 });
const loaded: unknown = templateStorage.getItem('loaded');
templateStorage.removeItem('loaded');
templateStorage.clear();
const encoded: string = toBase64('x');
updateConsentState({ analytics_storage: 'granted', custom_type: 'denied' });
export { aliased, called, fromLayer, fromWindow, uris, numbers, versionText, ids, every, either, urls, kind, granted, stored, saved, mapped, host, allowed, session, page, loaded, encoded };
`,
    'WEB',
  );
});

test('require only accepts a string literal naming a web API', () => {
  assertFails(
    `require('sendHttpRequest');
require('Promise');
require('getRequestHeader');
require('noSuchApi');
let name: string = 'getUrl';
require(name);
`,
    'WEB',
    [
      { code: 2345, line: 1, message: `Argument of type '"sendHttpRequest"' is not assignable to parameter of type 'keyof GtmApis'` },
      { code: 2345, line: 2, message: `Argument of type '"Promise"' is not assignable` },
      { code: 2345, line: 3, message: `Argument of type '"getRequestHeader"' is not assignable` },
      { code: 2345, line: 4, message: `Argument of type '"noSuchApi"' is not assignable` },
      { code: 2345, line: 6, message: "Argument of type 'string' is not assignable to parameter of type 'keyof GtmApis'" },
    ],
  );
});

test('web APIs reject wrong argument types and counts', () => {
  assertFails(
    `const getUrl = require('getUrl');
const getReferrerUrl = require('getReferrerUrl');
const injectScript = require('injectScript');
const isConsentGranted = require('isConsentGranted');
const callLater = require('callLater');
const localStorage = require('localStorage');
const gtagSet = require('gtagSet');
const getQueryParameters = require('getQueryParameters');
getUrl('hostname');
getReferrerUrl('fragment');
injectScript('https://example.com/p.js', () => 1);
isConsentGranted();
callLater(1);
localStorage.setItem('k', 1);
gtagSet('developer_id');
const first: string = getQueryParameters('a');
const all: string[] = getQueryParameters('a', true);
`,
    'WEB',
    [
      { code: 2345, line: 9, message: `Argument of type '"hostname"' is not assignable to parameter of type 'GtmUrlComponent | undefined'` },
      { code: 2345, line: 10, message: `Argument of type '"fragment"' is not assignable` },
      { code: 2554, line: 11, message: 'Expected 3-4 arguments, but got 2' },
      { code: 2554, line: 12, message: 'Expected 1 arguments, but got 0' },
      { code: 2345, line: 13, message: "Argument of type 'number' is not assignable to parameter of type '() => void'" },
      { code: 2345, line: 14, message: "Argument of type 'number' is not assignable to parameter of type 'string'" },
      { code: 2345, line: 15, message: "Argument of type 'string' is not assignable to parameter of type '{ [key: string]: unknown; }'" },
      { code: 2322, line: 16, message: "Type 'string | undefined' is not assignable to type 'string'" },
      { code: 2322, line: 17, message: "Type 'string[] | undefined' is not assignable to type 'string[]'" },
    ],
  );
});

test('the web forms of setCookie, sha256 and queryPermission are the web ones', () => {
  assertFails(
    `const setCookie = require('setCookie');
const sha256 = require('sha256');
const queryPermission = require('queryPermission');
const setDefaultConsentState = require('setDefaultConsentState');
setCookie('id', 'abc', { sameSite: 'Lax' });
setCookie('id', 'abc', { samesite: 'lax' });
setCookie('id', 42);
sha256('x', (digest) => digest, { outputEncoding: 'hex' });
queryPermission('send_http', 'https://example.com');
setDefaultConsentState({ analytics_storage: 'yes' });
`,
    'WEB',
    [
      { code: 2561, line: 5, message: "'sameSite' does not exist in type 'GtmWebCookieOptions'. Did you mean to write 'samesite'?" },
      { code: 2820, line: 6, message: `Type '"lax"' is not assignable to type '"Strict" | "Lax" | "None" | undefined'. Did you mean '"Lax"'?` },
      { code: 2345, line: 7, message: "Argument of type 'number' is not assignable to parameter of type 'string'" },
      { code: 2353, line: 8, message: "'outputEncoding' does not exist in type '() => void'" },
      { code: 2345, line: 9, message: `Argument of type '"send_http"' is not assignable to parameter of type 'GtmPermissionId'` },
      { code: 2322, line: 10, message: `Type '"yes"' is not assignable to type 'GtmConsentState | undefined'` },
    ],
  );
});
