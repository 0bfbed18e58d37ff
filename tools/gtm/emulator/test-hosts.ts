// The runtime a template's ___TESTS___ run with, by its context: what `pipes-gtm test` and the repository's
// template test both use, so that a scenario behaves the same in either.
import type { Context } from '../api/catalog.ts';
import type { Host } from './api/define.ts';
import { serverTestHost } from './server/test-host.ts';
import { webTestHost } from './web/test-host.ts';

export function testHostFor(context: Context): Host {
  return context === 'SERVER' ? serverTestHost() : webTestHost();
}
