// The permission settings a template author writes in template.ts, one entry per permission kind.
// This module is types only and names no library type (no Record, Partial, Map...): it is also type-checked
// inside the sandbox program, which has GTM's standard library instead of TypeScript's. Lists are
// `readonly T[]` so that definitions written `as const` fit.
// `kinds.ts` turns each entry into GTM's typed-value JSON; `infer.ts` decides which entries are needed.
//
// Conventions shared by every kind:
// - 'any' stands for GTM's "Any" choice; a list stands for "Specific" with those values.
// - Names follow GTM's own where they read well (keys, urls, environments, keyIds); lists of records
//   use GTM's column names (key/read/write/execute, name/domain/path/secure/session, projectId/...).
// - Kinds without configuration take `{}`; they never need to be written, inference adds them.

/** A kind with nothing to configure. */
export interface NoSettings {
  [key: string]: never;
}

/** URL match patterns as GTM writes them, e.g. 'https://storage.googleapis.com/*'. */
export type UrlPatterns = readonly string[];

// ----- shared shapes -----

export interface LoggingSettings {
  /** 'debug': only in preview and debug mode (GTM's default); 'all': also in production. */
  environments: 'debug' | 'all';
}

export interface GetCookiesSettings {
  /** names of the cookies the code reads */
  cookies: 'any' | readonly string[];
}

export interface CookieWrite {
  name: string;
  /** default '*' (any domain) */
  domain?: string;
  /** default '*' (any path) */
  path?: string;
  /** 'secure': only cookies set with `secure: true`; default 'any' */
  secure?: 'any' | 'secure';
  /** 'non_session': only cookies with an expiry; default 'any' */
  session?: 'any' | 'non_session';
}

export interface SetCookiesSettings {
  cookies: readonly CookieWrite[];
}

// ----- web -----

export interface ConsentTypeAccess {
  /** e.g. 'analytics_storage' */
  consentType: string;
  read: boolean;
  write: boolean;
}

export interface GlobalKeyAccess {
  /** dot-separated path on window, e.g. 'pipes' or 'pipes.q' */
  key: string;
  read: boolean;
  write: boolean;
  execute: boolean;
}

export interface LocalStorageKeyAccess {
  key: string;
  read: boolean;
  write: boolean;
}

/** The components getUrl / getReferrerUrl take. */
export type UrlPart = 'protocol' | 'host' | 'port' | 'path' | 'extension' | 'fragment' | 'query';

export interface UrlReadSettings {
  /** default 'any' */
  parts?: 'any' | readonly UrlPart[];
  /** query parameters that may be read; default 'any' */
  queryKeys?: 'any' | readonly string[];
}

export interface WebPermissionSettings {
  access_consent?: { consentTypes: readonly ConsentTypeAccess[] };
  access_globals?: { keys: readonly GlobalKeyAccess[] };
  access_local_storage?: { keys: readonly LocalStorageKeyAccess[] };
  access_template_storage?: NoSettings;
  get_cookies?: GetCookiesSettings;
  get_referrer?: UrlReadSettings;
  get_url?: UrlReadSettings;
  inject_hidden_iframe?: { urls: UrlPatterns };
  inject_script?: { urls: UrlPatterns };
  logging?: LoggingSettings;
  read_analytics_storage?: NoSettings;
  read_character_set?: NoSettings;
  read_container_data?: NoSettings;
  /** data layer keys (patterns such as 'gtm.*' allowed) that copyFromDataLayer reads */
  read_data_layer?: { keys: 'any' | readonly string[] };
  read_event_metadata?: NoSettings;
  read_title?: NoSettings;
  send_pixel?: { urls: 'any' | UrlPatterns };
  set_cookies?: SetCookiesSettings;
  /** data layer keys (patterns allowed) that gtagSet writes */
  write_data_layer?: { keys: readonly string[] };
}

// ----- server -----

export interface BigQueryTableAccess {
  /** 'GOOGLE_CLOUD_PROJECT' allows the project of the environment when the code omits projectId */
  projectId: string;
  datasetId: string;
  tableId: string;
  operation: 'write';
}

export interface FirestoreAccess {
  /** 'GOOGLE_CLOUD_PROJECT' allows the project of the environment; '*' any project */
  projectId: string;
  /** document path pattern, e.g. 'users/*' */
  path: string;
  operation: 'read' | 'write' | 'read_write';
  /** e.g. '(default)'; omitted: GTM's default database */
  databaseId?: string;
}

export type ResponsePart = 'status' | 'headers' | 'body';

export interface ResponseWriteSettings {
  /** which parts of the response the code sets */
  parts: 'any' | readonly ResponsePart[];
  /** response headers the code may set; default 'any' */
  headers?: 'any' | readonly string[];
}

export type RequestPart = 'body' | 'headers' | 'method' | 'path' | 'queryParameters' | 'queryString' | 'remoteAddress';

export interface RequestReadSettings {
  /** which parts of the request the code reads */
  parts: 'any' | readonly RequestPart[];
  /** request headers the code may read; default 'any' */
  headers?: 'any' | readonly string[];
  /** query parameters the code may read; default 'any' */
  queryParameters?: 'any' | readonly string[];
}

export interface MessageAccess {
  /** message type, e.g. 'pipes_event_stored' */
  type: string;
  action: 'send' | 'listen';
}

export interface ServerPermissionSettings {
  access_bigquery?: { tables: readonly BigQueryTableAccess[] };
  access_firestore?: { documents: readonly FirestoreAccess[] };
  access_response?: ResponseWriteSettings;
  access_template_storage?: NoSettings;
  get_cookies?: GetCookiesSettings;
  logging?: LoggingSettings;
  read_container_data?: NoSettings;
  /** event data keys (patterns allowed) the code reads */
  read_event_data?: { keys: 'any' | readonly string[] };
  read_event_metadata?: NoSettings;
  read_request?: RequestReadSettings;
  return_response?: NoSettings;
  run_container?: NoSettings;
  send_http?: {
    urls: 'any' | UrlPatterns;
    /** also allow Google's own domains (GTM's "Allow Google Domains" box) */
    allowGoogleDomains?: boolean;
  };
  send_pixel_from_browser?: { urls: 'any' | UrlPatterns };
  set_cookies?: SetCookiesSettings;
  /** ids of the private keys configured on the server that hmacSha256 may use */
  use_custom_private_keys?: { keyIds: readonly string[] };
  /** OAuth scopes getGoogleAuth may request */
  use_google_credentials?: { scopes: readonly string[] };
  use_message?: { messages: 'any' | readonly MessageAccess[] };
}

export type PermissionSettings = WebPermissionSettings | ServerPermissionSettings;

/** The settings of one context: `PermissionSettingsOf<'SERVER'>`. */
export type PermissionSettingsOf<C extends 'WEB' | 'SERVER'> = C extends 'WEB'
  ? WebPermissionSettings
  : ServerPermissionSettings;
