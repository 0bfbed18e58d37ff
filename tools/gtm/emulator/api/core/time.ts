// Time, randomness and deferred calls.
import { expectArg } from '../args.ts';
import { defineApi } from '../define.ts';

const BOTH = ['WEB', 'SERVER'] as const;

/** A random integer from min to max, both included. */
export const generateRandomApi = defineApi({
  name: 'generateRandom',
  contexts: BOTH,
  create: (env) => (min: unknown, max: unknown) => {
    expectArg('generateRandom', 0, 'min', min, 'number');
    expectArg('generateRandom', 1, 'max', max, 'number');
    const low = Math.ceil(min as number);
    const high = Math.floor(max as number);
    return low + Math.floor(env.random() * (high - low + 1));
  },
});

export const getTimestampMillisApi = defineApi({ name: 'getTimestampMillis', contexts: BOTH, create: (env) => () => env.now() });

/** Deprecated in favour of getTimestampMillis, and like it in milliseconds. */
export const getTimestampApi = defineApi({ name: 'getTimestamp', contexts: BOTH, create: (env) => () => env.now() });

/** Like setTimeout(fn, 0): fn runs after the current code and the promise callbacks it queued. */
export const callLaterApi = defineApi({
  name: 'callLater',
  contexts: BOTH,
  create: (env) => (fn: unknown) => {
    expectArg('callLater', 0, 'function', fn, 'function');
    env.scheduler.later(() => (fn as () => void)());
  },
});
