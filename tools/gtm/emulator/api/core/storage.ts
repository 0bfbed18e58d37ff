// Storage that belongs to one template: templateStorage (web; lives as long as the page, holds references) and
// templateDataStorage (server; shared by the runs of the template on one server instance, holds copies). The
// stores themselves come from the host (Host.templateStorage / templateDataStorage), which decides how long they
// live; both need access_template_storage.
import { expectArg } from '../args.ts';
import { defineApi } from '../define.ts';

/** getItem gives null for an absent key, as localStorage does. [UNVERIFIED for templateStorage.] */
export const templateStorageApi = defineApi({
  name: 'templateStorage',
  contexts: ['WEB'],
  create: (env) => {
    const store = env.templateStorage;
    const key = (member: string, value: unknown): string => {
      expectArg(`templateStorage.${member}`, 0, 'key', value, 'string');
      return value as string;
    };
    return {
      getItem: (k: unknown) => (store.has(key('getItem', k)) ? store.get(k as string) : null),
      setItem: (k: unknown, value: unknown) => void store.set(key('setItem', k), value),
      removeItem: (k: unknown) => void store.delete(key('removeItem', k)),
      clear: () => store.clear(),
    };
  },
});

/** Values go in and come out as copies; storing null or undefined removes the key. */
export const templateDataStorageApi = defineApi({
  name: 'templateDataStorage',
  contexts: ['SERVER'],
  create: (env) => {
    const store = env.templateDataStorage;
    const key = (member: string, value: unknown): string => {
      expectArg(`templateDataStorage.${member}`, 0, 'key', value, 'string');
      return value as string;
    };
    return {
      getItemCopy: (k: unknown) => (store.has(key('getItemCopy', k)) ? env.boundary.copyToSandbox(store.get(k as string)) : null),
      setItemCopy: (k: unknown, value: unknown) => {
        const name = key('setItemCopy', k);
        if (value === null || value === undefined) store.delete(name);
        else store.set(name, env.boundary.copyToHost(value));
      },
      removeItem: (k: unknown) => void store.delete(key('removeItem', k)),
      clear: () => store.clear(),
    };
  },
});
