// Small helpers shared by the core modules: ids, console output, cookies and localStorage that never throw.
import { cfg } from './config.ts';

export const now = Date.now;
export const iso = (): string => new Date().toISOString();

/** A random UUID v4; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
export function uuid(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  let s = '';
  for (let i = 0; i < 16; i++) s += (i == 4 || i == 6 || i == 8 || i == 10 ? '-' : '') + (b[i] + 256).toString(16).slice(1);
  return s;
}

const warned: Record<string, 1> = {};
/** Each problem is reported once per page, so a broken collector cannot flood the console. */
export function warn(message: string): void {
  if (!warned[message]) {
    warned[message] = 1;
    console.warn('[pipes] ' + message);
  }
}

export function log(...args: unknown[]): void {
  if (cfg.debug) console.log('[pipes]', ...args);
}

let jar: string | undefined;

/** Reading document.cookie is slow (it asks the browser's cookie store), so one read serves the rest of the task. */
export function getCookie(name: string): string | undefined {
  if (jar == null) {
    jar = document.cookie;
    queueMicrotask(() => (jar = undefined));
  }
  const m = jar.match('(?:^|; )' + name + '=([^;]*)');
  return m ? decodeURIComponent(m[1]) : undefined;
}

function writeCookie(name: string, value: string, seconds: number, domain: string): void {
  jar = undefined;
  document.cookie =
    name + '=' + encodeURIComponent(value) + ';Path=/;SameSite=Lax;Max-Age=' + Math.ceil(seconds) +
    (domain ? ';Domain=' + domain : '') + (location.protocol == 'https:' ? ';Secure' : '');
}

let autoDomain: string | undefined;
/** 'auto' finds the registrable domain the way analytics tags do: the shortest suffix the browser accepts a cookie on. */
function cookieDomain(): string {
  if (cfg.cookieDomain != 'auto') return cfg.cookieDomain;
  if (autoDomain == null) {
    const parts = location.hostname.split('.');
    for (let i = parts.length - 2; i >= 0 && autoDomain == null; i--) {
      const candidate = parts.slice(i).join('.');
      writeCookie('pipes_probe', '1', 9, candidate);
      if (getCookie('pipes_probe')) {
        autoDomain = candidate;
        writeCookie('pipes_probe', '', 0, candidate);
      }
    }
    autoDomain ||= '';
  }
  return autoDomain;
}

export function setCookie(name: string, value: string, seconds: number): void {
  writeCookie(name, value, seconds, cookieDomain());
}

/** Deletes both the domain-wide and the host-only variant: the server may have set either. */
export function deleteCookie(name: string): void {
  setCookie(name, '', 0);
  writeCookie(name, '', 0, '');
}

export function getItem(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Sets (or removes, for null) a localStorage item; false when storage refused it (quota, disabled storage). */
export function setItem(key: string, value: string | null): boolean {
  try {
    value == null ? localStorage.removeItem(key) : localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** The localStorage keys that start with a prefix. */
export function keys(prefix: string): string[] {
  const found: string[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!;
      if (k.startsWith(prefix)) found.push(k);
    }
  } catch {}
  return found;
}
