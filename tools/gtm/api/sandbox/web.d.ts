// APIs of web templates (`___SANDBOXED_JS_FOR_WEB_TEMPLATE___`), merged into `GtmApis` from common.d.ts.
// Source: https://developers.google.com/tag-platform/tag-manager/templates/api. Where that page could not be read in
// full, signatures follow stape's paraphrase of it (stape-io/google-tag-manager-apis-intellisense) and real exports.

/** Permissions of web templates (https://developers.google.com/tag-platform/tag-manager/templates/permissions). */
type GtmPermissionId =
  | 'access_consent'
  | 'access_globals'
  | 'access_local_storage'
  | 'access_template_storage'
  | 'get_cookies'
  | 'get_referrer'
  | 'get_url'
  | 'inject_hidden_iframe'
  | 'inject_script'
  | 'logging'
  | 'read_analytics_storage'
  | 'read_character_set'
  | 'read_container_data'
  | 'read_data_layer'
  | 'read_event_metadata'
  | 'read_title'
  | 'send_pixel'
  | 'set_cookies'
  | 'write_data_layer';

type GtmConsentState = 'granted' | 'denied';

/** Consent types to update; the named ones are Google's, other names are allowed. */
interface GtmConsentUpdate {
  ad_storage?: GtmConsentState;
  ad_user_data?: GtmConsentState;
  ad_personalization?: GtmConsentState;
  analytics_storage?: GtmConsentState;
  functionality_storage?: GtmConsentState;
  personalization_storage?: GtmConsentState;
  security_storage?: GtmConsentState;
  [consentType: string]: GtmConsentState | undefined;
}

interface GtmDefaultConsentState {
  ad_storage?: GtmConsentState;
  ad_user_data?: GtmConsentState;
  ad_personalization?: GtmConsentState;
  analytics_storage?: GtmConsentState;
  functionality_storage?: GtmConsentState;
  personalization_storage?: GtmConsentState;
  security_storage?: GtmConsentState;
  /** ISO 3166-2 region codes the defaults apply to. */
  region?: string[];
  /** Milliseconds to wait for an update before tags that need consent fire. */
  wait_for_update?: number;
  [consentType: string]: GtmConsentState | string[] | number | undefined;
}

type GtmUrlComponent = 'protocol' | 'host' | 'port' | 'path' | 'query' | 'extension' | 'fragment';

interface GtmWebCookieOptions {
  /** `'auto'` picks the broadest domain the page may set. */
  domain?: string;
  path?: string;
  /** Seconds; takes precedence over `expires`. */
  'max-age'?: number;
  /** A date in UTC string form. */
  expires?: string;
  secure?: boolean;
  samesite?: 'Strict' | 'Lax' | 'None';
}

interface GtmAnalyticsStorage {
  client_id: string;
  sessions: { measurement_id: string; session_id: string; session_number: number }[];
}

interface GtmLocalStorage {
  /** `null` when the key is absent. */
  getItem(key: string): string | null;
  setItem(key: string, value: string): boolean;
  removeItem(key: string): void;
}

/** Lives as long as the page; stores values by reference, not as strings. */
interface GtmTemplateStorage {
  getItem(key: string): unknown;
  setItem(key: string, value: unknown): void;
  removeItem(key: string): void;
  clear(): void;
}

interface GtmApis {
  /**
   * Runs `listener` each time the consent type changes between denied and granted. An unset type counts as
   * granted, so setting it to granted does not call the listener.
   */
  addConsentListener(consentType: string, listener: (consentType: string, granted: boolean) => void): void;
  /** `window[toPath] = window[fromPath]` (dotted paths; all but the last part of `toPath` must exist). */
  aliasInWindow(toPath: string, fromPath: string): boolean;
  /** Calls the function at a dotted path of `window`; a result the sandbox cannot represent comes back undefined. */
  callInWindow(pathToFunction: string, ...args: unknown[]): unknown;
  /** The data layer's value at a dotted key; `dataLayerVersion` defaults to 2 (1 is discouraged). */
  copyFromDataLayer(key: string, dataLayerVersion?: number): unknown;
  /** A deep copy of the value at a dotted path of `window` (expensive for large values). */
  copyFromWindow(key: string): unknown;
  /** Creates `window[fnKey]`, a function that pushes its `arguments` onto the array `window[arrayKey]`, and returns it. */
  createArgumentsQueue(fnKey: string, arrayKey: string): (...args: unknown[]) => void;
  /** Creates the array `window[arrayKey]` if needed and returns a function that pushes onto it. */
  createQueue(arrayKey: string): (...values: unknown[]) => void;
  /** Returns `undefined` for invalid input (a lone surrogate). */
  encodeUri(uri: string): string | undefined;
  /** Returns `undefined` for invalid input (a lone surrogate). */
  encodeUriComponent(str: string): string | undefined;
  /** Values of every cookie with this name, decoded with decodeURIComponent unless `decode` is false. */
  getCookieValues(name: string, decode?: boolean): string[];
  getQueryParameters(queryKey: string, retrieveAll: true): string[] | undefined;
  getQueryParameters(queryKey: string, retrieveAll?: false): string | undefined;
  /** The first value of the current URL's query parameter, or all of them when `retrieveAll` is true. */
  getQueryParameters(queryKey: string, retrieveAll?: boolean): string | string[] | undefined;
  getReferrerQueryParameters(queryKey: string, retrieveAll: true): string[] | undefined;
  getReferrerQueryParameters(queryKey: string, retrieveAll?: false): string | undefined;
  /** Like getQueryParameters, for the referrer. */
  getReferrerQueryParameters(queryKey: string, retrieveAll?: boolean): string | string[] | undefined;
  /** The referrer, or one part of it. */
  getReferrerUrl(component?: Exclude<GtmUrlComponent, 'fragment'>): string;
  /** The current URL, or one part of it. */
  getUrl(component?: GtmUrlComponent): string;
  /** Pushes a gtag `set` command, processed after the current event and before anything queued. */
  gtagSet(settings: { [key: string]: unknown }): void;
  /** Adds an invisible iframe loading `url`. */
  injectHiddenIframe(url: string, onSuccess: () => void): void;
  /** Adds an async script tag; with a `cacheToken`, later calls for the same URL reuse the first load. */
  injectScript(url: string, onSuccess: () => void, onFailure: () => void, cacheToken?: string): void;
  /** True when granted or not set; always true for tags set to fire regardless of consent. */
  isConsentGranted(consentType: string): boolean;
  localStorage: GtmLocalStorage;
  readAnalyticsStorage(cookieOptions?: {
    cookie_prefix?: string;
    cookie_domain?: string;
    cookie_path?: string;
  }): GtmAnalyticsStorage | undefined;
  /** `document.characterSet` */
  readCharacterSet(): string;
  /** `document.title` */
  readTitle(): string;
  /** A GET request to `url` as an image. `onFailure` also runs when the response is not an image. */
  sendPixel(url: string, onSuccess?: () => void, onFailure?: () => void): void;
  /** Sets (or, with an expiry in the past, deletes) a cookie; `encode` (default true) applies encodeURIComponent. */
  setCookie(name: string, value: string, options?: GtmWebCookieOptions, encode?: boolean): void;
  /** Pushes a consent `default` command, processed after the current event and before anything queued. */
  setDefaultConsentState(consentSettings: GtmDefaultConsentState): void;
  /** Sets `window[key]`; an existing value is kept unless `overrideExisting`. Returns whether it was set. */
  setInWindow(key: string, value: unknown, overrideExisting?: boolean): boolean;
  /**
   * Calls `onSuccess` with the SHA-256 digest of `input` (base64 unless `outputEncoding` says 'hex'), or
   * `onFailure` when the browser cannot hash.
   */
  sha256(
    input: string,
    onSuccess: (digest: string) => void,
    onFailure?: () => void,
    options?: { outputEncoding?: 'base64' | 'hex' },
  ): void;
  templateStorage: GtmTemplateStorage;
  toBase64(input: string): string;
  /** Pushes a consent `update` command, processed after the current event and before anything queued. */
  updateConsentState(consentSettings: GtmConsentUpdate): void;
}
