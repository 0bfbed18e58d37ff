// The configuration and the consent state.
import type { Config } from './types.ts';

/** Replaced by the build with the version in package.json. */
declare const PIPES_VERSION: string;
export const VERSION = PIPES_VERSION;

export const cfg: Config = {
  endpoint: '',
  cookieName: 'pipes',
  cookieDomain: 'auto',
  cookieDays: 365,
  sessionMinutes: 30,
  batchSize: 50,
  batchBytes: 32000,
  flushInterval: 2000,
  maxQueueEvents: 1000,
  maxQueueBytes: 500000,
  retryBase: 1000,
  retryMax: 120000,
  allowQuery: ['utm_*'],
  consent: 'none',
  gpc: true,
  dnt: true,
  debug: false,
};

export let consentState: 'pending' | 'granted' | 'denied' = 'pending';
export const setConsentState = (state: typeof consentState): void => void (consentState = state);

/** Cookie and storage names all derive from the configured prefix. */
export const named = (suffix: string): string => cfg.cookieName + suffix;
