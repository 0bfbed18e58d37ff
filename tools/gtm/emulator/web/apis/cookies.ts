// Cookies on the web: getCookieValues reads document.cookie, setCookie writes it. setCookie's domain 'auto' (also
// what an absent domain means) is the broadest domain the page may set a cookie on, found as analytics.js does: by
// trying the domains of the page's host from the broadest down until one is accepted (the browser refuses public
// suffixes); 'none' or a host the browser gives no broader domain (localhost, an IP) sets a host-only cookie.
// The set_cookies check gets the domain the cookie will really have.
// [3P: stape's paraphrase of the API page (decode/encode default true, 'auto'); OBS: the option names in real
//  templates. UNVERIFIED: that an absent domain means 'auto' and an absent path '/', as the permission rule assumes.]
import { expectArg } from '../../api/args.ts';
import { defineApi, type ApiDefinition } from '../../api/define.ts';
import type { Page } from '../page.ts';
import type { ContainerOf, WebContainer } from '../container.ts';

const WEB = ['WEB'] as const;

/** The values of every cookie named `name` in a document.cookie string, in the order the browser gives them. */
export function cookieValues(cookies: string, name: string): string[] {
  const values: string[] = [];
  for (const pair of cookies.split(';')) {
    const eq = pair.indexOf('=');
    if (eq >= 0 && pair.slice(0, eq).trim() === name) values.push(pair.slice(eq + 1).trim());
  }
  return values;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export interface CookieDomain {
  /** what the cookie's Domain attribute says, or the host for a host-only cookie */
  domain: string;
  hostOnly: boolean;
}

/** The broadest domain the page accepts a cookie on, tried with a throwaway cookie. */
function probeCookieDomain(page: Page, random: () => number): CookieDomain {
  const host = new URL(page.url()).hostname;
  const labels = host.split('.');
  if (labels.length > 1 && !/^[\d.]+$|^\[/.test(host)) {
    const probe = `_pipes_domain_probe_${Math.floor(random() * 1e9)}`;
    for (let i = labels.length - 2; i >= 0; i--) {
      const domain = labels.slice(i).join('.');
      page.writeCookie(`${probe}=1; path=/; domain=${domain}`);
      if (cookieValues(page.readCookies(), probe).length > 0) {
        page.writeCookie(`${probe}=; path=/; domain=${domain}; max-age=0`);
        return { domain, hostOnly: false };
      }
    }
  }
  return { domain: host, hostOnly: true };
}

/** The domain a cookie written with this `domain` option gets: 'auto' (or none) probes once per page. */
export function resolveCookieDomain(container: WebContainer, requested: unknown, random: () => number): CookieDomain {
  if (typeof requested === 'string' && requested !== 'auto') {
    return requested === 'none' ? { domain: new URL(container.page.url()).hostname, hostOnly: true } : { domain: requested.replace(/^\./, ''), hostOnly: false };
  }
  // the host does not change while the page lives
  container.autoCookieDomain ??= probeCookieDomain(container.page, random);
  return container.autoCookieDomain;
}

interface CookieOptions {
  domain?: unknown;
  path?: unknown;
  'max-age'?: unknown;
  expires?: unknown;
  secure?: unknown;
  samesite?: unknown;
}

export const getCookieValuesApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'getCookieValues',
    contexts: WEB,
    permission: (name) => [[name]],
    create: (env) => (name: unknown, decodeValues: unknown) => {
      expectArg('getCookieValues', 0, 'name', name, 'string');
      expectArg('getCookieValues', 1, 'decode', decodeValues, 'boolean', true);
      const values = cookieValues(containerOf(env).page.readCookies(), name as string);
      return decodeValues === false ? values : values.map(decode);
    },
  });

export const setCookieApi = (containerOf: ContainerOf): ApiDefinition => {
  const options = (value: unknown): CookieOptions => (typeof value === 'object' && value !== null ? value : {}) as CookieOptions;
  return defineApi({
    name: 'setCookie',
    contexts: WEB,
    // checked below, once the domain the cookie will have is known
    permission: () => [],
    create: (env) => {
      const container = containerOf(env);
      return (name: unknown, value: unknown, opts: unknown, encode: unknown) => {
        expectArg('setCookie', 0, 'name', name, 'string');
        expectArg('setCookie', 1, 'value', value, 'string');
        expectArg('setCookie', 2, 'options', opts, 'object', true);
        expectArg('setCookie', 3, 'encode', encode, 'boolean', true);
        const o = options(opts);
        expectArg('setCookie', 2, 'options.path', o.path, 'string', true);
        expectArg('setCookie', 2, 'options.max-age', o['max-age'], 'number', true);
        expectArg('setCookie', 2, 'options.expires', o.expires, 'string', true);
        expectArg('setCookie', 2, 'options.secure', o.secure, 'boolean', true);
        expectArg('setCookie', 2, 'options.samesite', o.samesite, 'string', true);
        const { domain, hostOnly } = resolveCookieDomain(container, o.domain, env.random);
        container.check(env, 'setCookie', 'set_cookies', [name, { ...o, domain, path: o.path ?? '/' }]);
        const attributes = [`${name as string}=${encode === false ? (value as string) : encodeURIComponent(value as string)}`, `path=${(o.path as string | undefined) ?? '/'}`];
        if (!hostOnly) attributes.push(`domain=${domain}`);
        if (o['max-age'] !== undefined) attributes.push(`max-age=${o['max-age'] as number}`);
        if (o.expires !== undefined) attributes.push(`expires=${o.expires as string}`);
        if (o.secure === true) attributes.push('secure');
        if (o.samesite !== undefined) attributes.push(`samesite=${o.samesite as string}`);
        container.page.writeCookie(attributes.join('; '));
      };
    },
  });
};
