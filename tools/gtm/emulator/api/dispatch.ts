// What `require` gives template code: each API wrapped so that a call is recorded (for assertApi), goes to its mock
// when a test mocked it (without permission checks), and otherwise passes the API's permission checks before its
// implementation runs. Test code (and a host) gets the plain API instead: no checks, no mocks, no recording.
import { apiInContext, type Context } from '../../api/catalog.ts';
import { ApiError, NotAvailableError } from '../errors.ts';
import type { ApiDefinition, ApiEnvironment, ApiValue, HostFunction } from './define.ts';

/**
 * A test's replacement for an API: a sandbox function or value for `mock`, a sandbox object of replacements for
 * `mockObject`. Boxed, so that mocking an API with undefined is a mock too.
 */
export interface Mock {
  value: unknown;
}

export interface DispatchOptions {
  context: Context;
  definitions: ReadonlyMap<string, ApiDefinition>;
  env: ApiEnvironment;
  /** read at call time, so that a mock set after `require` still applies */
  mocks: ReadonlyMap<string, Mock>;
  /** every call of a function API by template code, with its arguments as the sandbox passed them */
  onCall?: (api: string, args: readonly unknown[]) => void;
}

export class Apis {
  /** APIs a call reached that no runtime implements yet (NotAvailableError), for reports */
  readonly unavailable = new Set<string>();
  private readonly hostValues = new Map<string, ApiValue>();
  private readonly templateValues = new Map<string, unknown>();

  constructor(private readonly options: DispatchOptions) {}

  /** The API as its definition made it (once per sandbox); throws require's error for unknown names. */
  hostValue(name: unknown): ApiValue {
    this.checkName(name);
    let value = this.hostValues.get(name);
    if (!value) {
      value = this.definition(name).create(this.options.env);
      this.hostValues.set(name, value);
    }
    return value;
  }

  isObjectApi(name: unknown): boolean {
    return typeof this.hostValue(name) !== 'function';
  }

  /** The API as test code's `require` gives it. */
  forTest(name: unknown): unknown {
    return this.options.env.boundary.toSandbox(this.hostValue(name));
  }

  /** The API as template code's `require` gives it. */
  forTemplate(name: unknown): unknown {
    this.checkName(name);
    let face = this.templateValues.get(name);
    if (face === undefined) {
      const value = this.hostValue(name);
      // Frozen: one sandbox serves many runs (a container reuses it across requests), so nothing a run writes onto
      // an API may reach the next.
      face = Object.freeze(typeof value === 'function' ? this.dispatcher(name, undefined, value) : this.objectDispatcher(name, value));
      this.templateValues.set(name, face);
    }
    return face;
  }

  /** Throws require's error for a name that is not an API of this context. */
  checkName(name: unknown): asserts name is string {
    if (typeof name !== 'string') throw new ApiError('require', `the API name must be a string, not ${typeof name}`);
    if (this.options.definitions.has(name)) return;
    const { context } = this.options;
    const other: Context = context === 'WEB' ? 'SERVER' : 'WEB';
    const where = (c: Context): string => (c === 'WEB' ? 'web' : 'server');
    throw new ApiError(
      'require',
      apiInContext(name, other)
        ? `Unknown API "${name}": it exists only in ${where(other)} templates, and this is a ${where(context)} template`
        : `Unknown API "${name}": ${where(context)} templates have no API of that name`,
    );
  }

  private definition(name: string): ApiDefinition {
    return this.options.definitions.get(name)!;
  }

  private objectDispatcher(name: string, value: { readonly [member: string]: HostFunction }): unknown {
    const face = this.options.env.boundary.realm.newObject();
    for (const member of Object.keys(value)) face[member] = this.dispatcher(name, member, value[member]!);
    return face;
  }

  private dispatcher(name: string, member: string | undefined, implementation: HostFunction): Function {
    const { env, mocks, onCall } = this.options;
    const { boundary } = env;
    const checkPermissions = this.permissionChecks(name, member);
    const record = member === undefined ? onCall : undefined;
    return boundary.rawFunction((args) => {
      record?.(name, args);
      const mock = mocks.get(name);
      if (mock) return this.callMock(name, member, mock, args);
      const hostArgs = new Array<unknown>(args.length);
      for (let i = 0; i < args.length; i++) hostArgs[i] = boundary.toHost(args[i]);
      checkPermissions?.(hostArgs);
      try {
        return boundary.toSandbox(implementation(...hostArgs));
      } catch (error) {
        if (error instanceof NotAvailableError) this.unavailable.add(error.api);
        throw error;
      }
    });
  }

  private callMock(name: string, member: string | undefined, mock: Mock, args: readonly unknown[]): unknown {
    const { realm } = this.options.env.boundary;
    const replacement = member === undefined ? mock.value : (mock.value as Record<string, unknown>)[member];
    if (member !== undefined && replacement === undefined) throw new ApiError(`${name}.${member}`, `the object given to mockObject('${name}', …) has no ${member}`);
    return typeof replacement === 'function' ? realm.invoke(replacement, args) : replacement;
  }

  /**
   * The permission checks of a call of the API (or of its member), worked out once, since the catalog and the
   * definitions do not change; undefined when the API needs no permission.
   */
  private permissionChecks(name: string, member: string | undefined): ((args: readonly unknown[]) => void) | undefined {
    const permission = apiInContext(name, this.options.context)?.permission;
    if (!permission) return undefined;
    const spec = this.definition(name).permission;
    const queries = typeof spec === 'function' ? spec : member !== undefined ? spec?.[member] : undefined;
    const label = member === undefined ? name : `${name}.${member}`;
    const { permissions } = this.options.env;
    return (args) => {
      for (const query of queries ? queries(...args) : [[]]) permissions.check(label, permission, query);
    };
  }
}
