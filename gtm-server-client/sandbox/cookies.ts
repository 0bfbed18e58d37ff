// The identifier cookies, from the server's side. The tracker keeps the anonymous id in PREFIX_id, readable by
// scripts; the server sets it again with Set-Cookie on every batch, which extends its life where browsers cap
// script-set cookies, and keeps an HttpOnly copy, PREFIX_id_backup, that restores it when scripts lost theirs.
// Opting out (PREFIX_optout=1, set by the tracker) or Global Privacy Control expires every identifier.
import type { CookieSettings } from './settings.ts';
import { isUuid } from './validate.ts';
const getCookieValues = require('getCookieValues');
const getRequestHeader = require('getRequestHeader');
const setCookie = require('setCookie');

function cookieOptions(settings: CookieSettings, maxAge: number, httpOnly: boolean): GtmServerCookieOptions {
  return { domain: settings.domain, path: '/', 'max-age': maxAge, secure: true, httpOnly: httpOnly, sameSite: 'lax' };
}

export function isOptedOut(settings: CookieSettings, honourGpc: boolean): boolean {
  return getCookieValues(settings.prefix + '_optout').indexOf('1') !== -1 || (honourGpc && getRequestHeader('sec-gpc') === '1');
}

/** Set-Cookie with max-age=0 for the anonymous id, its backup and the session id. The opt-out cookie stays. */
export function expireIdentifiers(settings: CookieSettings): void {
  for (const suffix of ['_id', '_id_backup', '_ses']) {
    setCookie(settings.prefix + suffix, '', cookieOptions(settings, 0, suffix === '_id_backup'));
  }
}

/**
 * Refreshes the anonymous id the batch was sent with. Only batches whose events carry an id count: a tracker
 * waiting for consent sends null ids and must not get a cookie. The script copy wins; when it is missing, the
 * backup restores it; the events' own id comes last (the first visit, before any Set-Cookie).
 */
export function refreshAnonymousId(settings: CookieSettings, idsInBatch: string[]): void {
  if (!settings.setFromServer || idsInBatch.length === 0) return;
  const scriptCopy = getCookieValues(settings.prefix + '_id').filter(isUuid)[0];
  const backup = settings.backup ? getCookieValues(settings.prefix + '_id_backup').filter(isUuid)[0] : undefined;
  const id = scriptCopy || backup || idsInBatch[0];
  setCookie(settings.prefix + '_id', id, cookieOptions(settings, settings.maxAgeSeconds, false));
  if (settings.backup) setCookie(settings.prefix + '_id_backup', id, cookieOptions(settings, settings.maxAgeSeconds, true));
}
