// GTM's URL match patterns (inject_script, inject_hidden_iframe, send_pixel, send_http, send_pixel_from_browser):
// `scheme://host/path`, where
// - the scheme must equal the URL's (GTM's editor writes https patterns);
// - the host is exact, `*` for any host (published templates whose script URL the user configures write
//   `https://*/…`), or `*.example.com` for any subdomain of example.com (not example.com itself: published
//   templates list both `https://x.com/*` and `https://*.x.com/*` when they mean both); a port, when written,
//   must match too;
// - the path is a prefix: `https://content.example.com/` allows every path on that host, and each `*` stands for
//   any characters (published templates write both `…/` and `…/*`). It is matched against the URL's path, and
//   against path and query when the pattern has a `?`.
// [OBS: patterns of exported templates together with the URLs their code sends to; the exact grammar GTM's editor
//  accepts is not published.]

export function urlMatchesPattern(url: string, pattern: string): boolean {
  const parsedPattern = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]+)(.*)$/i.exec(pattern.trim());
  if (!parsedPattern) return false;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const [, scheme, host, rawPath] = parsedPattern as unknown as [string, string, string, string];
  if (`${scheme.toLowerCase()}:` !== target.protocol) return false;
  if (!hostMatches(target, host.toLowerCase())) return false;
  const path = rawPath === '' ? '/' : rawPath;
  const subject = path.includes('?') ? target.pathname + target.search : target.pathname;
  return wildcardPrefix(path).test(subject);
}

function hostMatches(target: URL, patternHost: string): boolean {
  const withPort = patternHost.includes(':');
  const actual = withPort ? target.host : target.hostname;
  if (patternHost === '*') return true;
  if (patternHost.startsWith('*.')) return actual.endsWith(patternHost.slice(1)) && actual.length > patternHost.length - 1;
  return actual === patternHost;
}

function wildcardPrefix(path: string): RegExp {
  return new RegExp(`^${path.split('*').map(escapeRegex).join('.*')}`);
}

/** A whole-string match where `*` stands for any characters (data layer keys, event data keys, cookie names). */
export function matchesWildcard(value: string, pattern: string): boolean {
  return new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`).test(value);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// Google's own domains, which send_http's "Allow Google Domains" box opens. [UNVERIFIED: GTM does not publish the
// list; these are the domains Google's server tags send to.]
const GOOGLE_DOMAINS = [
  'google.com',
  'googleapis.com',
  'google-analytics.com',
  'googletagmanager.com',
  'googleadservices.com',
  'googlesyndication.com',
  'doubleclick.net',
  'gstatic.com',
];

export function isGoogleDomainUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' && GOOGLE_DOMAINS.some((domain) => hostname === domain || hostname.endsWith(`.${domain}`));
  } catch {
    return false;
  }
}
