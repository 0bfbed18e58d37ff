// Launching the project's Chromium (shared by the browser tests and the bench).
import { chromium, type Browser } from '@playwright/test';

/** Flags that work as root on the project's machines (docs: shared machine notes), plus the test host names. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP *.pipes.test 127.0.0.1',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}
