// Which browser origins may send events, and the CORS headers that let them read the answer. Requests without an
// Origin header come from servers and tools (curl), not from pages, and are accepted without CORS headers.
const computeEffectiveTldPlusOne = require('computeEffectiveTldPlusOne');
const getRequestHeader = require('getRequestHeader');
const setResponseHeader = require('setResponseHeader');

export type OriginVerdict = 'absent' | 'allowed' | 'refused';

function hostOf(origin: string): string {
  const start = origin.indexOf('://');
  const host = start === -1 ? origin : origin.substring(start + 3);
  return host.split(':')[0];
}

/** `https://*.example.com` matches the subdomains of example.com on that scheme and port; other entries exactly. */
function matchesEntry(origin: string, entry: string): boolean {
  const wildcard = entry.indexOf('://*.');
  if (wildcard === -1) return origin === entry;
  const scheme = entry.substring(0, wildcard + 3);
  const suffix = entry.substring(wildcard + 4); // ".example.com" and any port
  const rest = origin.substring(scheme.length);
  return origin.indexOf(scheme) === 0 && rest.length > suffix.length && rest.substring(rest.length - suffix.length) === suffix;
}

/** The registrable domain (example.com for www.example.com), or the host itself where there is none (localhost). */
function siteOf(host: string): string {
  return computeEffectiveTldPlusOne(host) || host;
}

export function originVerdict(origin: string | undefined, allowed: string[]): OriginVerdict {
  if (!origin) return 'absent';
  const normalised = origin.toLowerCase();
  if (allowed.length > 0) return allowed.some((entry) => matchesEntry(normalised, entry)) ? 'allowed' : 'refused';
  const serverHost = (getRequestHeader('host') || '').toLowerCase().split(':')[0];
  return serverHost !== '' && siteOf(hostOf(normalised)) === siteOf(serverHost) ? 'allowed' : 'refused';
}

/** Lets the page read the answer and send cookies with its requests (the tracker uses credentials: 'include'). */
export function allowOrigin(origin: string): void {
  setResponseHeader('access-control-allow-origin', origin);
  setResponseHeader('access-control-allow-credentials', 'true');
  setResponseHeader('vary', 'Origin');
}

export function answerPreflightHeaders(): void {
  setResponseHeader('access-control-allow-methods', 'POST, GET, OPTIONS');
  setResponseHeader('access-control-allow-headers', 'Content-Type');
  setResponseHeader('access-control-max-age', '600');
}
