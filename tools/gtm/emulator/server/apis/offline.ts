// The APIs that need Google's own services: BigQuery, Firestore, sendEventToGoogleAnalytics, getGoogleScript. The
// emulator does not reach them, so a call (once its permissions pass) fails saying so; tests mock them.
import { expectArg } from '../../api/args.ts';
import { defineApi } from '../../api/define.ts';
import { ApiError, PermissionError } from '../../errors.ts';

function offline(api: string, mockedWith: string): never {
  throw new ApiError(api, `not available offline: it needs Google's servers, which the emulator does not reach; in tests, replace it with ${mockedWith}`);
}

type Options = { projectId?: unknown } | undefined;

export const bigQuery = defineApi({
  name: 'BigQuery',
  contexts: ['SERVER'],
  permission: { insert: (connectionInfo) => [['write', connectionInfo]] },
  create: () => ({
    insert: (connectionInfo: unknown, rows: unknown) => {
      expectArg('BigQuery.insert', 0, 'connectionInfo', connectionInfo, 'object');
      expectArg('BigQuery.insert', 1, 'rows', rows, 'array');
      offline('BigQuery.insert', "mockObject('BigQuery', { insert: … })");
    },
  }),
});

/** Permission checks by document path; a query reads the documents of its collection. [UNVERIFIED for query] */
export const firestore = defineApi({
  name: 'Firestore',
  contexts: ['SERVER'],
  permission: {
    read: (path, options: Options) => [['read', { projectId: options?.projectId, path }]],
    write: (path, _input, options: Options) => [['write', { projectId: options?.projectId, path }]],
    query: (collection, _conditions, options: Options) => [['read', { projectId: options?.projectId, path: `${String(collection)}/*` }]],
    // which documents a transaction touches is known only once it runs
    runTransaction: () => [],
  },
  create: (env) => {
    const mock = "mockObject('Firestore', { read: …, write: …, query: …, runTransaction: … })";
    const byPath = (member: string, argument: string) => (path: unknown) => {
      expectArg(`Firestore.${member}`, 0, argument, path, 'string');
      offline(`Firestore.${member}`, mock);
    };
    return {
      read: byPath('read', 'path'),
      write: byPath('write', 'path'),
      query: byPath('query', 'collection'),
      runTransaction: (callback: unknown) => {
        if (!env.permissions.declares('access_firestore')) throw new PermissionError('Firestore.runTransaction', 'access_firestore', 'the template does not declare the access_firestore permission');
        expectArg('Firestore.runTransaction', 0, 'callback', callback, 'function');
        offline('Firestore.runTransaction', mock);
      },
    };
  },
});

export const sendEventToGoogleAnalytics = defineApi({
  name: 'sendEventToGoogleAnalytics',
  contexts: ['SERVER'],
  // the Google endpoint it sends to is not the template's to name
  permission: () => [],
  create: () => (event: unknown) => {
    expectArg('sendEventToGoogleAnalytics', 0, 'event', event, 'object');
    offline('sendEventToGoogleAnalytics', "mock('sendEventToGoogleAnalytics', …)");
  },
});

export const getGoogleScript = defineApi({
  name: 'getGoogleScript',
  contexts: ['SERVER'],
  permission: () => [],
  create: () => (script: unknown) => {
    expectArg('getGoogleScript', 0, 'script', script, 'string');
    offline('getGoogleScript', "mock('getGoogleScript', …)");
  },
});

export const OFFLINE_APIS = [bigQuery, firestore, sendEventToGoogleAnalytics, getGoogleScript];
