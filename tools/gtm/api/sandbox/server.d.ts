// APIs of server templates (`___SANDBOXED_JS_FOR_SERVER___`), merged into `GtmApis` from common.d.ts.
// Source: https://developers.google.com/tag-platform/tag-manager/server-side/api. Where that page could not be read
// in full, signatures follow stape's paraphrase of it (stape-io/google-tag-manager-apis-intellisense) and real exports.

/** Permissions of server templates (https://developers.google.com/tag-platform/tag-manager/server-side/permissions). */
type GtmPermissionId =
  | 'access_bigquery'
  | 'access_firestore'
  | 'access_response'
  | 'access_template_storage'
  | 'get_cookies'
  | 'logging'
  | 'read_container_data'
  | 'read_event_data'
  | 'read_event_metadata'
  | 'read_request'
  | 'return_response'
  | 'run_container'
  | 'send_http'
  | 'send_pixel_from_browser'
  | 'set_cookies'
  | 'use_custom_private_keys'
  | 'use_google_credentials'
  | 'use_message';

// ---------------------------------------------------------------------------------------------------------------
// Promises. `require('Promise')` gives `create` and `all`, not ECMAScript's constructor; instances have then, catch
// and finally. A sandbox promise that has not settled after 5 seconds rejects.
// ---------------------------------------------------------------------------------------------------------------

/**
 * A sandbox promise resolving to `T`. `E` is what it rejects with when the API documents that (for example
 * {@link GtmHttpRejection}); otherwise it is `any`, like ECMAScript's rejection reasons.
 */
interface GtmPromise<T, E = any> {
  then<R1 = T, E1 = never>(onFulfilled: (value: T) => R1 | GtmPromise<R1, E1>): GtmPromise<R1, E | E1>;
  then<R1 = T, R2 = never, E1 = never, E2 = never>(
    onFulfilled: ((value: T) => R1 | GtmPromise<R1, E1>) | undefined,
    onRejected: (reason: E) => R2 | GtmPromise<R2, E2>,
  ): GtmPromise<R1 | R2, E1 | E2>;
  catch<R = never, E1 = never>(onRejected: (reason: E) => R | GtmPromise<R, E1>): GtmPromise<T | R, E1>;
  finally(onFinally: () => void): GtmPromise<T, E>;
}

/** The value a promise (or a plain value, as `Promise.all` accepts) settles to. */
type GtmPromiseValue<P> = P extends GtmPromise<infer V, any> ? V : P;

interface GtmPromiseApi {
  /** Like `new Promise(resolver)`; there is no `new` in the sandbox. */
  create<T>(resolver: (resolve: (value: T | GtmPromise<T>) => void, reject: (reason?: unknown) => void) => void): GtmPromise<T>;
  /** Resolves with every input's value, in order, once all have resolved; rejects as soon as one rejects. */
  all<T extends readonly unknown[] | []>(inputs: T): GtmPromise<{ -readonly [I in keyof T]: GtmPromiseValue<T[I]> }>;
}

// ---------------------------------------------------------------------------------------------------------------
// Outbound HTTP and Google credentials.
// ---------------------------------------------------------------------------------------------------------------

/** An opaque credential from `getGoogleAuth`, for `authorization` in HTTP options. */
interface GtmGoogleAuth {
  readonly __gtmGoogleAuth: never;
}

type GtmHttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

interface GtmHttpGetOptions {
  headers?: { [name: string]: string };
  /** Milliseconds before the request is abandoned; 15000 by default. */
  timeout?: number;
  /** Adds a Google Cloud `Authorization` header made from application default credentials. */
  authorization?: GtmGoogleAuth;
}

interface GtmHttpRequestOptions extends GtmHttpGetOptions {
  /** GET by default. */
  method?: GtmHttpMethod;
}

interface GtmHttpResponse {
  statusCode: number;
  headers: { [name: string]: string };
  body: string;
}

/** What sendHttpRequest and sendHttpGet reject with. */
interface GtmHttpRejection {
  reason: 'failed' | 'timed_out';
}

type GtmHttpCallback = (statusCode: number, headers: { [name: string]: string }, body: string) => void;

// ---------------------------------------------------------------------------------------------------------------
// Google Cloud data stores.
// ---------------------------------------------------------------------------------------------------------------

interface GtmBigQueryTable {
  /** Defaults to the GOOGLE_CLOUD_PROJECT environment variable when the permission allows it. */
  projectId?: string;
  datasetId: string;
  tableId: string;
}

interface GtmBigQueryApi {
  /** Streams rows into a table; resolves once they are inserted. */
  insert(
    connectionInfo: GtmBigQueryTable,
    rows: object[],
    options?: { ignoreUnknownValues?: boolean; skipInvalidRows?: boolean },
  ): GtmPromise<void>;
}

interface GtmFirestoreDocument {
  id: string;
  data: { [field: string]: unknown };
}

type GtmFirestoreOperator = '<' | '<=' | '==' | '>' | '>=' | '!=' | 'array-contains' | 'array-contains-any' | 'in' | 'not-in';

/** `[fieldPath, operator, expectedValue]` */
type GtmFirestoreCondition = [string, GtmFirestoreOperator, unknown];

/** Firestore in Native mode, default database only. Paths must not start or end with '/'. */
interface GtmFirestoreApi {
  /** Rejects when the document does not exist. Responses are cached for the container run unless `disableCache`. */
  read(path: string, options?: { projectId?: string; disableCache?: boolean; transaction?: string }): GtmPromise<GtmFirestoreDocument>;
  /** Resolves to the written document's id; writing to a collection path adds a document with a generated id. */
  write(path: string, input: object, options?: { projectId?: string; merge?: boolean; transaction?: string }): GtmPromise<string>;
  /** Resolves to the matching documents (at most `limit`, 5 by default), or an empty array. */
  query(
    collection: string,
    queryConditions: GtmFirestoreCondition[],
    options?: { projectId?: string; disableCache?: boolean; limit?: number; transaction?: string },
  ): GtmPromise<GtmFirestoreDocument[]>;
  /** Runs reads and writes atomically (retried up to twice); resolves to the ids of the written documents. */
  runTransaction(callback: (transaction: string) => GtmPromise<unknown>, options?: { projectId?: string }): GtmPromise<string[]>;
}

// ---------------------------------------------------------------------------------------------------------------
// The request, the response and the container.
// ---------------------------------------------------------------------------------------------------------------

interface GtmServerCookieOptions {
  /** `'auto'` derives the domain from the request's host. */
  domain?: string;
  /** Used when `'auto'` cannot derive a domain. */
  fallbackDomain?: string;
  path?: string;
  /** Seconds; takes precedence over `expires`. */
  'max-age'?: number;
  /** A date in UTC string form. */
  expires?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'strict' | 'lax' | 'none';
}

/** Binds an API such as addEventCallback to the event that runContainer is running. */
type GtmBindToEvent = <F extends (...args: never[]) => unknown>(api: F) => F;

type GtmBodyEncoding = 'ascii' | 'utf8' | 'utf16le' | 'ucs2' | 'base64' | 'latin1' | 'binary' | 'hex';

/** Key-value store shared by the runs of one template on one server instance (per request in preview). */
interface GtmTemplateDataStorage {
  /** A copy of the stored value, or null. */
  getItemCopy(key: string): unknown;
  /** Stores a copy; storing null removes the key. */
  setItemCopy(key: string, value: unknown): void;
  removeItem(key: string): void;
  clear(): void;
}

interface GtmApis {
  /** Runs `callback` synchronously whenever a message of this type is sent (see sendMessage). */
  addMessageListener(messageType: string, callback: (messageType: string, message: GtmEventData) => void): void;
  BigQuery: GtmBigQueryApi;
  /** In a client, claims the request so that no other client runs. Throws when called after the client returned. */
  claimRequest(): void;
  /** The eTLD+1 of a domain or URL by the Public Suffix List; '' when the input is neither. */
  computeEffectiveTldPlusOne(domainOrUrl: string): string;
  /** An RE2 regex; `flags` may contain 'g' and 'i'. `null` when the pattern is invalid. */
  createRegex(pattern: string, flags?: string): GtmRegex | null;
  encodeUri(uri: string): string;
  encodeUriComponent(str: string): string;
  /** The events of a Measurement Protocol v1 request, in the common event format; throws for other requests. */
  extractEventsFromMpv1(): GtmEventData[];
  /** The events of a Measurement Protocol v2 request, in the common event format; throws for other requests. */
  extractEventsFromMpv2(): GtmEventData[];
  Firestore: GtmFirestoreApi;
  /** A copy of the event data. */
  getAllEventData(): GtmEventData;
  getClientName(): string;
  /** Values of every cookie with this name of the request, decoded unless `noDecode`. */
  getCookieValues(name: string, noDecode?: boolean): string[];
  /** A copy of the event data at a dotted path (object keys or array indices); undefined when absent. */
  getEventData(keyPath: string): unknown;
  /** Credentials of the server's environment (application default credentials) for these OAuth scopes. */
  getGoogleAuth(scopes: { scopes: string[] }): GtmGoogleAuth;
  /** Older callback form, still accepted (seen in exported clients). */
  getGoogleScript(
    script: 'ANALYTICS' | 'GTAG' | 'GTM',
    callback: (script: string, metadata: { [header: string]: string }) => void,
    options?: { id?: string; debug?: boolean; timeout?: number },
  ): void;
  /** Fetches one of Google's scripts with its caching headers as `metadata`. */
  getGoogleScript(
    script: 'ANALYTICS' | 'GTAG' | 'GTM',
    options?: { id?: string; debug?: boolean; timeout?: number },
  ): GtmPromise<{ script: string; metadata: { [header: string]: string } }, { reason: string }>;
  /** The client's IP address from Forwarded / X-Forwarded-For, best effort. */
  getRemoteAddress(): string;
  getRequestBody(): string | undefined;
  /** A repeated header's values are joined with ', '. The name is case-insensitive. */
  getRequestHeader(headerName: string): string | undefined;
  getRequestMethod(): string;
  /** The path without the query, with the server container URL's own path prefix removed. */
  getRequestPath(): string;
  /** The first value of a decoded query parameter. */
  getRequestQueryParameter(name: string): string | undefined;
  /** Decoded query parameters; a repeated one maps to an array. */
  getRequestQueryParameters(): { [name: string]: string | string[] };
  /** The query string without '?', or ''. */
  getRequestQueryString(): string;
  hasMessageListener(messageType: string): boolean;
  /** HMAC-SHA256 with a key from the server's SGTM_CREDENTIALS file; base64url unless `outputEncoding` says otherwise. */
  hmacSha256(data: string, keyId: string, options?: { outputEncoding?: 'hex' | 'base64' | 'base64url' }): string;
  isRequestMpv1(): boolean;
  isRequestMpv2(): boolean;
  Promise: GtmPromiseApi;
  /** Sends the response built with setCookie and the setResponse* APIs (200, empty body by default). */
  returnResponse(): void;
  /**
   * Runs the container (triggers, variables, tags) for one event. Both callbacks receive `bindToEvent`; `onComplete`
   * runs after all tags fired, `onStart` before they start.
   */
  runContainer(event: object, onComplete?: (bindToEvent: GtmBindToEvent) => void, onStart?: (bindToEvent: GtmBindToEvent) => void): void;
  /** Sends one event in the common event format to Google Analytics; resolves to `{ location }` when GA redirects. */
  sendEventToGoogleAnalytics(event: object): GtmPromise<{ location?: string }, { reason: string }>;
  /** Older callback form, still accepted (seen in exported clients). */
  sendHttpGet(url: string, callback: GtmHttpCallback, options?: GtmHttpGetOptions): void;
  sendHttpGet(url: string, options?: GtmHttpGetOptions): GtmPromise<GtmHttpResponse, GtmHttpRejection>;
  /** Older callback form, still accepted (seen in gallery templates). Templates need the promise form for `authorization`. */
  sendHttpRequest(url: string, callback: GtmHttpCallback, options?: Omit<GtmHttpRequestOptions, 'authorization'>, body?: string): void;
  sendHttpRequest(url: string, options?: GtmHttpRequestOptions, body?: string): GtmPromise<GtmHttpResponse, GtmHttpRejection>;
  /** Sends `message` to the listener for `messageType` (from a tag back to the client); a non-object is ignored. */
  sendMessage(messageType: string, message: object): void;
  /** Asks the GA4 web tag that sent the request to load `url` as an image. False when that is not possible. */
  sendPixelFromBrowser(url: string): boolean;
  /** Sets the response's cookie (sent by returnResponse). */
  setCookie(name: string, value: string, options?: GtmServerCookieOptions, noEncode?: boolean): void;
  /** A 1×1 GIF body with image/gif, no-cache headers and status 200. */
  setPixelResponse(): void;
  setResponseBody(body: string, encoding?: GtmBodyEncoding): void;
  /** Replaces the header; null or undefined removes it. */
  setResponseHeader(name: string, value: string | null | undefined): void;
  setResponseStatus(statusCode: number): void;
  /** Calls `onSuccess` with the SHA-256 digest (base64 unless 'hex'). Unlike the web version it has no onFailure. */
  sha256(input: string, onSuccess: (digest: string) => void, options?: { outputEncoding?: 'base64' | 'hex' }): void;
  /** The SHA-256 digest of `input`, base64 unless 'hex'. */
  sha256Sync(input: string, options?: { outputEncoding?: 'base64' | 'hex' }): string;
  templateDataStorage: GtmTemplateDataStorage;
  /** Whether `string` matches a regex from createRegex (a global regex keeps its position between calls). */
  testRegex(regex: GtmRegex, string: string): boolean;
  /** Base64, or base64url with `urlEncoding`. */
  toBase64(input: string, options?: { urlEncoding?: boolean }): string;
}
