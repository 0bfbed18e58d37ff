// What the web runtime needs from the page a container runs on. Two implementations: MemoryPage (Node: an
// in-memory page that tests set up explicitly) and BrowserPage (a real window and document). The runtime's GTM
// semantics (the data layer model, consent, policies, cookie domains, the script cache) are written once, over
// this interface, in container.ts and apis/.

/** The kinds of request the page makes for templates. */
export type LoadKind = 'script' | 'iframe' | 'pixel';

/** The page's localStorage; methods throw where the browser refuses storage. */
export interface PageStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Page {
  /** The global object page scripts share: window. Host-realm values only. */
  readonly window: Record<string, unknown>;
  /** document.cookie as the page reads it: `a=1; b=2`. */
  readCookies(): string;
  /** document.cookie = cookie: one cookie with its attributes; the page may refuse it silently, as browsers do. */
  writeCookie(cookie: string): void;
  /** location.href */
  url(): string;
  /** document.referrer ('' when none) */
  referrer(): string;
  /** document.title */
  title(): string;
  /** document.characterSet */
  characterSet(): string;
  /** window.localStorage, or undefined where the browser gives none (blocked storage) */
  localStorage(): PageStorage | undefined;
  /**
   * Loads `url` as a script element, a hidden iframe or an image; resolves when it loaded, rejects when it failed.
   * Each call is one request: caching by cache token is the runtime's business.
   */
  load(kind: LoadKind, url: string): Promise<void>;
}
