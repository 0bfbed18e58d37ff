// The end-to-end tests' world: the local stack (`npm start`'s) in a throwaway data folder, real Chromium, and the
// bucket read back through the official GCS client, as a data engineer would read it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from '@playwright/test';
import { launchChromium } from '../../tracker/test/chromium.ts';
import { openLocalStorage } from '../../tools/local-stack/bucket.ts';
import { BUCKET, OBJECT_PREFIX, startLocalStack, type LocalStack, type LocalStackOptions } from '../../tools/local-stack/stack.ts';

/** The fields of a stored row (schema/stored-row.v1.schema.json) the tests look at. */
export interface StoredRow {
  event_id: string;
  type: string;
  event: string;
  ts: string;
  anonymous_id: string | null;
  session_id: string | null;
  user_id?: string;
  properties: Record<string, unknown>;
  context: { page: { url: string; path: string; referrer?: string; title?: string }; consent?: string };
  batch_id: string;
  ip?: string;
}

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** the bodies of every request the page's tracker sent to the collect path, in order, seen at the network level */
  sent: string[];
}

export interface E2E {
  stack: LocalStack;
  browser: Browser;
  /** the demo site's origin */
  site: string;
  /** a new browser profile (cookies, storage) on the demo site */
  visitor(options?: { gpc?: boolean }): Promise<Visitor>;
  /** every row stored so far under events/v1 */
  rows(): Promise<StoredRow[]>;
  /** the stored rows once `done` holds for them; fails with what was stored when it never does */
  waitForRows(done: (rows: StoredRow[]) => boolean, what: string, timeoutMs?: number): Promise<StoredRow[]>;
  close(): Promise<void>;
}

export async function startE2E(demo: LocalStackOptions['demo'] = {}): Promise<E2E> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipes-e2e-'));
  // a short flush interval keeps the tests quick; the delivery rules do not depend on it
  const stack = await startLocalStack({ dataDir, quiet: true, log: () => {}, demo: { flushInterval: 200, ...demo } });
  const browser = await launchChromium();
  const bucket = openLocalStorage(stack.gcs.url, stack.gcsToken).bucket(BUCKET);
  const downloaded = new Map<string, StoredRow[]>();
  const collectUrl = `${stack.sgtmUrl}/p/collect`;

  const rows = async (): Promise<StoredRow[]> => {
    const [files] = await bucket.getFiles({ prefix: `${OBJECT_PREFIX}/events/v1/` });
    for (const file of files) {
      // stored objects are never rewritten (ifGenerationMatch=0), so each is read once
      if (downloaded.has(file.name)) continue;
      const [content] = await file.download();
      downloaded.set(file.name, content.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as StoredRow));
    }
    return [...downloaded.values()].flat();
  };

  const waitForRows = async (done: (rows: StoredRow[]) => boolean, what: string, timeoutMs = 20_000): Promise<StoredRow[]> => {
    let stored: StoredRow[] = [];
    await until(async () => done((stored = await rows())), what, timeoutMs, () => `stored: ${JSON.stringify(stored.map((r) => `${r.type}:${r.event} ${r.context.page.path}`))}`);
    return stored;
  };

  const visitor = async (options: { gpc?: boolean } = {}): Promise<Visitor> => {
    const context = await browser.newContext(options.gpc ? { extraHTTPHeaders: { 'Sec-GPC': '1' } } : {});
    // Chromium has no GPC setting; a browser that has one sends the header and exposes the flag. (A string, since
    // tsx would rewrite a function's source with helpers the page does not have.)
    if (options.gpc) await context.addInitScript({ content: "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });" });
    const sent: string[] = [];
    context.on('request', (request: Request) => {
      if (request.url().startsWith(collectUrl)) sent.push(request.postData() ?? new URL(request.url()).searchParams.get('e') ?? '');
    });
    return { context, page: await context.newPage(), sent };
  };

  return {
    stack,
    browser,
    site: stack.demo.url,
    visitor,
    rows,
    waitForRows,
    async close() {
      await browser.close();
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `done` holds, polling; fails naming `what` (and `state()`) after `timeoutMs`. */
export async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000, state = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms. ${state()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Clicks the banner's "Accept analytics", as a first-time visitor does. */
export async function acceptConsent(page: Page): Promise<void> {
  await page.locator('#consent-accept').click();
}
