// The documentation's screenshots of the demo shop and the event inspector, taken in Chromium through the local stack:
// `npm run docs:screenshots` writes them to docs/images/ (or to the folder given as the first argument).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium } from '../../tracker/test/chromium.ts';
import { startLocalStack } from '../local-stack/stack.ts';

const IMAGES = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..', 'docs', 'images'));
const dataDir = mkdtempSync(join(tmpdir(), 'pipes-screenshots-'));
const stack = await startLocalStack({ dataDir, quiet: true, log: () => {}, demo: { flushInterval: 200 } });
const browser = await launchChromium();
try {
  mkdirSync(IMAGES, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  await page.goto(`${stack.demo.url}/`);
  await page.locator('#consent-banner').waitFor();
  await page.screenshot({ path: join(IMAGES, 'demo-shop.png') });

  await page.click('#consent-accept');
  await page.goto(`${stack.demo.url}/shop`);
  await page.click('[data-add-to-cart="nyeri-aa"]');
  await page.goto(`${stack.demo.url}/app`);
  await page.click('a[href="/app/recipes"]');
  await page.goto(`${stack.demo.url}/account`);
  await page.click('#login-form button');
  await page.goto(`${stack.demo.url}/shop/huehuetenango`);
  await page.click('[data-add-to-cart="huehuetenango"]');

  const inspector = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  await inspector.goto(`${stack.demo.url}/inspector/`);
  await inspector.locator('#events details.event .event-name', { hasText: 'add_to_cart' }).first().waitFor({ timeout: 30_000 });
  await inspector.locator('#events details.event', { hasText: 'add_to_cart' }).first().locator('summary').click();
  await inspector.screenshot({ path: join(IMAGES, 'inspector.png') });
  console.log(`screenshots written to ${IMAGES}`);
} finally {
  await browser.close();
  await stack.close();
  rmSync(dataDir, { recursive: true, force: true });
}
