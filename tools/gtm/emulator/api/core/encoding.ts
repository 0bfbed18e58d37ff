// URI and base64 coding and SHA-256. The web and server pages document some of these with different signatures
// (api/sandbox/web.d.ts and server.d.ts): the server's toBase64 takes {urlEncoding}, the server's sha256 has no
// onFailure, and only the server has sha256Sync.
import { createHash } from 'node:crypto';
import { ApiError } from '../../errors.ts';
import { expectArg } from '../args.ts';
import { defineApi, type ApiEnvironment } from '../define.ts';

const BOTH = ['WEB', 'SERVER'] as const;

/** A URI function of ECMAScript that throws on malformed input, made to return undefined instead. */
function lenient(fn: (text: string) => string): (text: unknown) => string | undefined {
  return (text) => {
    try {
      return fn(String(text));
    } catch {
      return undefined;
    }
  };
}

export const encodeUriApi = defineApi({ name: 'encodeUri', contexts: BOTH, create: () => lenient(encodeURI) });
export const encodeUriComponentApi = defineApi({ name: 'encodeUriComponent', contexts: BOTH, create: () => lenient(encodeURIComponent) });
export const decodeUriApi = defineApi({ name: 'decodeUri', contexts: BOTH, create: () => lenient(decodeURI) });
export const decodeUriComponentApi = defineApi({ name: 'decodeUriComponent', contexts: BOTH, create: () => lenient(decodeURIComponent) });

/** Strings are encoded as UTF-8. [UNVERIFIED: how GTM encodes characters beyond Latin-1.] */
export const toBase64Api = defineApi({
  name: 'toBase64',
  contexts: BOTH,
  create: (env) => (input: unknown, options: unknown) => {
    expectArg('toBase64', 0, 'input', input, 'string');
    const bytes = Buffer.from(input as string, 'utf8');
    if (env.context === 'WEB') return bytes.toString('base64');
    expectArg('toBase64', 1, 'options', options, 'object', true);
    // sGTM runs on Node, whose base64url has no padding.
    return bytes.toString((options as { urlEncoding?: unknown } | undefined)?.urlEncoding === true ? 'base64url' : 'base64');
  },
});

const BASE64 = /^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)={0,2}$/;

/** Standard or URL-safe base64, padded or not; undefined for anything else. */
export const fromBase64Api = defineApi({
  name: 'fromBase64',
  contexts: BOTH,
  create: () => (input: unknown) => {
    expectArg('fromBase64', 0, 'base64EncodedString', input, 'string');
    const text = input as string;
    if (!BASE64.test(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
    return Buffer.from(text, 'base64').toString('utf8');
  },
});

function digest(api: string, input: unknown, options: unknown, optionsIndex: number): string {
  expectArg(api, 0, 'input', input, 'string');
  expectArg(api, optionsIndex, 'options', options, 'object', true);
  const encoding = (options as { outputEncoding?: unknown } | undefined)?.outputEncoding ?? 'base64';
  if (encoding !== 'base64' && encoding !== 'hex') throw new ApiError(api, `outputEncoding must be 'base64' or 'hex', not ${JSON.stringify(encoding)}`);
  return createHash('sha256').update(input as string, 'utf8').digest(encoding);
}

/**
 * Web: sha256(input, onSuccess, onFailure?, options?); server: sha256(input, onSuccess, options?). The digest
 * reaches onSuccess asynchronously, as GTM computes it with the browser's (or Node's) crypto.
 */
function sha256(env: ApiEnvironment) {
  return (input: unknown, onSuccess: unknown, third: unknown, fourth: unknown) => {
    const web = env.context === 'WEB';
    expectArg('sha256', 1, 'onSuccess', onSuccess, 'function');
    if (web) expectArg('sha256', 2, 'onFailure', third, 'function', true);
    const value = digest('sha256', input, web ? fourth : third, web ? 3 : 2);
    env.scheduler.later(() => (onSuccess as (digest: string) => void)(value));
  };
}

export const sha256Api = defineApi({ name: 'sha256', contexts: BOTH, create: sha256 });

export const sha256SyncApi = defineApi({
  name: 'sha256Sync',
  contexts: ['SERVER'],
  create: () => (input: unknown, options: unknown) => digest('sha256Sync', input, options, 1),
});
