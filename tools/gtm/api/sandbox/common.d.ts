// The APIs that web and server templates share with one signature. `GtmApis` maps each `require` name to what
// `require` returns; web.d.ts and server.d.ts add their own members, and a program includes exactly one of them.
// APIs present in both contexts but documented with different signatures (getCookieValues, setCookie, sha256,
// toBase64, encodeUri, encodeUriComponent) are declared in each context's file instead, as is `GtmPermissionId`.
//
// Web: https://developers.google.com/tag-platform/tag-manager/templates/api
// Server: https://developers.google.com/tag-platform/tag-manager/server-side/api

type GtmTypeName = 'undefined' | 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'function';

/** Event data as GTM hands it to code: a plain object whose shape the template does not control. */
interface GtmEventData {
  [key: string]: unknown;
}

interface GtmTagExecution {
  id: string;
  status: string;
  executionTime: number;
  /** Tag metadata configured on the tag is added next to the fields above. */
  [metadataKey: string]: unknown;
}

interface GtmEventCallbackData {
  /** One entry per tag that fired for the event. */
  tags: GtmTagExecution[];
}

interface GtmContainerVersion {
  containerId: string;
  debugMode: boolean;
  environmentName: string;
  environmentMode: boolean;
  previewMode: boolean;
  version: string;
}

/** What `parseUrl` returns: like the URL object; parts the URL lacks are empty strings (or an empty object). */
interface GtmParsedUrl {
  href: string;
  origin: string;
  protocol: string;
  username: string;
  password: string;
  host: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
  /** Decoded query parameters; a repeated parameter maps to an array of its values. */
  searchParams: { [name: string]: string | string[] };
  hash: string;
}

interface GtmApis {
  /**
   * Registers a callback run at the end of the event, once all its tags have run (on the web also when the event
   * times out). In a server client it must be bound to an event with runContainer's `bindToEvent`.
   */
  addEventCallback(callback: (containerId: string, eventData: GtmEventCallbackData) => void): void;
  /** Runs `fn` asynchronously after the current code returns, like `setTimeout(fn, 0)`. */
  callLater(fn: () => void): void;
  /** Returns `undefined` for invalid input. */
  decodeUri(encodedUri: string): string | undefined;
  /** Returns `undefined` for invalid input. */
  decodeUriComponent(encodedUriComponent: string): string | undefined;
  /** Returns `undefined` for invalid input. */
  fromBase64(base64EncodedString: string): string | undefined;
  /** A random integer from `min` to `max`, both included. */
  generateRandom(min: number, max: number): number;
  getContainerVersion(): GtmContainerVersion;
  /** @deprecated Use getTimestampMillis. */
  getTimestamp(): number;
  /** Milliseconds since the Unix epoch, like `Date.now()`. */
  getTimestampMillis(): number;
  /** Like `typeof`, but tells 'array' and 'null' apart from 'object'. */
  getType(value: unknown): GtmTypeName;
  JSON: GtmJsonApi;
  /** Logs to the browser console on the web, to Cloud Logging on the server (`logging` permission decides where). */
  logToConsole(...args: unknown[]): void;
  makeInteger(value: unknown): number;
  makeNumber(value: unknown): number;
  makeString(value: unknown): string;
  /**
   * Turns the rows of a two-column SIMPLE_TABLE field into an object mapping each row's `keyColumnName` value to
   * its `valueColumnName` value; `null` when the input is not such a table.
   */
  makeTableMap<Row extends object, ValueColumn extends keyof Row & string>(
    tableObj: readonly Row[],
    keyColumnName: keyof Row & string,
    valueColumnName: ValueColumn,
  ): { [key: string]: Row[ValueColumn] } | null;
  Math: GtmMathApi;
  Object: GtmObjectApi;
  /** Returns `undefined` for a malformed URL. */
  parseUrl(url: string): GtmParsedUrl | undefined;
  /**
   * Whether the template's permissions allow the action; the arguments after the permission depend on it (for
   * example `queryPermission('inject_script', url)` or `queryPermission('access_globals', 'readwrite', key)`).
   */
  queryPermission(permission: GtmPermissionId, ...functionArgs: unknown[]): boolean;
}

/**
 * Imports an API. The name must be a string literal of an API this context has: GTM detects the permissions a
 * template needs from these calls.
 */
declare function require<K extends keyof GtmApis>(name: K): GtmApis[K];

/**
 * A file's text, embedded into the template at build time: `import source from '../dist/file.js?text'`.
 * Not a GTM API: the compiler replaces the import with the file's content as a string literal.
 */
declare module '*?text' {
  const text: string;
  export default text;
}
