// How an API is defined: once, with the contexts it serves, the permission checks of a call and an implementation
// made from the sandbox's environment. Core APIs (core/*.ts) need nothing but the environment; a runtime (web or
// server) defines its host APIs the same way and hands them to the sandbox (Host.apis). See docs/emulator.md.
import type { Context } from '../../api/catalog.ts';
import type { Boundary } from '../boundary.ts';
import type { Permissions } from '../permissions/checker.ts';
import type { Scheduler } from '../scheduler.ts';
import type { SandboxPromises } from './core/promise.ts';

/** Host functions take host values (sandbox functions arrive callable) and return host values. */
export type HostFunction = (...args: any[]) => unknown;

/** What `create` returns: the API as a function, or an object of functions (JSON, templateStorage, BigQuery…). */
export type ApiValue = HostFunction | { readonly [member: string]: HostFunction };

/**
 * The checks of one call, each the arguments of a permission query after the permission id (the same arguments
 * queryPermission takes): `(url) => [[url]]` for injectScript. The permission is the API's in api/catalog.ts.
 */
export type PermissionQueries = (...args: any[]) => readonly (readonly unknown[])[];

export interface ApiDefinition {
  /** the `require` name */
  readonly name: string;
  /** the contexts this definition serves (a subset of the API's contexts in api/catalog.ts) */
  readonly contexts: readonly Context[];
  /**
   * The permission checks made before each call; by member for object APIs. Absent (or a member left out): one
   * check without arguments, when the catalog names a permission. Calls to a mock skip them.
   */
  readonly permission?: PermissionQueries | { readonly [member: string]: PermissionQueries };
  /** Makes the API for one sandbox; called once, at its first `require`. */
  create(env: ApiEnvironment): ApiValue;
}

export type TemplateType = 'TAG' | 'MACRO' | 'CLIENT';

export interface ContainerVersion {
  containerId: string;
  debugMode: boolean;
  environmentName: string;
  environmentMode: boolean;
  previewMode: boolean;
  version: string;
}

/** What a runtime plugs into a sandbox. Every field is optional; the defaults suit tests. */
export interface Host {
  /** host API definitions; they replace the placeholders of APIs the core does not implement (and may replace core ones) */
  apis?: readonly ApiDefinition[];
  /** preview/debug mode: logging with environments 'debug' logs only then (default false; the test runner sets true) */
  debugMode?: boolean;
  /** what getContainerVersion returns (debugMode and previewMode default to `debugMode`) */
  containerVersion?: Partial<ContainerVersion>;
  /** ms since the epoch (default Date.now) */
  now?: () => number;
  /** a number in [0, 1) (default Math.random) */
  random?: () => number;
  /** where logToConsole writes (default console.log) */
  log?: (args: readonly unknown[]) => void;
  /** templateStorage's store; pass the same Map to runs that share a page (default: one per sandbox) */
  templateStorage?: Map<string, unknown>;
  /** templateDataStorage's store; pass the same Map to runs of one server instance (default: one per sandbox) */
  templateDataStorage?: Map<string, unknown>;
  /** GOOGLE_CLOUD_PROJECT, for BigQuery and Firestore permissions written with that project id */
  googleCloudProject?: string;
}

/** What every API implementation is made from. */
export interface ApiEnvironment {
  readonly context: Context;
  readonly templateType: TemplateType | undefined;
  readonly debugMode: boolean;
  readonly containerVersion: ContainerVersion;
  readonly now: () => number;
  readonly random: () => number;
  readonly log: (args: readonly unknown[]) => void;
  readonly templateStorage: Map<string, unknown>;
  readonly templateDataStorage: Map<string, unknown>;
  readonly boundary: Boundary;
  readonly scheduler: Scheduler;
  readonly permissions: Permissions;
  readonly promises: SandboxPromises;
}

export function defineApi(definition: ApiDefinition): ApiDefinition {
  return definition;
}
