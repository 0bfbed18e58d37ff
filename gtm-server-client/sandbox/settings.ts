// The form's values as the code uses them: numbers as numbers, paths joined, lists trimmed, and the defaults where
// GTM passes nothing (a field switched off by its condition, a number field emptied by hand). Only this module
// reads `data`.
import type { AnonymizeOptions } from './anonymize/row.ts';
import type { EventLimits } from './limits.ts';
const makeNumber = require('makeNumber');

export interface CookieSettings {
  /** the tracker's cookieName: PREFIX_id, PREFIX_ses, PREFIX_optout, PREFIX_id_backup */
  prefix: string;
  /** 'auto' or a domain */
  domain: string;
  maxAgeSeconds: number;
  setFromServer: boolean;
  backup: boolean;
}

export interface StorageSettings {
  bucket: string;
  /** without leading or trailing slash; '' for none */
  objectPrefix: string;
  /** without trailing slash */
  baseUrl: string;
  timeoutMs: number;
  retryAfterSeconds: number;
}

export interface Settings {
  collectPath: string;
  /** absent when the client does not serve the tracker */
  script?: { path: string; cacheSeconds: number };
  /** lower-case origins and https://*.example.com patterns; empty: same site as this server */
  allowedOrigins: string[];
  storage: StorageSettings;
  anonymize: AnonymizeOptions;
  storeIp: boolean;
  storeUserAgent: boolean;
  honourGpc: boolean;
  cookies: CookieSettings;
  dropBots: boolean;
  maxBodyBytes: number;
  maxEventsPerBatch: number;
  eventLimits: EventLimits;
  runContainer: boolean;
}

/** A whole number from a TEXT field, or the fallback when the field is empty or not a number. */
function whole(value: string | number | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = makeNumber(value);
  return n >= 0 ? Math.floor(n) : fallback;
}

function trimSlashes(text: string): string {
  let out = text.trim();
  while (out.charAt(0) === '/') out = out.substring(1);
  while (out.charAt(out.length - 1) === '/') out = out.substring(0, out.length - 1);
  return out;
}

/**
 * The lines of a "text as list" field. GTM passes an array; a field filled from a variable holding text arrives as
 * that text, so text is split into lines too.
 */
function lines(list: readonly string[] | string | undefined): string[] {
  const items = typeof list === 'string' ? list.split('\n') : list || [];
  return items.map((line) => line.trim()).filter((line) => line !== '');
}

export function readSettings(): Settings {
  const prefix = '/' + trimSlashes(data.pathPrefix);
  return {
    collectPath: prefix + '/collect',
    script: data.serveScript
      ? { path: prefix + '/' + trimSlashes(data.scriptFileName || 'pipes.js'), cacheSeconds: whole(data.scriptCacheSeconds, 3600) }
      : undefined,
    allowedOrigins: (data.allowedOrigins || []).map((row) => trimSlashes((row.origin || '').toLowerCase())).filter((o) => o !== ''),
    storage: {
      bucket: data.bucket.trim(),
      objectPrefix: trimSlashes(data.objectPrefix || ''),
      baseUrl: trimSlashes(data.storageBaseUrl),
      timeoutMs: whole(data.uploadTimeoutMs, 5000),
      retryAfterSeconds: whole(data.retryAfterSeconds, 30),
    },
    anonymize: {
      queryAllowlist: lines(data.queryAllowlist),
      redaction: {
        emails: data.scrubEmails,
        phones: data.scrubPhones,
        cards: data.scrubCards,
        ips: data.scrubIps,
        extraPatterns: lines((data.extraPiiPatterns || []).map((row) => row.pattern)),
      },
      userId: {
        handling: data.userIdHandling,
        hmacKeyId: data.hmacKeyId || 'pipes_user_id',
        salt: data.userIdSalt || '',
      },
    },
    storeIp: data.ipHandling === 'truncate',
    storeUserAgent: data.userAgentHandling === 'reduce',
    honourGpc: data.honourGpc,
    cookies: {
      prefix: data.cookiePrefix,
      domain: data.cookieDomain,
      maxAgeSeconds: whole(data.cookieLifetimeDays, 365) * 86400,
      setFromServer: data.setIdCookie,
      backup: data.setIdCookie && data.backupIdCookie === true,
    },
    dropBots: data.botHandling === 'drop',
    maxBodyBytes: whole(data.maxBodyBytes, 65536),
    maxEventsPerBatch: whole(data.maxEventsPerBatch, 100),
    eventLimits: {
      maxPropertyDepth: whole(data.maxPropertyDepth, 5),
      maxPropertyBytes: whole(data.maxPropertyBytes, 16384),
      maxAgeMs: whole(data.maxEventAgeHours, 168) * 3600000,
    },
    runContainer: data.runContainer,
  };
}
