// The cookie store of MemoryPage: what a browser does with `document.cookie = …` and what reading document.cookie
// gives, after RFC 6265 and Chromium's rules where they matter to templates: a Domain attribute must cover the
// page's host and must not be a public suffix (the Public Suffix List, private section included, from tldts);
// Secure needs a secure page (https, or localhost as Chromium allows); SameSite=None needs Secure; HttpOnly cannot
// be set from script; Max-Age wins over Expires. The cookie is refused silently, as browsers do.
import { isIP } from 'node:net';
import { getPublicSuffix } from 'tldts';

export type SameSite = 'Strict' | 'Lax' | 'None';

export interface StoredCookie {
  name: string;
  value: string;
  /** lower case, without a leading dot */
  domain: string;
  /** set without a Domain attribute: sent to exactly `domain` */
  hostOnly: boolean;
  path: string;
  /** ms since the epoch; undefined for a session cookie */
  expires: number | undefined;
  secure: boolean;
  sameSite: SameSite | undefined;
}

interface Entry extends StoredCookie {
  created: number;
}

/** Hosts a browser treats as secure contexts over http. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]';
}

export function isSecurePage(url: URL): boolean {
  return url.protocol === 'https:' || isLoopback(url.hostname);
}

function domainMatches(host: string, domain: string): boolean {
  return host === domain || (host.endsWith(`.${domain}`) && isIP(host) === 0);
}

/** RFC 6265 5.1.4: the directory of the page's path. */
function defaultPath(url: URL): string {
  const path = url.pathname;
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export class CookieJar {
  private entries: Entry[] = [];
  private sequence = 0;

  constructor(private readonly now: () => number) {}

  /** `document.cookie = text` on a page at `url`; returns whether the cookie was stored (or deleted). */
  write(text: string, url: URL): boolean {
    const [pair = '', ...attributes] = text.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return false;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const host = url.hostname.toLowerCase();
    let domain: string | undefined;
    let path: string | undefined;
    let maxAge: number | undefined;
    let expires: number | undefined;
    let secure = false;
    let sameSite: SameSite | undefined;
    for (const attribute of attributes) {
      const at = attribute.indexOf('=');
      const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
      const val = at < 0 ? '' : attribute.slice(at + 1).trim();
      if (key === 'domain' && val !== '') domain = val.replace(/^\./, '').toLowerCase();
      else if (key === 'path') path = val.startsWith('/') ? val : undefined;
      else if (key === 'max-age' && /^-?\d+$/.test(val)) maxAge = Number(val);
      else if (key === 'expires' && !Number.isNaN(Date.parse(val))) expires = Date.parse(val);
      else if (key === 'secure') secure = true;
      else if (key === 'samesite') sameSite = ({ strict: 'Strict', lax: 'Lax', none: 'None' } as const)[val.toLowerCase() as 'strict'] ?? sameSite;
      else if (key === 'httponly') return false;
    }
    if (secure && !isSecurePage(url)) return false;
    if (sameSite === 'None' && !secure) return false;
    let hostOnly = true;
    if (domain !== undefined && domain !== host) {
      if (!domainMatches(host, domain) || getPublicSuffix(domain, { allowPrivateDomains: true }) === domain) return false;
      hostOnly = false;
    }
    const now = this.now();
    const expiry = maxAge !== undefined ? now + maxAge * 1000 : expires;
    const cookie: StoredCookie = { name, value, domain: domain ?? host, hostOnly, path: path ?? defaultPath(url), expires: expiry, secure, sameSite };
    const same = (e: Entry): boolean => e.name === cookie.name && e.domain === cookie.domain && e.hostOnly === cookie.hostOnly && e.path === cookie.path;
    const previous = this.entries.find(same);
    this.entries = this.entries.filter((e) => !same(e));
    if (expiry !== undefined && expiry <= now) return true;
    // a replaced cookie keeps its place in the order (RFC 6265 5.3 step 11)
    this.entries.push({ ...cookie, created: previous?.created ?? this.sequence++ });
    return true;
  }

  /** document.cookie read on a page at `url`: longer paths first, then older cookies first. */
  read(url: URL): string {
    const host = url.hostname.toLowerCase();
    return this.live()
      .filter((c) => (c.hostOnly ? c.domain === host : domainMatches(host, c.domain)))
      .filter((c) => pathMatches(url.pathname, c.path) && (!c.secure || isSecurePage(url)))
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** Every cookie that has not expired, with its attributes (what a browser's cookie store shows). */
  list(): StoredCookie[] {
    return this.live().map(({ created: _, ...cookie }) => cookie);
  }

  private live(): Entry[] {
    const now = this.now();
    this.entries = this.entries.filter((c) => c.expires === undefined || c.expires > now);
    return this.entries;
  }
}
