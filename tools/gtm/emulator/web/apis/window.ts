// The access_globals APIs: reading, writing, calling and aliasing window globals, and the queues vendor snippets
// are made of. Values crossing into the page are host copies (a sandbox object's trimmed prototype would break page
// code); values coming back are sandbox copies. Each check is access_globals(access, key).
// [DOC for copyFromWindow's deep copy and the permissions each API requires; 3P (stape's paraphrase of the API
//  page) for createQueue and createArgumentsQueue throwing on a missing path, aliasInWindow needing every part of
//  toPath but the last. UNVERIFIED: setInWindow returning false rather than creating missing parents, callInWindow
//  calling with the owning object as `this`, and the results for values that are not functions or arrays.]
import { ApiError } from '../../errors.ts';
import { expectArg } from '../../api/args.ts';
import { defineApi, type ApiDefinition, type ApiEnvironment } from '../../api/define.ts';
import type { ContainerOf } from '../container.ts';
import { slot } from './window-path.ts';

const WEB = ['WEB'] as const;

/** A host function that hands the page host copies of what the sandbox passes. */
function copyingArguments(env: ApiEnvironment, fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args) => fn(...args.map((arg) => env.boundary.copyToHost(arg)));
}

export const copyFromWindowApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'copyFromWindow',
    contexts: WEB,
    permission: (key) => [['read', key]],
    create: (env) => (key: unknown) => {
      expectArg('copyFromWindow', 0, 'key', key, 'string');
      const { owner, value } = slot(containerOf(env).page.window, key as string);
      if (typeof value === 'function') return copyingArguments(env, (...args) => Reflect.apply(value, owner, args));
      return env.boundary.copyToSandbox(value);
    },
  });

export const setInWindowApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'setInWindow',
    contexts: WEB,
    permission: (key) => [['write', key]],
    create: (env) => (key: unknown, value: unknown, overrideExisting: unknown) => {
      expectArg('setInWindow', 0, 'key', key, 'string');
      expectArg('setInWindow', 2, 'overrideExisting', overrideExisting, 'boolean', true);
      const target = slot(containerOf(env).page.window, key as string);
      if (!target.owner || (target.value !== undefined && overrideExisting !== true)) return false;
      target.owner[target.key] = env.boundary.copyToHost(value);
      return true;
    },
  });

export const callInWindowApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'callInWindow',
    contexts: WEB,
    permission: (path) => [['execute', path]],
    create: (env) => (path: unknown, ...args: unknown[]) => {
      expectArg('callInWindow', 0, 'pathToFunction', path, 'string');
      const { owner, value } = slot(containerOf(env).page.window, path as string);
      if (typeof value !== 'function') throw new ApiError('callInWindow', `window.${path as string} is not a function`);
      return Reflect.apply(value, owner, args.map((arg) => env.boundary.copyToHost(arg)));
    },
  });

export const aliasInWindowApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'aliasInWindow',
    contexts: WEB,
    permission: (toPath, fromPath) => [
      ['write', toPath],
      ['read', fromPath],
    ],
    create: (env) => (toPath: unknown, fromPath: unknown) => {
      expectArg('aliasInWindow', 0, 'toPath', toPath, 'string');
      expectArg('aliasInWindow', 1, 'fromPath', fromPath, 'string');
      const win = containerOf(env).page.window;
      const from = slot(win, fromPath as string);
      const to = slot(win, toPath as string);
      if (!to.owner || from.value === undefined) return false;
      to.owner[to.key] = from.value;
      return true;
    },
  });

/** The array at `path`, made if absent; throws when the path's parent is missing or the value is no array. */
function queueAt(api: string, win: Record<string, unknown>, path: string): unknown[] {
  const target = slot(win, path);
  if (!target.owner) throw new ApiError(api, `window.${path} cannot be made: its parent does not exist`);
  if (target.value === undefined) target.owner[target.key] = [];
  const queue = target.owner[target.key];
  if (!Array.isArray(queue)) throw new ApiError(api, `window.${path} is not an array`);
  return queue;
}

export const createQueueApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'createQueue',
    contexts: WEB,
    permission: (arrayKey) => [['readwrite', arrayKey]],
    create: (env) => (arrayKey: unknown) => {
      expectArg('createQueue', 0, 'arrayKey', arrayKey, 'string');
      const queue = queueAt('createQueue', containerOf(env).page.window, arrayKey as string);
      // through the array's own push, which the data layer (and vendor queues) replace to process entries
      return copyingArguments(env, (...values) => queue.push(...values));
    },
  });

export const createArgumentsQueueApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'createArgumentsQueue',
    contexts: WEB,
    permission: (fnKey, arrayKey) => [
      ['readwrite', fnKey],
      ['readwrite', arrayKey],
    ],
    create: (env) => (fnKey: unknown, arrayKey: unknown) => {
      expectArg('createArgumentsQueue', 0, 'fnKey', fnKey, 'string');
      expectArg('createArgumentsQueue', 1, 'arrayKey', arrayKey, 'string');
      const win = containerOf(env).page.window;
      const fnSlot = slot(win, fnKey as string);
      if (!fnSlot.owner) throw new ApiError('createArgumentsQueue', `window.${fnKey as string} cannot be made: its parent does not exist`);
      // made first, as vendor snippets do, since the array often hangs off the function (ga.q)
      if (fnSlot.value === undefined) {
        fnSlot.owner[fnSlot.key] = function () {
          (slot(win, arrayKey as string).value as unknown[]).push(arguments);
        };
      }
      queueAt('createArgumentsQueue', win, arrayKey as string);
      const fn = fnSlot.owner[fnSlot.key];
      if (typeof fn !== 'function') throw new ApiError('createArgumentsQueue', `window.${fnKey as string} is not a function`);
      return copyingArguments(env, (...args) => Reflect.apply(fn, fnSlot.owner, args));
    },
  });
