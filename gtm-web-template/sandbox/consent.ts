// GTM consent mode drives the tracker's consent gate: pipes('consent', 'granted' | 'denied'). Until the first
// 'granted' the tracker stays pending: 'wait' keeps events in the page, 'cookieless' sends them without ids.
// GTM cannot tell "not answered yet" from "refused" (both are denied), so only a change from granted to denied,
// a withdrawal, is passed on as 'denied', which deletes the ids and everything queued.
import type { Pipes } from './pipes.ts';
const addConsentListener = require('addConsentListener');
const isConsentGranted = require('isConsentGranted');

export function followConsent(pipes: Pipes): void {
  if (data.consentMode === 'ignore') return;
  if (isConsentGranted('analytics_storage')) pipes('consent', 'granted');
  addConsentListener('analytics_storage', (consentType, granted) => pipes('consent', granted ? 'granted' : 'denied'));
}
