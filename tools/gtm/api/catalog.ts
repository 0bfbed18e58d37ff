// Every API a template may `require`, the contexts that have it and the permission it needs (null: none).
// The `GtmApis` declarations (sandbox/common.d.ts plus web.d.ts or server.d.ts) list exactly these names per context,
// and their `GtmPermissionId` exactly these permissions (test/catalog.test.ts keeps them equal).
export type Context = 'WEB' | 'SERVER';

export interface ApiEntry {
  /** permission publicId this API needs in the web context, or null when it needs none; absent: not in web */
  web?: string | null;
  /** same for the server context */
  server?: string | null;
}

const both = (permission: string | null): ApiEntry => ({ web: permission, server: permission });
const web = (permission: string | null): ApiEntry => ({ web: permission });
const server = (permission: string | null): ApiEntry => ({ server: permission });

export const API_CATALOG: Readonly<Record<string, ApiEntry>> = {
  // both contexts
  addEventCallback: both('read_event_metadata'),
  callLater: both(null),
  decodeUri: both(null),
  decodeUriComponent: both(null),
  encodeUri: both(null),
  encodeUriComponent: both(null),
  fromBase64: both(null),
  generateRandom: both(null),
  getContainerVersion: both('read_container_data'),
  getCookieValues: both('get_cookies'),
  getTimestamp: both(null),
  getTimestampMillis: both(null),
  getType: both(null),
  JSON: both(null),
  logToConsole: both('logging'),
  makeInteger: both(null),
  makeNumber: both(null),
  makeString: both(null),
  makeTableMap: both(null),
  Math: both(null),
  Object: both(null),
  parseUrl: both(null),
  queryPermission: both(null),
  setCookie: both('set_cookies'),
  sha256: both(null),
  toBase64: both(null),
  // web only
  addConsentListener: web('access_consent'),
  aliasInWindow: web('access_globals'),
  callInWindow: web('access_globals'),
  copyFromDataLayer: web('read_data_layer'),
  copyFromWindow: web('access_globals'),
  createArgumentsQueue: web('access_globals'),
  createQueue: web('access_globals'),
  getQueryParameters: web('get_url'),
  getReferrerQueryParameters: web('get_referrer'),
  getReferrerUrl: web('get_referrer'),
  getUrl: web('get_url'),
  gtagSet: web('write_data_layer'),
  injectHiddenIframe: web('inject_hidden_iframe'),
  injectScript: web('inject_script'),
  isConsentGranted: web('access_consent'),
  localStorage: web('access_local_storage'),
  readAnalyticsStorage: web('read_analytics_storage'),
  readCharacterSet: web('read_character_set'),
  readTitle: web('read_title'),
  sendPixel: web('send_pixel'),
  setDefaultConsentState: web('access_consent'),
  setInWindow: web('access_globals'),
  templateStorage: web('access_template_storage'),
  updateConsentState: web('access_consent'),
  // server only
  addMessageListener: server('use_message'),
  BigQuery: server('access_bigquery'),
  claimRequest: server(null),
  computeEffectiveTldPlusOne: server(null),
  createRegex: server(null),
  extractEventsFromMpv1: server('read_request'),
  extractEventsFromMpv2: server('read_request'),
  Firestore: server('access_firestore'),
  getAllEventData: server('read_event_data'),
  getClientName: server('read_container_data'),
  getEventData: server('read_event_data'),
  getGoogleAuth: server('use_google_credentials'),
  // [OBS] an exported client calling it has send_http with allowGoogleDomains (it also calls sendHttpGet)
  getGoogleScript: server('send_http'),
  getRemoteAddress: server('read_request'),
  getRequestBody: server('read_request'),
  getRequestHeader: server('read_request'),
  getRequestMethod: server('read_request'),
  getRequestPath: server('read_request'),
  getRequestQueryParameter: server('read_request'),
  getRequestQueryParameters: server('read_request'),
  getRequestQueryString: server('read_request'),
  hasMessageListener: server('use_message'),
  hmacSha256: server('use_custom_private_keys'),
  isRequestMpv1: server('read_request'),
  isRequestMpv2: server('read_request'),
  Promise: server(null),
  returnResponse: server('return_response'),
  runContainer: server('run_container'),
  // [OBS] an exported tag whose only network API is this one has send_http with allowGoogleDomains
  sendEventToGoogleAnalytics: server('send_http'),
  sendHttpGet: server('send_http'),
  sendHttpRequest: server('send_http'),
  sendMessage: server('use_message'),
  sendPixelFromBrowser: server('send_pixel_from_browser'),
  setPixelResponse: server('access_response'),
  setResponseBody: server('access_response'),
  setResponseHeader: server('access_response'),
  setResponseStatus: server('access_response'),
  sha256Sync: server(null),
  templateDataStorage: server('access_template_storage'),
  testRegex: server(null),
};

/** The API's entry in one context, or undefined when that context has no such API. */
export function apiInContext(name: string, context: Context): { permission: string | null } | undefined {
  const entry = Object.hasOwn(API_CATALOG, name) ? API_CATALOG[name] : undefined;
  const permission = context === 'WEB' ? entry?.web : entry?.server;
  return permission === undefined ? undefined : { permission };
}

export function apiNames(context: Context): string[] {
  return Object.keys(API_CATALOG).filter((name) => apiInContext(name, context) !== undefined);
}
