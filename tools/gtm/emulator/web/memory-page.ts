// An in-memory page for running web templates in Node: a window object, a cookie jar with the browser's rules,
// location, referrer, title, character set, localStorage, and loads that succeed or fail as the test says. Tests
// set it up explicitly (no jsdom): what page scripts would do, they do on `page.window`.
import { CookieJar, type StoredCookie } from './cookie-jar.ts';
import type { LoadKind, Page, PageStorage } from './page.ts';

/** What a load does: 'load' (the default) or 'error'; a function runs as the loaded script would, then loads. */
export type LoadOutcome = 'load' | 'error' | ((window: Record<string, unknown>) => void);

export interface MemoryPageOptions {
  /** default 'https://www.example.com/' */
  url?: string;
  referrer?: string;
  /** default 'Example page' */
  title?: string;
  /** default 'UTF-8' */
  characterSet?: string;
  /** globals page scripts defined before the container ran */
  window?: Record<string, unknown>;
  /** cookies already set, each as written to document.cookie ('name=value; path=/') */
  cookies?: readonly string[];
  /** localStorage entries; `null` for a page whose storage is blocked */
  localStorage?: Record<string, string> | null;
  /** how loads end, by URL; others load */
  loads?: (kind: LoadKind, url: string) => LoadOutcome;
  /** the page's clock for cookie expiry (default Date.now) */
  now?: () => number;
}

export interface LoadRecord {
  kind: LoadKind;
  url: string;
}

export class MemoryPage implements Page {
  readonly window: Record<string, unknown>;
  /** every load the page made, in order */
  readonly requests: LoadRecord[] = [];
  private readonly location: URL;
  private readonly pageTitle: string;
  private readonly referrerUrl: string;
  private readonly charset: string;
  private readonly jar: CookieJar;
  private readonly storage: Map<string, string> | undefined;
  private readonly outcome: (kind: LoadKind, url: string) => LoadOutcome;

  constructor(options: MemoryPageOptions = {}) {
    this.location = new URL(options.url ?? 'https://www.example.com/');
    this.referrerUrl = options.referrer ?? '';
    this.pageTitle = options.title ?? 'Example page';
    this.charset = options.characterSet ?? 'UTF-8';
    this.window = { ...options.window };
    this.jar = new CookieJar(options.now ?? Date.now);
    for (const cookie of options.cookies ?? []) this.writeCookie(cookie);
    this.storage = options.localStorage === null ? undefined : new Map(Object.entries(options.localStorage ?? {}));
    this.outcome = options.loads ?? (() => 'load');
  }

  readCookies(): string {
    return this.jar.read(this.location);
  }

  writeCookie(cookie: string): void {
    this.jar.write(cookie, this.location);
  }

  /** The cookies stored, with their attributes (expired ones are gone). */
  cookies(): StoredCookie[] {
    return this.jar.list();
  }

  url(): string {
    return this.location.href;
  }

  referrer(): string {
    return this.referrerUrl;
  }

  title(): string {
    return this.pageTitle;
  }

  characterSet(): string {
    return this.charset;
  }

  localStorage(): PageStorage | undefined {
    const storage = this.storage;
    if (!storage) return undefined;
    return {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => void storage.set(key, value),
      removeItem: (key) => void storage.delete(key),
    };
  }

  /** The localStorage entries, for assertions. */
  storedItems(): Record<string, string> {
    return Object.fromEntries(this.storage ?? []);
  }

  load(kind: LoadKind, url: string): Promise<void> {
    this.requests.push({ kind, url });
    const outcome = this.outcome(kind, url);
    // a network round trip: the outcome arrives after the current code, as a browser's load event does
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        if (outcome === 'error') return reject(new Error(`${kind} ${url} failed to load`));
        if (typeof outcome === 'function') outcome(this.window);
        resolve();
      }, 0),
    );
  }
}
