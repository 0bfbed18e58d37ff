// One JavaScript realm per sandbox (node:vm), reduced to what GTM's sandbox offers. Template code sees no globals
// (only what is passed in: `data` and `require`), cannot generate code from strings, and finds on the built-in
// prototypes only GTM's documented standard library (lint/stdlib.ts): `[].includes`, `'a'.startsWith` or
// `(1).toFixed` are undefined at run time, as in GTM. Every entry into sandbox code from the host goes through
// `invoke`, which bounds its running time.
import vm from 'node:vm';
import { randomBytes } from 'node:crypto';
import { SandboxTimeoutError } from './errors.ts';
import { captureIntrinsics, reduceToSandbox, type Intrinsics } from './intrinsics.ts';

export type { Intrinsics } from './intrinsics.ts';

export interface RealmOptions {
  /** longest time one entry into sandbox code may run, in ms */
  timeoutMs: number;
  /** names a file in stack traces */
  name: string;
}

export class Realm {
  readonly intrinsics: Intrinsics;
  private readonly context: vm.Context;
  private readonly invokeScript: vm.Script;
  private readonly wrapperFactory: (target: unknown) => (...args: unknown[]) => unknown;
  private pending: { fn: Function; args: readonly unknown[] } | undefined;
  private depth = 0;

  constructor(
    private readonly options: RealmOptions,
    bridge: (target: unknown, args: unknown[]) => unknown,
  ) {
    this.context = vm.createContext({}, { name: options.name, codeGeneration: { strings: false, wasm: false } });
    const global = vm.runInContext('globalThis', this.context) as Record<string, any>;
    this.intrinsics = captureIntrinsics(global);
    // Compiled before the trimming: the factory's arrows need nothing from the prototypes.
    const factory = vm.runInContext('(bridge) => (target) => (...args) => bridge(target, args)', this.context) as Function;
    this.wrapperFactory = factory(bridge);

    reduceToSandbox(global);

    // The one global: an unguessable name through which `invoke` runs a call under vm's timeout.
    const trampoline = `__pipes_invoke_${randomBytes(8).toString('hex')}`;
    Object.defineProperty(global, trampoline, {
      value: () => {
        const { fn, args } = this.pending!;
        this.pending = undefined;
        return Reflect.apply(fn, undefined, args);
      },
    });
    this.invokeScript = new vm.Script(`${trampoline}()`, { filename: `${options.name}:invoke` });
  }

  /** A realm function of `params` whose body is `body` (the sandbox's own code); throws SyntaxError. */
  compileFunction(body: string, params: readonly string[], filename: string): Function {
    return vm.compileFunction(body, [...params], { parsingContext: this.context, filename });
  }

  /**
   * Calls sandbox code. At the outermost level the call runs under vm's timeout; calls made while sandbox code
   * is already running (an API calling back into the sandbox) are plain calls inside that time budget.
   */
  invoke(fn: Function, args: readonly unknown[]): unknown {
    if (this.depth > 0) return Reflect.apply(fn, undefined, args);
    this.depth++;
    this.pending = { fn, args };
    try {
      return this.invokeScript.runInContext(this.context, { timeout: this.options.timeoutMs });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new SandboxTimeoutError(this.options.timeoutMs);
      throw error;
    } finally {
      this.depth--;
    }
  }

  /** A realm function that passes `target` and its arguments (a realm array) to the bridge given at creation. */
  wrap(target: unknown): Function {
    return this.wrapperFactory(target);
  }

  newObject(): Record<string, unknown> {
    return new this.intrinsics.Object() as Record<string, unknown>;
  }

  newArray(items: readonly unknown[] = []): unknown[] {
    const array = new this.intrinsics.Array() as unknown[];
    items.forEach((item, i) => (array[i] = item));
    return array;
  }

  /** Whether a value was made in this realm as an object, array or function. */
  owns(value: object): boolean {
    const proto = Object.getPrototypeOf(value);
    return proto === this.intrinsics.ObjectPrototype || proto === this.intrinsics.ArrayPrototype || proto === this.intrinsics.FunctionPrototype;
  }
}
