// Every permission kind GTM has, as data: its publicId, the contexts that have it, how the settings of
// settings.ts become GTM's params (keys, order and typed values), which settings the author must write,
// and the safe default used when the author writes none. encode.ts interprets the `params` specs.
//
// Param keys and values were read from real exported templates (see test/kinds.test.ts for the export
// each expected JSON follows). GTM itself writes params in the order the author edited them, so one
// kind appears with different orders across exports; the order here is the most common one seen.
import type { Context } from '../api/catalog.ts';

export interface Column {
  /** the map key GTM writes, which is also the field name in the settings record */
  name: string;
  value: 'string' | 'boolean';
  /** written when the record leaves the field out */
  default?: string;
  /** left out of the map when the record leaves the field out */
  optional?: true;
}

/** How one settings field becomes params. Lists are never encoded when the field is 'any' or absent. */
export type ParamSpec =
  /** the field's string as is */
  | { encode: 'string'; key: string; field: string }
  /** "any" when the field is 'any' or absent, "specific" when it is a list */
  | { encode: 'anyOrSpecific'; key: string; field: string }
  /** a list of strings */
  | { encode: 'strings'; key: string; field: string }
  /** a list of strings, each wrapped in a one-column map, e.g. {headerName: 'origin'} */
  | { encode: 'wrappedStrings'; key: string; field: string; column: string }
  /** a list of records, each a map with these columns in this order */
  | { encode: 'records'; key: string; field: string; columns: Column[] }
  /** one boolean param set to true per part the list names */
  | { encode: 'partFlags'; field: string; flags: [part: string, key: string][] }
  /** a boolean param, written only when the field is set */
  | { encode: 'optionalBoolean'; key: string; field: string };

export interface PermissionKind {
  publicId: string;
  contexts: Context[];
  /** settings fields the author must write */
  required: string[];
  params: ParamSpec[];
  /**
   * Settings used when the code needs the permission and the author wrote none. Absent: the author
   * must declare the permission, because it grants access that only the author can scope.
   */
  defaultSettings?: { [field: string]: unknown };
  /** what to write, shown in problems */
  example: string;
  /** APIs that need specific parts (settings field `parts`) when the author lists parts */
  partsByApi?: { [api: string]: string[] };
}

const WEB: Context[] = ['WEB'];
const SERVER: Context[] = ['SERVER'];
const BOTH: Context[] = ['WEB', 'SERVER'];

/** A kind with nothing to configure: always added by inference when the code needs it. */
function plain(publicId: string, contexts: Context[]): PermissionKind {
  return { publicId, contexts, required: [], params: [], defaultSettings: {}, example: `${publicId}: {}` };
}

/** 'any' or a list of URL patterns, as send_pixel, send_pixel_from_browser and send_http have. */
const urlChoice: ParamSpec[] = [
  { encode: 'anyOrSpecific', key: 'allowedUrls', field: 'urls' },
  { encode: 'strings', key: 'urls', field: 'urls' },
];

/**
 * get_url and get_referrer share one shape. Exports show the 'query' flag; the other flag names are
 * getUrl's component names, not yet seen in an export.
 */
const urlRead: ParamSpec[] = [
  { encode: 'anyOrSpecific', key: 'urlParts', field: 'parts' },
  { encode: 'anyOrSpecific', key: 'queriesAllowed', field: 'queryKeys' },
  {
    encode: 'partFlags',
    field: 'parts',
    flags: [
      ['protocol', 'protocol'],
      ['host', 'host'],
      ['port', 'port'],
      ['path', 'path'],
      ['extension', 'extension'],
      ['fragment', 'fragment'],
      ['query', 'query'],
    ],
  },
  { encode: 'strings', key: 'queryKeys', field: 'queryKeys' },
];

const cookieNames: ParamSpec[] = [
  { encode: 'anyOrSpecific', key: 'cookieAccess', field: 'cookies' },
  { encode: 'strings', key: 'cookieNames', field: 'cookies' },
];

const cookieWrites: ParamSpec[] = [
  {
    encode: 'records',
    key: 'allowedCookies',
    field: 'cookies',
    columns: [
      { name: 'name', value: 'string' },
      { name: 'domain', value: 'string', default: '*' },
      { name: 'path', value: 'string', default: '*' },
      { name: 'secure', value: 'string', default: 'any' },
      { name: 'session', value: 'string', default: 'any' },
    ],
  },
];

/** Alphabetical by publicId, which is also the order infer.ts writes the section in. */
export const PERMISSION_KINDS: readonly PermissionKind[] = [
  {
    publicId: 'access_bigquery',
    contexts: SERVER,
    required: ['tables'],
    params: [
      {
        encode: 'records',
        key: 'allowedTables',
        field: 'tables',
        columns: [
          { name: 'projectId', value: 'string' },
          { name: 'datasetId', value: 'string' },
          { name: 'tableId', value: 'string' },
          { name: 'operation', value: 'string' },
        ],
      },
    ],
    example: "access_bigquery: { tables: [{ projectId: 'GOOGLE_CLOUD_PROJECT', datasetId: 'pipes', tableId: 'events', operation: 'write' }] }",
  },
  {
    publicId: 'access_consent',
    contexts: WEB,
    required: ['consentTypes'],
    params: [
      {
        encode: 'records',
        key: 'consentTypes',
        field: 'consentTypes',
        columns: [
          { name: 'consentType', value: 'string' },
          { name: 'read', value: 'boolean' },
          { name: 'write', value: 'boolean' },
        ],
      },
    ],
    example: "access_consent: { consentTypes: [{ consentType: 'analytics_storage', read: true, write: false }] }",
  },
  {
    publicId: 'access_firestore',
    contexts: SERVER,
    required: ['documents'],
    params: [
      {
        encode: 'records',
        key: 'allowedOptions',
        field: 'documents',
        columns: [
          { name: 'projectId', value: 'string' },
          { name: 'path', value: 'string' },
          { name: 'operation', value: 'string' },
          { name: 'databaseId', value: 'string', optional: true },
        ],
      },
    ],
    example: "access_firestore: { documents: [{ projectId: 'GOOGLE_CLOUD_PROJECT', path: 'pipes/*', operation: 'read' }] }",
  },
  {
    publicId: 'access_globals',
    contexts: WEB,
    required: ['keys'],
    params: [
      {
        encode: 'records',
        key: 'keys',
        field: 'keys',
        columns: [
          { name: 'key', value: 'string' },
          { name: 'read', value: 'boolean' },
          { name: 'write', value: 'boolean' },
          { name: 'execute', value: 'boolean' },
        ],
      },
    ],
    example: "access_globals: { keys: [{ key: 'pipes', read: true, write: true, execute: true }] }",
  },
  {
    publicId: 'access_local_storage',
    contexts: WEB,
    required: ['keys'],
    params: [
      {
        encode: 'records',
        key: 'keys',
        field: 'keys',
        columns: [
          { name: 'key', value: 'string' },
          { name: 'read', value: 'boolean' },
          { name: 'write', value: 'boolean' },
        ],
      },
    ],
    example: "access_local_storage: { keys: [{ key: 'pipes_queue', read: true, write: true }] }",
  },
  {
    publicId: 'access_response',
    contexts: SERVER,
    required: ['parts'],
    params: [
      { encode: 'anyOrSpecific', key: 'writeResponseAccess', field: 'parts' },
      { encode: 'anyOrSpecific', key: 'writeHeaderAccess', field: 'headers' },
      {
        encode: 'partFlags',
        field: 'parts',
        flags: [
          ['status', 'writeStatusAllowed'],
          ['headers', 'writeHeadersAllowed'],
          ['body', 'writeBodyAllowed'],
        ],
      },
      { encode: 'wrappedStrings', key: 'writeHeaderWhitelist', field: 'headers', column: 'headerName' },
    ],
    example: "access_response: { parts: ['status', 'headers', 'body'], headers: ['content-type'] }",
    // setPixelResponse sets the status (200), caching and content-type headers and a GIF body.
    partsByApi: {
      setPixelResponse: ['status', 'headers', 'body'],
      setResponseBody: ['body'],
      setResponseHeader: ['headers'],
      setResponseStatus: ['status'],
    },
  },
  plain('access_template_storage', BOTH),
  {
    publicId: 'get_cookies',
    contexts: BOTH,
    required: ['cookies'],
    params: cookieNames,
    example: "get_cookies: { cookies: ['_pipes_id'] }",
  },
  // GTM's own default for a detected get_url / get_referrer is any part and any query key
  // (exports whose instance has no clientAnnotations); reading the page's own URL grants no reach.
  { publicId: 'get_referrer', contexts: WEB, required: [], params: urlRead, defaultSettings: {}, example: "get_referrer: { parts: ['host', 'path'] }" },
  { publicId: 'get_url', contexts: WEB, required: [], params: urlRead, defaultSettings: {}, example: "get_url: { parts: 'any', queryKeys: ['utm_source'] }" },
  {
    publicId: 'inject_hidden_iframe',
    contexts: WEB,
    required: ['urls'],
    params: [{ encode: 'strings', key: 'urls', field: 'urls' }],
    example: "inject_hidden_iframe: { urls: ['https://example.com/frame.html'] }",
  },
  {
    publicId: 'inject_script',
    contexts: WEB,
    required: ['urls'],
    params: [{ encode: 'strings', key: 'urls', field: 'urls' }],
    example: "inject_script: { urls: ['https://sgtm.example.com/p/pipes.js'] }",
  },
  // Logging defaults to GTM's own default, debug and preview only: nothing reaches production consoles.
  {
    publicId: 'logging',
    contexts: BOTH,
    required: ['environments'],
    params: [{ encode: 'string', key: 'environments', field: 'environments' }],
    defaultSettings: { environments: 'debug' },
    example: "logging: { environments: 'debug' }",
  },
  plain('read_analytics_storage', WEB),
  plain('read_character_set', WEB),
  plain('read_container_data', BOTH),
  {
    publicId: 'read_data_layer',
    contexts: WEB,
    required: ['keys'],
    params: [
      { encode: 'anyOrSpecific', key: 'allowedKeys', field: 'keys' },
      { encode: 'strings', key: 'keyPatterns', field: 'keys' },
    ],
    example: "read_data_layer: { keys: ['event'] }",
  },
  {
    publicId: 'read_event_data',
    contexts: SERVER,
    required: ['keys'],
    params: [
      { encode: 'anyOrSpecific', key: 'eventDataAccess', field: 'keys' },
      { encode: 'strings', key: 'keyPatterns', field: 'keys' },
    ],
    example: "read_event_data: { keys: ['page_location'] }",
  },
  plain('read_event_metadata', BOTH),
  {
    publicId: 'read_request',
    contexts: SERVER,
    required: ['parts'],
    params: [
      { encode: 'anyOrSpecific', key: 'requestAccess', field: 'parts' },
      { encode: 'anyOrSpecific', key: 'headerAccess', field: 'headers' },
      { encode: 'anyOrSpecific', key: 'queryParameterAccess', field: 'queryParameters' },
      {
        encode: 'partFlags',
        field: 'parts',
        flags: [
          ['body', 'bodyAllowed'],
          ['headers', 'headersAllowed'],
          ['method', 'methodAllowed'],
          ['path', 'pathAllowed'],
          ['queryParameters', 'queryParametersAllowed'],
          ['queryString', 'queryStringAllowed'],
          ['remoteAddress', 'remoteAddressAllowed'],
        ],
      },
      { encode: 'wrappedStrings', key: 'headerWhitelist', field: 'headers', column: 'headerName' },
      { encode: 'wrappedStrings', key: 'queryParameterWhitelist', field: 'queryParameters', column: 'queryParameter' },
    ],
    example: "read_request: { parts: ['body', 'headers', 'method', 'path'], headers: ['origin', 'user-agent'] }",
    // isRequestMpv1/2 and extractEventsFromMpv1/2 read several parts; which ones GTM checks is not documented.
    partsByApi: {
      getRemoteAddress: ['remoteAddress'],
      getRequestBody: ['body'],
      getRequestHeader: ['headers'],
      getRequestMethod: ['method'],
      getRequestPath: ['path'],
      getRequestQueryParameter: ['queryParameters'],
      getRequestQueryParameters: ['queryParameters'],
      getRequestQueryString: ['queryString'],
    },
  },
  plain('read_title', WEB),
  plain('return_response', SERVER),
  plain('run_container', SERVER),
  {
    publicId: 'send_http',
    contexts: SERVER,
    required: ['urls'],
    params: [...urlChoice, { encode: 'optionalBoolean', key: 'allowGoogleDomains', field: 'allowGoogleDomains' }],
    example: "send_http: { urls: ['https://storage.googleapis.com/*'] }",
  },
  {
    publicId: 'send_pixel',
    contexts: WEB,
    required: ['urls'],
    params: urlChoice,
    example: "send_pixel: { urls: ['https://sgtm.example.com/p/collect*'] }",
  },
  {
    publicId: 'send_pixel_from_browser',
    contexts: SERVER,
    required: ['urls'],
    params: urlChoice,
    example: "send_pixel_from_browser: { urls: ['https://example.com/pixel*'] }",
  },
  {
    publicId: 'set_cookies',
    contexts: BOTH,
    required: ['cookies'],
    params: cookieWrites,
    example: "set_cookies: { cookies: [{ name: '_pipes_id', domain: '*', path: '*', secure: 'any', session: 'any' }] }",
  },
  {
    publicId: 'use_custom_private_keys',
    contexts: SERVER,
    required: ['keyIds'],
    params: [{ encode: 'strings', key: 'keyIds', field: 'keyIds' }],
    example: "use_custom_private_keys: { keyIds: ['pipes-user-id'] }",
  },
  {
    publicId: 'use_google_credentials',
    contexts: SERVER,
    required: ['scopes'],
    params: [{ encode: 'strings', key: 'allowedScopes', field: 'scopes' }],
    example: "use_google_credentials: { scopes: ['https://www.googleapis.com/auth/devstorage.read_write'] }",
  },
  {
    publicId: 'use_message',
    contexts: SERVER,
    required: ['messages'],
    params: [
      { encode: 'anyOrSpecific', key: 'allowedActions', field: 'messages' },
      {
        encode: 'records',
        key: 'messageTypes',
        field: 'messages',
        columns: [
          { name: 'type', value: 'string' },
          { name: 'action', value: 'string' },
        ],
      },
    ],
    example: "use_message: { messages: [{ type: 'pipes_stored', action: 'send' }] }",
  },
  {
    publicId: 'write_data_layer',
    contexts: WEB,
    required: ['keys'],
    params: [{ encode: 'strings', key: 'keyPatterns', field: 'keys' }],
    example: "write_data_layer: { keys: ['developer_id.*'] }",
  },
];

/** The kind with this publicId that the context has, if any. */
export function kindIn(publicId: string, context: Context): PermissionKind | undefined {
  return PERMISSION_KINDS.find((kind) => kind.publicId === publicId && kind.contexts.includes(context));
}

/** Whether any context has a kind with this publicId. */
export function isKnownKind(publicId: string): boolean {
  return PERMISSION_KINDS.some((kind) => kind.publicId === publicId);
}
