// Which definition serves each API of a context: a host's (Host.apis), else the core's, else a placeholder that
// throws NotAvailableError, so that every API of api/catalog.ts can be required and mocked from the start.
import { apiInContext, apiNames, type Context } from '../../api/catalog.ts';
import { NotAvailableError } from '../errors.ts';
import { getContainerVersionApi, logToConsoleApi, queryPermissionApi } from './core/container.ts';
import {
  decodeUriApi,
  decodeUriComponentApi,
  encodeUriApi,
  encodeUriComponentApi,
  fromBase64Api,
  sha256Api,
  sha256SyncApi,
  toBase64Api,
} from './core/encoding.ts';
import { promiseApi } from './core/promise.ts';
import { createRegexApi, testRegexApi } from './core/regex.ts';
import { templateDataStorageApi, templateStorageApi } from './core/storage.ts';
import { callLaterApi, generateRandomApi, getTimestampApi, getTimestampMillisApi } from './core/time.ts';
import { computeEffectiveTldPlusOneApi, parseUrlApi } from './core/url.ts';
import {
  getTypeApi,
  jsonApi,
  makeIntegerApi,
  makeNumberApi,
  makeStringApi,
  makeTableMapApi,
  mathApi,
  objectApi,
} from './core/values.ts';
import { defineApi, type ApiDefinition, type HostFunction } from './define.ts';

/** The APIs that need no host: everything a template can do without a page or a request. */
export const CORE_APIS: readonly ApiDefinition[] = [
  callLaterApi,
  computeEffectiveTldPlusOneApi,
  createRegexApi,
  decodeUriApi,
  decodeUriComponentApi,
  encodeUriApi,
  encodeUriComponentApi,
  fromBase64Api,
  generateRandomApi,
  getContainerVersionApi,
  getTimestampApi,
  getTimestampMillisApi,
  getTypeApi,
  jsonApi,
  logToConsoleApi,
  makeIntegerApi,
  makeNumberApi,
  makeStringApi,
  makeTableMapApi,
  mathApi,
  objectApi,
  parseUrlApi,
  promiseApi,
  queryPermissionApi,
  sha256Api,
  sha256SyncApi,
  templateDataStorageApi,
  templateStorageApi,
  testRegexApi,
  toBase64Api,
];

/**
 * The members of the object APIs left to the runtimes, so that their placeholders have the API's shape (a test can
 * mockObject them before a runtime implements them). Every other API without a definition is a function.
 */
const HOST_OBJECT_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  localStorage: ['getItem', 'setItem', 'removeItem'],
  BigQuery: ['insert'],
  Firestore: ['read', 'write', 'query', 'runTransaction'],
};

function placeholder(name: string, context: Context): ApiDefinition {
  const members = HOST_OBJECT_MEMBERS[name];
  const unavailable: HostFunction = () => {
    throw new NotAvailableError(name, context, members !== undefined);
  };
  return defineApi({
    name,
    contexts: [context],
    // nothing to check: the call fails as not available, whatever the permissions say
    permission: () => [],
    create: () => (members ? Object.fromEntries(members.map((member) => [member, unavailable])) : unavailable),
  });
}

/** Throws when a definition claims a context the catalog does not give its API. */
function checkDefinition(definition: ApiDefinition): void {
  for (const context of definition.contexts) {
    if (!apiInContext(definition.name, context)) {
      throw new Error(`API definition ${definition.name}: api/catalog.ts has no ${definition.name} in ${context} templates`);
    }
  }
}

/** Every API of the context, each with the definition that serves it. */
export function resolveApis(context: Context, hostApis: readonly ApiDefinition[] = []): Map<string, ApiDefinition> {
  const resolved = new Map(apiNames(context).map((name) => [name, placeholder(name, context)]));
  for (const definition of [...CORE_APIS, ...hostApis]) {
    checkDefinition(definition);
    if (definition.contexts.includes(context)) resolved.set(definition.name, definition);
  }
  return resolved;
}
