// A local stand-in for the sGTM collect endpoint and the site that embeds the tracker, for the browser tests and the
// bench. One HTTPS server answers for two host names that the browser maps to 127.0.0.1 (see chromium.ts):
//   https://www.pipes.test:PORT/site/...  test pages (what they contain is set through `page`)
//   https://sgtm.pipes.test:PORT/p/...     the built tracker files, and /p/collect/<run> which records every batch
// Being different origins of one registrable domain, they behave like a site and its first-party sGTM subdomain.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Config, WireBatch, WireEvent } from '../src/types.ts';

const tracker = join(import.meta.dirname, '..');

export interface Hit {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  /** The batch a POST body or a pixel's `e` parameter carried, when it parsed. */
  batch?: WireBatch;
  /** The status the collector answered with. */
  status: number;
  at: number;
}

/** How /p/collect answers one request. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Milliseconds to wait before answering. */
  delay?: number;
}

/** What /site/* serves. */
export interface PageSpec {
  /** Merged over the test defaults (endpoint, short timers) and passed to `pipes('init', …)`. */
  config?: Partial<Config>;
  /** Plugin names whose dist files the page loads after the snippet. */
  plugins?: string[];
  /** Raw HTML placed after the snippet in <head> (scripts need `nonce="${NONCE}"` when `csp` is set). */
  head?: string;
  body?: string;
  /** A Content-Security-Policy header for the page. */
  csp?: string;
  /** Serve the published snippet unchanged except for its URLs (it then sends its own page view). */
  publishedSnippet?: boolean;
  /** Leave the tracker out: only `head` and `body`. */
  bare?: boolean;
}

export const NONCE = 'pipes-test-nonce';

export interface Collector {
  site: string;
  sgtm: string;
  /** The collect URL of the current test: /p/collect/<run>, so that late requests of a previous test's pages are ignored. */
  endpoint: string;
  /** Every request to /p/collect, preflights included. */
  hits: Hit[];
  /** Planned answers, used in order; then `answer` (a fixed answer, or one decided per request). */
  answers: Answer[];
  answer: Answer | (() => Answer);
  page: PageSpec;
  /** Batches of the requests answered with 2xx, in arrival order. */
  batches(): WireBatch[];
  /** Their events, duplicates included. */
  events(): WireEvent[];
  /** Polls until `check` returns something truthy, which it returns; fails with `what` after `ms`. */
  waitFor<T>(what: string, check: () => T | undefined | null | false, ms?: number): Promise<T>;
  /** Waits until at least `n` events arrived, and returns all of them. */
  waitForEvents(n: number, ms?: number): Promise<WireEvent[]>;
  reset(): void;
  close(): Promise<void>;
}

/** The published minified snippet, pointed at this server; its `init` gets `config` unless `published`. */
export function snippet(sgtm: string, config: Partial<Config>, published: boolean): string {
  const text = readFileSync(join(tracker, 'snippet', 'snippet.min.js'), 'utf8');
  const replaceOnce = (s: string, from: string, to: string): string => {
    if (!s.includes(from)) throw new Error(`the minified snippet no longer contains ${from}`);
    return s.replace(from, to);
  };
  let s = replaceOnce(text, '"https://sgtm.example.com/p/pipes.js"', JSON.stringify(sgtm + '/p/pipes.js'));
  if (published) return replaceOnce(s, '"https://sgtm.example.com/p/collect"', JSON.stringify(config.endpoint));
  s = replaceOnce(s, '{endpoint:"https://sgtm.example.com/p/collect"}', JSON.stringify(config));
  return replaceOnce(s, ',pipes("page")', '');
}

function pageHtml(c: Collector, spec: PageSpec, title: string): string {
  const config = { endpoint: c.endpoint, flushInterval: 100, retryBase: 50, retryMax: 400, ...spec.config };
  const tracker = spec.bare
    ? ''
    : `<script nonce="${NONCE}">${snippet(c.sgtm, config, !!spec.publishedSnippet)}</script>\n` +
      (spec.plugins ?? []).map((p) => `<script async src="${c.sgtm}/p/pipes-${p}.js"></script>\n`).join('');
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${title}</title>\n${tracker}${spec.head ?? ''}</head>\n<body>${spec.body ?? ''}</body></html>\n`;
}

function parseBatch(text: string | null): WireBatch | undefined {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export async function startCollector(options: { tls?: boolean } = {}): Promise<Collector> {
  const tls = options.tls ?? true;
  const scheme = tls ? 'https' : 'http';
  let port = 0;
  let run = 0;
  const c: Collector = {
    site: '',
    sgtm: '',
    endpoint: '',
    hits: [],
    answers: [],
    answer: { status: 204 },
    page: {},
    batches: () => c.hits.flatMap((h) => (h.batch && h.status < 300 ? [h.batch] : [])),
    events: () => c.batches().flatMap((b) => b.events),
    async waitFor(what, check, ms = 5000) {
      const end = Date.now() + ms;
      for (;;) {
        const result = check();
        if (result) return result;
        if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; received ${c.events().length} events in ${c.hits.length} requests`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    waitForEvents: (n, ms) => c.waitFor(`${n} events`, () => c.events().length >= n && c.events(), ms),
    reset() {
      c.endpoint = `${c.sgtm}/p/collect/${++run}`;
      c.hits = [];
      c.answers = [];
      c.answer = { status: 204 };
      c.page = {};
    },
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };

  function collect(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url!, c.sgtm);
    if (url.pathname != new URL(c.endpoint).pathname) return void res.writeHead(204).end();
    const next = req.method == 'OPTIONS' ? { status: 204 } : (c.answers.shift() ?? c.answer);
    const answer = typeof next == 'function' ? next() : next;
    const hit: Hit = { method: req.method!, url, headers: req.headers, body, status: answer.status, at: Date.now() };
    if (req.method == 'POST') hit.batch = parseBatch(body);
    if (req.method == 'GET') hit.batch = parseBatch(url.searchParams.get('e'));
    c.hits.push(hit);
    const headers: Record<string, string> = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': 'Retry-After',
      Vary: 'Origin',
      'Cache-Control': 'no-store',
      ...answer.headers,
    };
    setTimeout(() => res.writeHead(answer.status, headers).end(), answer.delay ?? 0);
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url!, `${scheme}://${req.headers.host}`);
    if (url.pathname.startsWith('/p/collect/')) return collect(req, res, body);
    const file = /^\/p\/(pipes(?:-[a-z]+)?\.js)$/.exec(url.pathname);
    if (file) {
      try {
        const js = readFileSync(join(tracker, 'dist', file[1]));
        return void res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' }).end(js);
      } catch {
        return void res.writeHead(404).end();
      }
    }
    if (url.pathname.startsWith('/site/')) {
      const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
      if (c.page.csp) headers['Content-Security-Policy'] = c.page.csp;
      return void res.writeHead(200, headers).end(pageHtml(c, c.page, 'Test page ' + url.pathname));
    }
    res.writeHead(url.pathname == '/favicon.ico' ? 204 : 404).end();
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  };
  const fixtures = join(tracker, 'test', 'fixtures');
  const server = tls
    ? createHttpsServer({ key: readFileSync(join(fixtures, 'tls.key')), cert: readFileSync(join(fixtures, 'tls.crt')) }, listener)
    : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  c.site = `${scheme}://www.pipes.test:${port}`;
  c.sgtm = `${scheme}://sgtm.pipes.test:${port}`;
  c.reset();
  return c;
}
