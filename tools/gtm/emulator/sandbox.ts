// One sandbox: a template's code loaded into a fresh realm, with its permissions, its APIs and a host. GTM runs
// template code as the body of a function of `data`; `run` calls that function once per tag firing, variable
// evaluation or client request. Code GTM would reject fails to load, with the linter's findings.
import type { Context } from '../api/catalog.ts';
import { lintCode } from '../lint/index.ts';
import { Apis, type Mock } from './api/dispatch.ts';
import { SandboxPromises } from './api/core/promise.ts';
import type { ApiEnvironment, ContainerVersion, Host, TemplateType } from './api/define.ts';
import { resolveApis } from './api/registry.ts';
import { Boundary } from './boundary.ts';
import { LoadError } from './errors.ts';
import { Permissions } from './permissions/checker.ts';
import { Realm } from './realm.ts';
import { Scheduler, type Clock } from './scheduler.ts';

export interface SandboxOptions {
  context: Context;
  /** the template's code section */
  code: string;
  /** the template's permissions section (GTM's JSON); none when left out */
  permissions?: readonly unknown[];
  /** TAG runs get data.gtmOnSuccess and data.gtmOnFailure */
  templateType?: TemplateType;
  host?: Host;
  /** 'real' (default) runs callLater and timers on Node's event loop; 'virtual' only in `scheduler.settle()` */
  clock?: Clock;
  /** longest time one entry into sandbox code may run (default 2000 ms) */
  timeoutMs?: number;
  /** reject code the sandbox linter finds errors in (default true) */
  lint?: boolean;
  /** test replacements, read at call time (the test runner's mock and mockObject) */
  mocks?: ReadonlyMap<string, Mock>;
  /** every call of a function API by template code, with the arguments as passed */
  onApiCall?: (api: string, args: readonly unknown[]) => void;
  /** what a callLater task or timer throws (default: logged through the host) */
  onAsyncError?: (error: unknown) => void;
  /** names the code in stack traces */
  name?: string;
}

export interface RunCallbacks {
  onSuccess?: () => void;
  onFailure?: () => void;
}

export interface RunResult {
  /** what the code returned (a sandbox value), for variable templates */
  value: unknown;
  /** what the code threw: a permission error, an API error, a runtime error; the run failed */
  error?: unknown;
  /** where in the code it threw (1-based), when the error's stack names a line of it */
  at?: { line: number; column: number };
}

const DEFAULT_CONTAINER: ContainerVersion = {
  containerId: 'GTM-EMULATOR',
  debugMode: false,
  environmentName: '',
  environmentMode: false,
  previewMode: false,
  version: '0',
};

export class Sandbox {
  readonly context: Context;
  readonly realm: Realm;
  readonly boundary: Boundary;
  readonly scheduler: Scheduler;
  readonly permissions: Permissions;
  readonly env: ApiEnvironment;
  private readonly apis: Apis;
  private readonly main: Function;
  private readonly templateRequire: unknown;
  private readonly templateType: TemplateType | undefined;
  private readonly name: string;

  constructor(options: SandboxOptions) {
    const { context, host = {} } = options;
    const name = options.name ?? 'template';
    if (options.lint !== false) rejectLintErrors(options.code, context, name);
    this.context = context;
    this.name = name;
    this.templateType = options.templateType;
    let boundary: Boundary | undefined;
    this.realm = new Realm({ timeoutMs: options.timeoutMs ?? 2000, name }, (target, args) => boundary!.bridge(target, args));
    this.boundary = boundary = new Boundary(this.realm);
    this.scheduler = new Scheduler(options.clock ?? 'real');
    const debugMode = host.debugMode ?? false;
    const log = host.log ?? ((args: readonly unknown[]) => console.log(...args));
    this.scheduler.onError = options.onAsyncError ?? ((error) => log([`${name}: asynchronous code failed:`, String(error)]));
    this.permissions = new Permissions(context, options.permissions ?? [], { debugMode, googleCloudProject: host.googleCloudProject });
    this.env = {
      context,
      templateType: options.templateType,
      debugMode,
      containerVersion: { ...DEFAULT_CONTAINER, debugMode, previewMode: debugMode, ...host.containerVersion },
      now: host.now ?? Date.now,
      random: host.random ?? Math.random,
      log,
      templateStorage: host.templateStorage ?? new Map(),
      templateDataStorage: host.templateDataStorage ?? new Map(),
      boundary: this.boundary,
      scheduler: this.scheduler,
      permissions: this.permissions,
      promises: new SandboxPromises(this.boundary, this.scheduler),
    };
    this.apis = new Apis({
      context,
      definitions: resolveApis(context, host.apis),
      env: this.env,
      mocks: options.mocks ?? new Map(),
      ...(options.onApiCall ? { onCall: options.onApiCall } : {}),
    });
    this.templateRequire = this.boundary.toSandbox((api: unknown) => this.apis.forTemplate(api));
    this.main = compile(this.realm, options.code, ['data', 'require'], name);
  }

  /**
   * Runs the template's code with `data` (host data is copied in; sandbox data is passed on with its top level
   * copied). A TAG's data gets gtmOnSuccess and gtmOnFailure, which call `callbacks`; when the code throws, the
   * run fails as in GTM: `error` is set and a TAG that reported nothing yet reports failure.
   */
  run(data: unknown, callbacks: RunCallbacks = {}): RunResult {
    const input = this.realm.newObject();
    if (typeof data === 'object' && data !== null) {
      for (const key of Object.keys(data)) input[key] = this.boundary.toSandbox((data as Record<string, unknown>)[key]);
    }
    let reported = false;
    const report = (callback: (() => void) | undefined) => () => {
      reported = true;
      callback?.();
    };
    if (this.templateType === 'TAG') {
      input['gtmOnSuccess'] = this.boundary.toSandbox(report(callbacks.onSuccess));
      input['gtmOnFailure'] = this.boundary.toSandbox(report(callbacks.onFailure));
    }
    try {
      return { value: this.realm.invoke(this.main, [input, this.templateRequire]) };
    } catch (error) {
      if (this.templateType === 'TAG' && !reported) report(callbacks.onFailure)();
      const at = positionIn(error, this.name);
      return at ? { value: undefined, error, at } : { value: undefined, error };
    }
  }

  /** An API as test code's require gives it: no permission checks, mocks or recording. Throws for unknown names. */
  require(name: string): unknown {
    return this.apis.forTest(name);
  }

  /** Whether the API is an object (mockObject) rather than a function (mock); throws for unknown names. */
  isObjectApi(name: string): boolean {
    return this.apis.isObjectApi(name);
  }

  /** APIs that calls reached although no runtime implements them yet. */
  get unavailableApis(): ReadonlySet<string> {
    return this.apis.unavailable;
  }
}

/** The innermost position in code compiled under `name` that an error's stack names (V8's "at name:line:column"). */
function positionIn(error: unknown, name: string): { line: number; column: number } | undefined {
  const stack = (error as { stack?: unknown } | null | undefined)?.stack;
  if (typeof stack !== 'string') return undefined;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`\\s(?:at |\\()${escaped}:(\\d+):(\\d+)`).exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}

function rejectLintErrors(code: string, context: Context, name: string): void {
  const errors = lintCode(code, { context, kind: 'template' }).filter((f) => f.severity === 'error');
  if (errors.length === 0) return;
  const problems = errors.map((f) => ({ line: f.line, column: f.column, message: f.message }));
  throw new LoadError(
    `${name} is not code GTM accepts:\n${problems.map((p) => `  ${p.line}:${p.column}: ${p.message}`).join('\n')}`,
    problems,
  );
}

/** Sandbox code as a realm function; a syntax error the linter let through (or was not asked about) fails to load. */
export function compile(realm: Realm, code: string, params: readonly string[], name: string): Function {
  try {
    return realm.compileFunction(code, params, name);
  } catch (error) {
    throw new LoadError(`${name} does not compile: ${(error as Error).message}`);
  }
}
