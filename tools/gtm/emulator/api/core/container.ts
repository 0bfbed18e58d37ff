// What the template learns about its container and its own permissions, and console logging.
import { expectArg } from '../args.ts';
import { defineApi } from '../define.ts';

const BOTH = ['WEB', 'SERVER'] as const;

export const getContainerVersionApi = defineApi({
  name: 'getContainerVersion',
  contexts: BOTH,
  create: (env) => () => ({ ...env.containerVersion }),
});

/** Answers from the same checker every API uses; unknown permissions and malformed queries answer false. */
export const queryPermissionApi = defineApi({
  name: 'queryPermission',
  contexts: BOTH,
  create: (env) => (permission: unknown, ...args: unknown[]) => {
    expectArg('queryPermission', 0, 'permission', permission, 'string');
    return env.permissions.allows(permission as string, args);
  },
});

/**
 * Needs the logging permission. With environments 'debug' it logs in debug and preview mode only, and is silent
 * (not an error) otherwise; with 'all' it always logs.
 */
export const logToConsoleApi = defineApi({
  name: 'logToConsole',
  contexts: BOTH,
  // checked below: a run outside debug mode is silent, not refused
  permission: () => [],
  create: (env) => (...args: unknown[]) => {
    if (!env.permissions.declares('logging')) env.permissions.check('logToConsole', 'logging', []);
    if (env.permissions.allows('logging', [])) env.log(args.map((arg) => env.boundary.copyToHost(arg)));
  },
});
