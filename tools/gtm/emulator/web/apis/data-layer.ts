// The data layer: copyFromDataLayer reads the model's merged state (data-layer.ts), gtagSet queues a gtag `set`
// command that is processed after the current event. read_data_layer checks the key read; write_data_layer checks
// every key gtagSet writes, as a dotted path to each value (nested objects included).
// [3P: stape's paraphrase of the API page. UNVERIFIED: that `set` merges into the model copyFromDataLayer reads,
//  and that nested keys are checked as their full paths.]
import { expectArg } from '../../api/args.ts';
import { defineApi, type ApiDefinition } from '../../api/define.ts';
import type { ContainerOf } from '../container.ts';
import { isPlainObject } from '../data-layer.ts';

const WEB = ['WEB'] as const;

export const copyFromDataLayerApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'copyFromDataLayer',
    contexts: WEB,
    permission: (key) => [[key]],
    create: (env) => (key: unknown, version: unknown) => {
      expectArg('copyFromDataLayer', 0, 'key', key, 'string');
      expectArg('copyFromDataLayer', 1, 'dataLayerVersion', version, 'number', true);
      return env.boundary.copyToSandbox(containerOf(env).dataLayer.get(key as string, version === 1 ? 1 : 2));
    },
  });

/** The dotted paths of the values an object sets. */
function writtenKeys(settings: unknown, prefix = ''): string[] {
  if (!isPlainObject(settings) || Object.keys(settings).length === 0) return prefix ? [prefix] : [];
  return Object.keys(settings).flatMap((key) => writtenKeys(settings[key], prefix ? `${prefix}.${key}` : key));
}

// gtagSet(key, value) is gtag('set', key, value): Gallery consent templates write gtagSet('developer_id.<id>', true).
// [OBS: that form in many published consent-mode templates; the API page documents only the object form.]
function asSettings(settings: unknown, value: unknown): unknown {
  return typeof settings === 'string' ? { [settings]: value } : settings;
}

export const gtagSetApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'gtagSet',
    contexts: WEB,
    permission: (settings, value) => writtenKeys(asSettings(settings, value)).map((key) => [key]),
    create: (env) => (settings: unknown, value: unknown) => {
      if (typeof settings === 'string') {
        containerOf(env).enqueueCommand(env, 'set', settings, env.boundary.copyToHost(value));
        return;
      }
      expectArg('gtagSet', 0, 'settings', settings, 'object');
      containerOf(env).enqueueCommand(env, 'set', env.boundary.copyToHost(settings));
    },
  });
