// parseUrl (both contexts) and computeEffectiveTldPlusOne (server).
import { isIP } from 'node:net';
import { expectArg } from '../args.ts';
import { defineApi } from '../define.ts';
import { registrableDomain } from './public-suffix.ts';

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
 * The registrable domain of a domain or URL: 'analytics.example.co.uk' and 'https://analytics.example.co.uk/x'
 * both give 'example.co.uk'; '' for IP addresses, public suffixes and input that is neither.
 */
export const computeEffectiveTldPlusOneApi = defineApi({
  name: 'computeEffectiveTldPlusOne',
  contexts: ['SERVER'],
  create: () => (domainOrUrl: unknown) => {
    expectArg('computeEffectiveTldPlusOne', 0, 'domainOrUrl', domainOrUrl, 'string');
    const text = (domainOrUrl as string).trim();
    let host: string;
    try {
      host = new URL(text.includes('://') ? text : `https://${text}`).hostname;
    } catch {
      return '';
    }
    return isIP(host.replace(/^\[|\]$/g, '')) ? '' : registrableDomain(host);
  },
});
