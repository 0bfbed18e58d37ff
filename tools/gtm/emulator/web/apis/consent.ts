// Consent: reading a type's state, listening to its changes, and the `consent default` / `consent update`
// commands, which GTM pushes to the data layer and processes after the current event (consent.ts has the state's
// rules). Checked by access_consent: read for each type read or listened to, write for each type set.
// [3P: stape's paraphrase of the API page. UNVERIFIED: that a value other than 'granted' or 'denied' is an error.]
import { ApiError } from '../../errors.ts';
import { expectArg } from '../../api/args.ts';
import { defineApi, type ApiDefinition } from '../../api/define.ts';
import type { ContainerOf } from '../container.ts';
import { CONSENT_SETTINGS, isConsentValue, type ConsentListener } from '../consent.ts';

const WEB = ['WEB'] as const;

export const isConsentGrantedApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'isConsentGranted',
    contexts: WEB,
    permission: (consentType) => [[consentType, 'read']],
    create: (env) => (consentType: unknown) => {
      expectArg('isConsentGranted', 0, 'consentType', consentType, 'string');
      return containerOf(env).consent.isGranted(consentType as string);
    },
  });

export const addConsentListenerApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'addConsentListener',
    contexts: WEB,
    permission: (consentType) => [[consentType, 'read']],
    create: (env) => (consentType: unknown, listener: unknown) => {
      expectArg('addConsentListener', 0, 'consentType', consentType, 'string');
      expectArg('addConsentListener', 1, 'listener', listener, 'function');
      containerOf(env).consent.listen(consentType as string, listener as ConsentListener);
    },
  });

const consentTypes = (settings: unknown): string[] =>
  typeof settings === 'object' && settings !== null ? Object.keys(settings).filter((key) => !CONSENT_SETTINGS.has(key)) : [];

function commandApi(containerOf: ContainerOf, name: 'setDefaultConsentState' | 'updateConsentState', command: 'default' | 'update'): ApiDefinition {
  return defineApi({
    name,
    contexts: WEB,
    permission: (settings) => consentTypes(settings).map((type) => [type, 'write']),
    create: (env) => (settings: unknown) => {
      expectArg(name, 0, 'consentSettings', settings, 'object');
      const values = settings as Record<string, unknown>;
      for (const type of consentTypes(values)) {
        if (!isConsentValue(values[type])) throw new ApiError(name, `${type} must be 'granted' or 'denied', not ${JSON.stringify(values[type])}`);
      }
      containerOf(env).enqueueCommand(env, 'consent', command, env.boundary.copyToHost(values));
    },
  });
}

export const setDefaultConsentStateApi = (containerOf: ContainerOf) => commandApi(containerOf, 'setDefaultConsentState', 'default');
export const updateConsentStateApi = (containerOf: ContainerOf) => commandApi(containerOf, 'updateConsentState', 'update');
