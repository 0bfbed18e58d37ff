// One Chromium per test file and one fresh browser context per test, against a local collector.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { after, before } from 'node:test';
import { launchChromium } from './chromium.ts';
import { startCollector, type Collector, type PageSpec } from './collector.ts';

export interface Fresh {
  context: BrowserContext;
  page: Page;
  c: Collector;
  /** URLs of every request the browser made to the collect endpoint, seen at the network level. */
  requests: string[];
  /** Console warnings and errors of all pages, page errors included. */
  problems: string[];
  /** Every console message of all pages (with `debug: true` the tracker logs each request's result). */
  logs: string[];
  /** Serves `spec` on /site/*, opens `path` there and waits for the tracker (unless bare). */
  open(path: string, spec?: PageSpec, page?: Page): Promise<Page>;
}

/** Registers the browser and collector for this file; `fresh()` gives each test a new context with a reset collector. */
export function harness(options: { tls?: boolean } = {}): { fresh(): Promise<Fresh> } {
  let browser: Browser;
  let collector: Collector;
  let context: BrowserContext | undefined;
  before(async () => {
    [browser, collector] = await Promise.all([launchChromium(), startCollector(options)]);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await collector?.close();
  });
  return {
    async fresh() {
      await context?.close();
      collector.reset();
      context = await browser.newContext({ ignoreHTTPSErrors: true });
      const requests: string[] = [];
      const problems: string[] = [];
      const logs: string[] = [];
      const endpoint = new URL(collector.endpoint).pathname;
      context.on('request', (r) => new URL(r.url()).pathname == endpoint && requests.push(r.url()));
      context.on('page', (p) => watch(p));
      const watch = (p: Page): void => {
        p.on('console', (m) => {
          logs.push(m.text());
          if (m.type() == 'warning' || m.type() == 'error') problems.push(m.text());
        });
        p.on('pageerror', (e) => problems.push(String(e)));
      };
      const page = await context.newPage();
      return {
        context,
        page,
        c: collector,
        requests,
        problems,
        logs,
        async open(path, spec, target = page) {
          if (spec) collector.page = spec;
          await target.goto(collector.site + path);
          if (!collector.page.bare) await target.waitForFunction(() => window.pipes?.v);
          return target;
        },
      };
    },
  };
}
