// Cookies of the request (getCookieValues) and of the response (setCookie's Set-Cookie headers).
import { getDomain } from 'tldts';
import { isIP } from 'node:net';
import { ApiError } from '../errors.ts';
import { requestHostName, type ContainerRequest } from './request.ts';

/** The values of every cookie of this name in the request's Cookie headers, decoded unless `noDecode`. */
export function cookieValues(request: ContainerRequest, name: string, noDecode: boolean): string[] {
  const values: string[] = [];
  for (const header of request.headers['cookie'] ?? []) {
    for (const pair of header.split(';')) {
      const equals = pair.indexOf('=');
      if (equals === -1 || pair.slice(0, equals).trim() !== name) continue;
      const raw = pair.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1');
      values.push(noDecode ? raw : decodeOrKeep(raw));
    }
  }
  return values;
}

function decodeOrKeep(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** setCookie's options, as the template passes them. */
export interface CookieOptions {
  domain?: unknown;
  fallbackDomain?: unknown;
  path?: unknown;
  'max-age'?: unknown;
  expires?: unknown;
  secure?: unknown;
  httpOnly?: unknown;
  sameSite?: unknown;
}

export interface CookieToSet {
  name: string;
  value: string;
  /** undefined: a host-only cookie */
  domain: string | undefined;
  path: string;
  maxAge: number | undefined;
  /** an HTTP date; only when no max-age is given, which takes precedence */
  expires: string | undefined;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Strict' | 'Lax' | 'None' | undefined;
}

// RFC 6265: a cookie name is a token; a value has no controls, whitespace, double quotes, commas, semicolons or backslashes.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
const SAME_SITE = { strict: 'Strict', lax: 'Lax', none: 'None' } as const;

/**
 * What setCookie sets, with domain 'auto' (also the default) resolved to the registrable domain of the host the
 * request was sent to, by the Public Suffix List: a request to sgtm.example.co.uk sets cookies for example.co.uk.
 * A host without one (an IP address, localhost) gets `fallbackDomain` when given, else a host-only cookie.
 * The value is URI-encoded unless `noEncode`. Path defaults to '/'. [UNVERIFIED: GTM's defaults for domain and path;
 * the permission checker assumes the same.]
 */
export function cookieToSet(request: ContainerRequest, name: string, value: string, options: CookieOptions, noEncode: boolean): CookieToSet {
  if (!TOKEN.test(name)) throw new ApiError('setCookie', `the cookie name ${JSON.stringify(name)} is not a valid cookie name (letters, digits and !#$%&'*+-.^_\`|~ only)`);
  const encoded = noEncode ? value : encodeURIComponent(value);
  if (!COOKIE_VALUE.test(encoded)) {
    throw new ApiError('setCookie', `the value ${JSON.stringify(value)} cannot be sent unencoded (it has spaces, quotes, commas, semicolons or backslashes); leave noEncode out`);
  }
  const text = (key: keyof CookieOptions): string | undefined => {
    const option = options[key];
    if (option === undefined) return undefined;
    if (typeof option !== 'string') throw new ApiError('setCookie', `options.${key} must be a string, not ${typeof option}`);
    return option;
  };
  const flag = (key: keyof CookieOptions): boolean => {
    const option = options[key];
    if (option !== undefined && typeof option !== 'boolean') throw new ApiError('setCookie', `options.${key} must be true or false, not ${typeof option}`);
    return option === true;
  };
  const maxAge = options['max-age'];
  if (maxAge !== undefined && (typeof maxAge !== 'number' || !Number.isFinite(maxAge))) throw new ApiError('setCookie', `options['max-age'] must be a number of seconds, not ${typeof maxAge}`);
  const expires = text('expires');
  if (expires !== undefined && Number.isNaN(Date.parse(expires))) throw new ApiError('setCookie', `options.expires must be a date such as 'Tue, 01 Jun 2027 00:00:00 GMT', not ${JSON.stringify(expires)}`);
  const sameSite = text('sameSite')?.toLowerCase();
  if (sameSite !== undefined && !Object.hasOwn(SAME_SITE, sameSite)) throw new ApiError('setCookie', `options.sameSite must be 'strict', 'lax' or 'none', not ${JSON.stringify(options.sameSite)}`);
  const domain = text('domain') ?? 'auto';
  return {
    name,
    value: encoded,
    domain: domain.toLowerCase() === 'auto' ? autoDomain(request, text('fallbackDomain')) : domain.replace(/^\./, ''),
    path: text('path') ?? '/',
    maxAge: maxAge === undefined ? undefined : Math.floor(maxAge as number),
    expires: maxAge === undefined && expires !== undefined ? new Date(expires).toUTCString() : undefined,
    httpOnly: flag('httpOnly'),
    secure: flag('secure'),
    sameSite: sameSite === undefined ? undefined : SAME_SITE[sameSite as keyof typeof SAME_SITE],
  };
}

function autoDomain(request: ContainerRequest, fallbackDomain: string | undefined): string | undefined {
  const host = requestHostName(request);
  const registrable = isIP(host) === 0 ? getDomain(host, { allowPrivateDomains: true }) : null;
  return registrable ?? fallbackDomain?.replace(/^\./, '');
}

/** The domain a cookie is written for, as set_cookies checks it: its Domain attribute, else the request's host. */
export function cookieScope(request: ContainerRequest, cookie: CookieToSet): string {
  return cookie.domain ?? requestHostName(request);
}

/**
 * The Set-Cookie header value, attributes in the order of the `cookie` package that Node servers (Express) use:
 * `name=value; Max-Age=…; Domain=…; Path=…; Expires=…; HttpOnly; Secure; SameSite=…`. [UNVERIFIED: sGTM's own order;
 * browsers do not depend on it.]
 */
export function setCookieHeader(cookie: CookieToSet): string {
  const parts = [`${cookie.name}=${cookie.value}`];
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${cookie.maxAge}`);
  if (cookie.domain !== undefined) parts.push(`Domain=${cookie.domain}`);
  parts.push(`Path=${cookie.path}`);
  if (cookie.expires !== undefined) parts.push(`Expires=${cookie.expires}`);
  if (cookie.httpOnly) parts.push('HttpOnly');
  if (cookie.secure) parts.push('Secure');
  if (cookie.sameSite !== undefined) parts.push(`SameSite=${cookie.sameSite}`);
  return parts.join('; ');
}
