// One JavaScript realm per sandbox (node:vm), reduced to what GTM's sandbox offers. Template code sees no globals
// (only what is passed in: `data` and `require`), cannot generate code from strings, and finds on the built-in
// prototypes only GTM's documented standard library (lint/stdlib.ts): `[].includes`, `'a'.startsWith` or
// `(1).toFixed` are undefined at run time, as in GTM. Every entry into sandbox code from the host goes through
// `invoke`, which bounds its running time.
import vm from 'node:vm';
import { randomBytes } from 'node:crypto';
import { SandboxTimeoutError } from './errors.ts';
import { captureIntrinsics, reduceToSandbox, ReducedRealm } from './intrinsics.ts';

export type { Intrinsics } from './intrinsics.ts';

export interface RealmOptions {
  /** longest time one entry into sandbox code may run, in ms */
  timeoutMs: number;
  /** names a file in stack traces */
  name: string;
}

export class Realm extends ReducedRealm {
  private readonly context: vm.Context;
  private readonly invokeScript: vm.Script;
  private pending: { fn: Function; args: readonly unknown[] } | undefined;
  private depth = 0;

  constructor(
    private readonly options: RealmOptions,
    bridge: (target: unknown, args: unknown[]) => unknown,
  ) {
    const context = vm.createContext({}, { name: options.name, codeGeneration: { strings: false, wasm: false } });
    const global = vm.runInContext('globalThis', context) as Record<string, any>;
    // Compiled before the trimming: the factory's arrows need nothing from the prototypes.
    const factory = vm.runInContext('(bridge) => (target) => (...args) => bridge(target, args)', context) as Function;
    super(captureIntrinsics(global), factory(bridge));
    this.context = context;

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
}
