// Anonymous id, session id and user id. Cookies are read on every event, so an id the server refreshed with
// Set-Cookie, or a reset/opt-out in another tab, takes effect at once; memory is only a fallback for browsers
// that refuse the cookie. Writing a cookie costs more than reading one, so a cookie is written when its value changes
// and otherwise only to extend its lifetime, once 1% of it has passed (the session cookie every 18 s of activity).
import { cfg, named } from './config.ts';
import { mayStore } from './privacy.ts';
import type { WireEvent } from './types.ts';
import { deleteCookie, getCookie, getItem, now, setCookie, setItem, uuid } from './util.ts';

const fallback: Record<string, string | undefined> = {};
const written: Record<string, number> = {};

function cookieId(name: string, seconds: number): string {
  const stored = getCookie(name);
  const id = stored || fallback[name] || uuid();
  if (id != stored || now() - (written[name] || 0) > seconds * 10) {
    setCookie(name, id, seconds);
    written[name] = now();
    fallback[name] = getCookie(name) == id ? undefined : id;
  }
  return id;
}

/**
 * reset() retires the anonymous id, but the answer to a request sent before it may still set that id again (the
 * server refreshes the id a request carried), on this page or, with keepalive, on the next one. For a while after a
 * reset the retired id and its successor are kept, to undo that.
 */
const RESET_WINDOW = 6e5;
function anonymousId(): string {
  const name = named('_id');
  const seconds = cfg.cookieDays * 86400;
  const [retired, successor, until] = (getItem(named('_reset')) || '').split(' ');
  if (+until! < now()) setItem(named('_reset'), null);
  else if (getCookie(name) == retired) setCookie(name, successor!, seconds);
  return cookieId(name, seconds);
}

/** The user id identify() set, until reset() or opt-out. */
export function userId(): string | undefined {
  return getItem(named('_uid')) || fallback._uid;
}

/** The ids for an event being queued now (with the user of the moment it was recorded); none while consent does not allow storing them. */
export function identifiers(user: string | null = userId() || null): Pick<WireEvent, 'anonymous_id' | 'session_id' | 'user_id'> {
  if (!mayStore()) return { anonymous_id: null, session_id: null, user_id: undefined };
  const memory = fallback._uid;
  if (memory) setUser(memory); // consent arrived after identify: move the user id to storage
  return {
    anonymous_id: anonymousId(),
    session_id: cookieId(named('_ses'), cfg.sessionMinutes * 60),
    user_id: user || undefined,
  };
}

/** Kept in localStorage (never in a cookie, so it does not travel with every request to the site). */
export function setUser(id: string): void {
  fallback._uid = mayStore() && setItem(named('_uid'), id) ? undefined : id;
}

export function forgetIdentity(): void {
  for (const k in fallback) fallback[k] = undefined;
  deleteCookie(named('_id'));
  deleteCookie(named('_ses'));
  setItem(named('_uid'), null);
  setItem(named('_reset'), null);
}

/** Logout: new ids at once, the anonymous one remembered with the id it replaces (anonymousId). */
export function resetIdentity(): void {
  const retired = getCookie(named('_id'));
  forgetIdentity();
  if (retired && mayStore()) setItem(named('_reset'), retired + ' ' + cookieId(named('_id'), cfg.cookieDays * 86400) + ' ' + (now() + RESET_WINDOW));
}
