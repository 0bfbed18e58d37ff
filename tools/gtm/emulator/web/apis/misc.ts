// The remaining web APIs: addEventCallback, localStorage, sha256 (SubtleCrypto, as GTM uses the browser's), and
// the web's queryPermission and logToConsole, which also answer to the page's policies.
import { getContainerVersionApi, logToConsoleApi as coreLogToConsoleApi } from '../../api/core/container.ts';
import { templateStorageApi } from '../../api/core/storage.ts';
import { ApiError } from '../../errors.ts';
import { expectArg } from '../../api/args.ts';
import { defineApi, type ApiDefinition, type HostFunction } from '../../api/define.ts';
import type { ContainerOf } from '../container.ts';

const WEB = ['WEB'] as const;

/** The callback runs when the host ends the event the tag ran in (WebContainer.runTags), with the tags' outcomes. */
export const addEventCallbackApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'addEventCallback',
    contexts: WEB,
    create: (env) => (callback: unknown) => {
      expectArg('addEventCallback', 0, 'callback', callback, 'function');
      containerOf(env).addEventCallback(callback as HostFunction);
    },
  });

/**
 * getItem gives null for an absent key, setItem whether the value was stored (false where the browser refuses
 * storage); values are stored as strings. Checked by access_local_storage per key.
 */
export const localStorageApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'localStorage',
    contexts: WEB,
    permission: {
      getItem: (key) => [['read', key]],
      setItem: (key) => [['write', key]],
      removeItem: (key) => [['write', key]],
    },
    create: (env) => {
      const storage = () => containerOf(env).page.localStorage();
      const key = (member: string, value: unknown): string => {
        expectArg(`localStorage.${member}`, 0, 'key', value, 'string');
        return value as string;
      };
      return {
        getItem: (k: unknown) => {
          const name = key('getItem', k);
          try {
            return storage()?.getItem(name) ?? null;
          } catch {
            return null;
          }
        },
        setItem: (k: unknown, value: unknown) => {
          const name = key('setItem', k);
          const target = storage();
          if (!target) return false;
          try {
            target.setItem(name, String(value));
            return true;
          } catch {
            return false;
          }
        },
        removeItem: (k: unknown) => {
          const name = key('removeItem', k);
          try {
            storage()?.removeItem(name);
          } catch {
            // nothing to remove from storage the browser refuses
          }
        },
      };
    },
  });

function encode(digest: ArrayBuffer, encoding: 'base64' | 'hex'): string {
  const bytes = new Uint8Array(digest);
  if (encoding === 'hex') return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return btoa(String.fromCharCode(...bytes));
}

/**
 * sha256(input, onSuccess, onFailure?, options?): the digest of the UTF-8 bytes arrives asynchronously; onFailure
 * runs where the browser has no SubtleCrypto (pages that are not secure contexts).
 */
export const sha256Api = defineApi({
  name: 'sha256',
  contexts: WEB,
  create: (env) => (input: unknown, onSuccess: unknown, onFailure: unknown, options: unknown) => {
    expectArg('sha256', 0, 'input', input, 'string');
    expectArg('sha256', 1, 'onSuccess', onSuccess, 'function');
    expectArg('sha256', 2, 'onFailure', onFailure, 'function', true);
    expectArg('sha256', 3, 'options', options, 'object', true);
    const encoding = (options as { outputEncoding?: unknown } | undefined)?.outputEncoding ?? 'base64';
    if (encoding !== 'base64' && encoding !== 'hex') throw new ApiError('sha256', `outputEncoding must be 'base64' or 'hex', not ${JSON.stringify(encoding)}`);
    const subtle = globalThis.crypto?.subtle as SubtleCrypto | undefined;
    const hashing = subtle ? subtle.digest('SHA-256', new TextEncoder().encode(input as string)) : Promise.reject(new Error('no SubtleCrypto'));
    const digest = hashing.then(
      (bytes) => env.scheduler.later(() => (onSuccess as (digest: string) => void)(encode(bytes, encoding))),
      () => env.scheduler.later(() => (onFailure as (() => void) | undefined)?.()),
    );
    env.scheduler.track(digest);
  },
});

/** queryPermission's answer: the template's permissions, then the page's policies. */
export const queryPermissionApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'queryPermission',
    contexts: WEB,
    create: (env) => (permission: unknown, ...args: unknown[]) => {
      expectArg('queryPermission', 0, 'permission', permission, 'string');
      if (!env.permissions.allows(permission as string, args)) return false;
      return containerOf(env).policies.denial(env.containerVersion.containerId, permission as string, args) === undefined;
    },
  });

/** The core's logToConsole; a call the template's logging permission lets through is put to the page's policies. */
export const logToConsoleApi = (containerOf: ContainerOf): ApiDefinition => ({
  ...coreLogToConsoleApi,
  contexts: WEB,
  create: (env) => {
    const log = coreLogToConsoleApi.create(env) as HostFunction;
    return (...args: unknown[]) => {
      if (env.permissions.allows('logging', [])) containerOf(env).policies.check(env, 'logToConsole', 'logging', []);
      return log(...args);
    };
  },
});

/** Core APIs the web runtime serves as they are (the page's policies are applied to them like to the others). */
export const CORE_WEB_APIS: readonly ApiDefinition[] = [getContainerVersionApi, templateStorageApi];
