// parseUrl (both contexts) and computeEffectiveTldPlusOne (server).
import { getDomain } from 'tldts';
import { expectArg } from '../args.ts';
import { defineApi } from '../define.ts';

/** The parts of a URL like the URL object's, with searchParams as an object (repeated names map to arrays). */
export const parseUrlApi = defineApi({
  name: 'parseUrl',
  contexts: ['WEB', 'SERVER'],
  create: () => (url: unknown) => {
    expectArg('parseUrl', 0, 'url', url, 'string');
    let parsed: URL;
    try {
      parsed = new URL(url as string);
    } catch {
      return undefined;
    }
    const searchParams: Record<string, string | string[]> = {};
    for (const [name, value] of parsed.searchParams) {
      const seen = searchParams[name];
      searchParams[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    const { href, origin, protocol, username, password, host, hostname, port, pathname, search, hash } = parsed;
    return { href, origin, protocol, username, password, host, hostname, port, pathname, search, searchParams, hash };
  },
});

/**
 * The registrable domain of a domain or URL by the Public Suffix List (tldts ships a maintained copy, private
 * section included, so that 'me.github.io' is its own site): 'analytics.example.co.uk' and
 * 'https://analytics.example.co.uk/x' both give 'example.co.uk'; '' for IP addresses, public suffixes and input that
 * is neither.
 */
export const computeEffectiveTldPlusOneApi = defineApi({
  name: 'computeEffectiveTldPlusOne',
  contexts: ['SERVER'],
  create: () => (domainOrUrl: unknown) => {
    expectArg('computeEffectiveTldPlusOne', 0, 'domainOrUrl', domainOrUrl, 'string');
    return getDomain((domainOrUrl as string).trim(), { allowPrivateDomains: true }) ?? '';
  },
});
