// The questions every path asks before it touches an identifier, storage or the network.
import { cfg, consentState, named } from './config.ts';
import type { WireEvent } from './types.ts';
import { getCookie } from './util.ts';

/** Opted out by cookie, or by a browser privacy signal we honour. Read each time: another tab may have changed it. */
export function optedOut(): boolean {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  return (
    getCookie(named('_optout')) == '1' ||
    (cfg.gpc && nav.globalPrivacyControl == true) ||
    (cfg.dnt && nav.doNotTrack == '1')
  );
}

/** Identifiers and the persistent queue need consent unless no consent mode is configured. */
export const mayStore = (): boolean => cfg.consent == 'none' || consentState == 'granted';

export const maySend = (): boolean => !!cfg.endpoint && !optedOut() && (cfg.consent != 'wait' || consentState == 'granted');

export const consentLabel = (): WireEvent['context']['consent'] => (cfg.consent == 'none' ? 'none' : consentState);
