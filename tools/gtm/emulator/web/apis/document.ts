// What templates read of the document: its title, its character set, and the Google Analytics cookies
// (readAnalyticsStorage).
// readAnalyticsStorage reads `<prefix>_ga` (GA1.<domain depth>.<client id>) and every `<prefix>_ga_<id>` session
// cookie (GS1.1.<session id>.<session number>.… or GS2.1.s<session id>$o<session number>$…); with several _ga
// cookies it takes the one written for the cookie domain's depth. No _ga cookie: undefined.
// [3P: stape's paraphrase of the API page for the result's shape and undefined. UNVERIFIED: the cookie formats
//  are Google Analytics' own, not documented by GTM; the prefix joins as `<prefix>_ga`.]
import { expectArg } from '../../api/args.ts';
import { defineApi, type ApiDefinition } from '../../api/define.ts';
import type { ContainerOf } from '../container.ts';
import { cookieValues, resolveCookieDomain } from './cookies.ts';

const WEB = ['WEB'] as const;

export const readTitleApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({ name: 'readTitle', contexts: WEB, create: (env) => () => containerOf(env).page.title() });

export const readCharacterSetApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({ name: 'readCharacterSet', contexts: WEB, create: (env) => () => containerOf(env).page.characterSet() });

interface AnalyticsSession {
  measurement_id: string;
  session_id: string;
  session_number: number;
}

function session(measurementId: string, value: string): AnalyticsSession | undefined {
  const gs2 = /^GS2\.\d+\.(.*)$/.exec(value);
  if (gs2) {
    const fields = new Map(gs2[1]!.split('$').map((field) => [field[0], field.slice(1)]));
    const id = fields.get('s');
    return id ? { measurement_id: measurementId, session_id: id, session_number: Number(fields.get('o') ?? 0) } : undefined;
  }
  const parts = value.split('.');
  if (parts[0] !== 'GS1' || parts.length < 4) return undefined;
  return { measurement_id: measurementId, session_id: parts[2]!, session_number: Number(parts[3]) };
}

export const readAnalyticsStorageApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'readAnalyticsStorage',
    contexts: WEB,
    create: (env) => (cookieOptions: unknown) => {
      expectArg('readAnalyticsStorage', 0, 'cookieOptions', cookieOptions, 'object', true);
      const options = (cookieOptions ?? {}) as { cookie_prefix?: unknown; cookie_domain?: unknown };
      const container = containerOf(env);
      const { page } = container;
      const prefix = typeof options.cookie_prefix === 'string' ? options.cookie_prefix : '';
      const cookies = page.readCookies();
      const clients = cookieValues(cookies, `${prefix}_ga`)
        .map((value) => value.split('.'))
        .filter((parts) => parts.length >= 4);
      if (clients.length === 0) return undefined;
      const { domain } = resolveCookieDomain(container, options.cookie_domain, env.random);
      const depth = String(domain.split('.').length);
      const client = clients.find((parts) => parts[1] === depth) ?? clients[0]!;
      const sessions: AnalyticsSession[] = [];
      for (const pair of cookies.split(';')) {
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const match = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_ga_(\\w+)$`).exec(name);
        const parsed = eq > 0 && match ? session(`G-${match[1]!}`, pair.slice(eq + 1).trim()) : undefined;
        if (parsed) sessions.push(parsed);
      }
      return { client_id: client.slice(2).join('.'), sessions };
    },
  });
