// What each configurable permission kind allows, given its decoded settings (permissions/decode.ts) and the
// arguments of one check, which are queryPermission's arguments after the permission id:
//   access_globals(access, key)            access: 'read' | 'write' | 'readwrite' | 'execute'
//   access_local_storage(access, key)      access: 'read' | 'write' | 'readwrite'
//   access_consent(consentType, access)    access: 'read' | 'write'
//   get_cookies(name)   set_cookies(name, options?)   options: {domain, path, secure, 'max-age', expires}
//   get_url / get_referrer(component?, queryKey?)
//   inject_script / inject_hidden_iframe / send_pixel / send_http / send_pixel_from_browser(url)
//   read_data_layer / write_data_layer(key)   read_event_data(keyPath)
//   read_request(component, name?)         component: 'body' | 'header' | 'method' | 'path' | 'query_parameter' |
//                                          'query_string' | 'remote_address' (camelCase part names work too)
//   access_response('write', component, headerName?)   component: 'status' | 'header' | 'body'
//   use_google_credentials(scopes)  use_custom_private_keys(keyId)  use_message(usage, messageType)
//   access_bigquery(operation, {projectId?, datasetId, tableId})   access_firestore(operation, {projectId?, path})
//   logging()
// [DOC: the query signatures of developers.google.com/tag-platform/tag-manager/templates/permissions and
//  …/server-side/permissions as far as the stored pages show them; the read_request, access_firestore and
//  use_message argument names are UNVERIFIED.] Kinds without settings allow everything once declared.
//
// A rule returns undefined when the check passes, and otherwise the reason, worded to follow "permission denied by
// <kind>: ".
import type { SettingsRecord } from '../../permissions/encode.ts';
import { isGoogleDomainUrl, matchesWildcard, urlMatchesPattern } from './url-pattern.ts';

export interface RuleContext {
  /** preview, debug and test runs */
  debugMode: boolean;
  /** the GOOGLE_CLOUD_PROJECT of the environment, for projectId 'GOOGLE_CLOUD_PROJECT' settings */
  googleCloudProject: string | undefined;
}

export type Rule = (settings: SettingsRecord, args: readonly unknown[], context: RuleContext) => string | undefined;

type Choice<T> = 'any' | T[];

const show = (value: unknown): string => (typeof value === 'string' ? `"${value}"` : value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value));
const listed = (items: readonly string[]): string => (items.length === 0 ? 'none' : items.join(', '));

/** A settings field that holds 'any' or a list; `absent` is what GTM means when the field is not written. */
function choice<T>(settings: SettingsRecord, field: string, absent: 'any' | 'none'): Choice<T> {
  const value = settings[field];
  if (value === 'any') return 'any';
  if (Array.isArray(value)) return value as T[];
  return absent === 'any' ? 'any' : [];
}

function records(settings: SettingsRecord, field: string): SettingsRecord[] {
  const value = settings[field];
  return Array.isArray(value) ? (value as SettingsRecord[]) : [];
}

function urlRule(field: string, options: { googleDomains?: boolean } = {}): Rule {
  return (settings, [url]) => {
    if (typeof url !== 'string') return `a URL (a string) is needed, not ${show(url)}`;
    const patterns = choice<string>(settings, field, 'none');
    if (patterns === 'any') return undefined;
    if (patterns.some((pattern) => urlMatchesPattern(url, pattern))) return undefined;
    if (options.googleDomains && settings['allowGoogleDomains'] === true && isGoogleDomainUrl(url)) return undefined;
    return `the URL ${show(url)} matches none of its URL patterns (${listed(patterns)})`;
  };
}

function namesRule(field: string, what: string, matches: (name: string, allowed: string) => boolean = (a, b) => a === b): Rule {
  return (settings, [name]) => {
    if (typeof name !== 'string') return `a ${what} (a string) is needed, not ${show(name)}`;
    const allowed = choice<string>(settings, field, 'none');
    if (allowed === 'any' || allowed.some((entry) => matches(name, entry))) return undefined;
    return `the ${what} ${show(name)} is not among its ${what}s (${listed(allowed)})`;
  };
}

/** access_globals and access_local_storage: records of {key, read, write[, execute]}. */
function keyAccessRule(what: string, accesses: readonly string[]): Rule {
  return (settings, [access, key]) => {
    if (typeof access !== 'string' || !accesses.includes(access)) return `the access must be ${accesses.map(show).join(', ')}, not ${show(access)}`;
    if (typeof key !== 'string') return `a ${what} (a string) is needed, not ${show(key)}`;
    const entry = records(settings, 'keys').find((record) => record['key'] === key);
    if (!entry) return `the ${what} ${show(key)} is not listed (listed: ${listed(records(settings, 'keys').map((r) => String(r['key'])))})`;
    const needed = access === 'readwrite' ? ['read', 'write'] : [access];
    const missing = needed.filter((flag) => entry[flag] !== true);
    return missing.length === 0 ? undefined : `the ${what} ${show(key)} is listed without ${missing.join(' and ')} access`;
  };
}

const URL_COMPONENTS = ['protocol', 'host', 'port', 'path', 'extension', 'fragment', 'query'];

const urlPartsRule: Rule = (settings, [component, queryKey]) => {
  const parts = choice<string>(settings, 'parts', 'any');
  const queryKeys = choice<string>(settings, 'queryKeys', 'any');
  if (component === undefined) return parts === 'any' ? undefined : `reading the whole URL needs every part, and only ${listed(parts)} are allowed`;
  if (typeof component !== 'string' || !URL_COMPONENTS.includes(component)) return `the URL component must be one of ${URL_COMPONENTS.join(', ')}, not ${show(component)}`;
  if (parts !== 'any' && !parts.includes(component)) return `the URL part ${show(component)} is not allowed (allowed: ${listed(parts)})`;
  if (component !== 'query' || queryKeys === 'any') return undefined;
  if (queryKey === undefined) return `reading the whole query needs every query key, and only ${listed(queryKeys)} are allowed`;
  return typeof queryKey === 'string' && queryKeys.includes(queryKey) ? undefined : `the query key ${show(queryKey)} is not allowed (allowed: ${listed(queryKeys)})`;
};

const setCookiesRule: Rule = (settings, [name, options]) => {
  if (typeof name !== 'string') return `a cookie name (a string) is needed, not ${show(name)}`;
  const opts = (typeof options === 'object' && options !== null ? options : {}) as Record<string, unknown>;
  const candidates = records(settings, 'cookies').filter((record) => record['name'] === name);
  if (candidates.length === 0) return `the cookie ${show(name)} is not among its cookies (${listed(records(settings, 'cookies').map((r) => String(r['name'])))})`;
  const domain = typeof opts['domain'] === 'string' ? opts['domain'].replace(/^\./, '').toLowerCase() : 'auto';
  const path = typeof opts['path'] === 'string' ? opts['path'] : '/';
  const expires = opts['max-age'] !== undefined || opts['expires'] !== undefined;
  const problems = candidates.map((record) => {
    const allowedDomain = String(record['domain'] ?? '*').replace(/^\./, '').toLowerCase();
    if (allowedDomain !== '*' && allowedDomain !== domain) return `domain ${show(domain)} (allowed: ${allowedDomain})`;
    if ((record['path'] ?? '*') !== '*' && record['path'] !== path) return `path ${show(path)} (allowed: ${String(record['path'])})`;
    if (record['secure'] === 'secure' && opts['secure'] !== true) return 'a cookie without secure (only secure cookies are allowed)';
    if (record['session'] === 'non_session' && !expires) return 'a session cookie (only cookies with max-age or expires are allowed)';
    if (record['session'] === 'session' && expires) return 'a cookie with an expiry (only session cookies are allowed)';
    return undefined;
  });
  return problems.includes(undefined) ? undefined : `the cookie ${show(name)} may not be set with ${problems[0]}`;
};

const REQUEST_PARTS: Readonly<Record<string, string>> = {
  body: 'body',
  header: 'headers',
  headers: 'headers',
  method: 'method',
  path: 'path',
  query_parameter: 'queryParameters',
  queryParameter: 'queryParameters',
  queryParameters: 'queryParameters',
  query_string: 'queryString',
  queryString: 'queryString',
  remote_address: 'remoteAddress',
  remoteAddress: 'remoteAddress',
};

/** A request or response part, and the named header or parameter of it where the part has names. */
function partRule(parts: Readonly<Record<string, string>>, named: Readonly<Record<string, string>>, what: string): (settings: SettingsRecord, component: unknown, name: unknown) => string | undefined {
  return (settings, component, name) => {
    const part = typeof component === 'string' && Object.hasOwn(parts, component) ? parts[component]! : undefined;
    if (!part) return `the ${what} component must be one of ${Object.keys(parts).join(', ')}, not ${show(component)}`;
    const allowedParts = choice<string>(settings, 'parts', 'none');
    if (allowedParts !== 'any' && !allowedParts.includes(part)) return `the ${what} part ${show(part)} is not allowed (allowed: ${listed(allowedParts)})`;
    const namesField = named[part];
    if (!namesField || name === undefined) return undefined;
    const names = choice<string>(settings, namesField, 'any');
    if (names === 'any') return undefined;
    const lower = typeof name === 'string' ? name.toLowerCase() : undefined;
    const caseless = part === 'headers';
    return names.some((n) => (caseless ? n.toLowerCase() === lower : n === name)) ? undefined : `${show(name)} is not among its allowed ${namesField} (${listed(names)})`;
  };
}

const readRequestPart = partRule(REQUEST_PARTS, { headers: 'headers', queryParameters: 'queryParameters' }, 'request');
const responsePart = partRule({ status: 'status', header: 'headers', headers: 'headers', body: 'body' }, { headers: 'headers' }, 'response');

/** 'GOOGLE_CLOUD_PROJECT' in settings allows the environment's project, including a call that names none. */
function projectMatches(allowed: unknown, requested: unknown, context: RuleContext): boolean {
  if (allowed === '*') return true;
  if (allowed === 'GOOGLE_CLOUD_PROJECT') return requested === undefined || (context.googleCloudProject !== undefined && requested === context.googleCloudProject);
  return allowed === requested;
}

/** Firestore paths: each `*` stands for one whole path segment. */
function firestorePathMatches(path: string, pattern: string): boolean {
  const segments = path.split('/');
  const wanted = pattern.split('/');
  return segments.length === wanted.length && wanted.every((segment, i) => segment === '*' || segment === segments[i]);
}

const MESSAGE_USAGES = ['listen', 'send', 'listen_and_send'];

export const RULES: Readonly<Record<string, Rule>> = {
  access_bigquery: (settings, [operation, table], context) => {
    const t = (typeof table === 'object' && table !== null ? table : {}) as Record<string, unknown>;
    const ok = records(settings, 'tables').some(
      (r) =>
        r['operation'] === operation &&
        projectMatches(r['projectId'], t['projectId'], context) &&
        (r['datasetId'] === '*' || r['datasetId'] === t['datasetId']) &&
        (r['tableId'] === '*' || r['tableId'] === t['tableId']),
    );
    return ok ? undefined : `${show(operation)} on the table ${show([t['projectId'] ?? '(GOOGLE_CLOUD_PROJECT)', t['datasetId'], t['tableId']].join('.'))} is not among its tables`;
  },
  access_consent: (settings, [consentType, access]) => {
    if (access !== 'read' && access !== 'write') return `the access must be "read" or "write", not ${show(access)}`;
    const entry = records(settings, 'consentTypes').find((r) => r['consentType'] === consentType);
    if (!entry) return `the consent type ${show(consentType)} is not listed (listed: ${listed(records(settings, 'consentTypes').map((r) => String(r['consentType'])))})`;
    return entry[access] === true ? undefined : `the consent type ${show(consentType)} is listed without ${access} access`;
  },
  access_firestore: (settings, [operation, request], context) => {
    const o = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
    if (typeof o['path'] !== 'string') return `a document path is needed, not ${show(o['path'])}`;
    const path = o['path'];
    const ok = records(settings, 'documents').some(
      (r) =>
        (r['operation'] === operation || r['operation'] === 'read_write') &&
        projectMatches(r['projectId'], o['projectId'], context) &&
        firestorePathMatches(path, String(r['path'])),
    );
    return ok ? undefined : `${show(operation)} of the document ${show(path)} is not among its documents (${listed(records(settings, 'documents').map((r) => `${String(r['operation'])} ${String(r['path'])}`))})`;
  },
  access_globals: keyAccessRule('global key', ['read', 'write', 'readwrite', 'execute']),
  access_local_storage: keyAccessRule('local storage key', ['read', 'write', 'readwrite']),
  access_response: (settings, [access, component, name]) => {
    if (access !== 'write') return `the access must be "write", not ${show(access)}`;
    return responsePart(settings, component, name);
  },
  get_cookies: namesRule('cookies', 'cookie'),
  get_referrer: urlPartsRule,
  get_url: urlPartsRule,
  inject_hidden_iframe: urlRule('urls'),
  inject_script: urlRule('urls'),
  logging: (settings, _args, context) =>
    settings['environments'] === 'all' || context.debugMode ? undefined : 'it allows logging in debug and preview mode only (environments: debug), and this run is in neither',
  read_data_layer: namesRule('keys', 'data layer key', matchesWildcard),
  read_event_data: namesRule('keys', 'event data key', matchesWildcard),
  read_request: (settings, [component, name]) => readRequestPart(settings, component, name),
  send_http: urlRule('urls', { googleDomains: true }),
  send_pixel: urlRule('urls'),
  send_pixel_from_browser: urlRule('urls'),
  set_cookies: setCookiesRule,
  use_custom_private_keys: namesRule('keyIds', 'private key id'),
  use_google_credentials: (settings, [scopes]) => {
    const requested = typeof scopes === 'string' ? [scopes] : Array.isArray(scopes) ? scopes : undefined;
    if (!requested || requested.some((s) => typeof s !== 'string')) return `OAuth scopes (strings) are needed, not ${show(scopes)}`;
    const allowed = choice<string>(settings, 'scopes', 'none');
    const missing = requested.filter((scope) => allowed !== 'any' && !allowed.includes(scope as string));
    return missing.length === 0 ? undefined : `the scope ${missing.map(show).join(', ')} is not among its scopes (${listed(allowed === 'any' ? [] : allowed)})`;
  },
  use_message: (settings, [usage, messageType]) => {
    if (typeof usage !== 'string' || !MESSAGE_USAGES.includes(usage)) return `the usage must be ${MESSAGE_USAGES.map(show).join(', ')}, not ${show(usage)}`;
    const allowed = choice<SettingsRecord>(settings, 'messages', 'none');
    if (allowed === 'any') return undefined;
    const actions = new Set(allowed.filter((r) => r['type'] === messageType).flatMap((r) => (r['action'] === 'listen_and_send' ? ['listen', 'send'] : [String(r['action'])])));
    const needed = usage === 'listen_and_send' ? ['listen', 'send'] : [usage];
    return needed.every((action) => actions.has(action)) ? undefined : `the message type ${show(messageType)} is not allowed for ${usage}`;
  },
  write_data_layer: namesRule('keys', 'data layer key', matchesWildcard),
};
