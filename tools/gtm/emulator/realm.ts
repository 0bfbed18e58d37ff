// One JavaScript realm per sandbox (node:vm), reduced to what GTM's sandbox offers. Template code sees no globals
// (only what is passed in: `data` and `require`), cannot generate code from strings, and finds on the built-in
// prototypes only GTM's documented standard library (lint/stdlib.ts): `[].includes`, `'a'.startsWith` or
// `(1).toFixed` are undefined at run time, as in GTM. Every entry into sandbox code from the host goes through
// `invoke`, which bounds its running time.
import vm from 'node:vm';
import { randomBytes } from 'node:crypto';
import { DOCUMENTED_METHODS, OBSERVED_METHODS, type StdType } from '../lint/index.ts';
import { SandboxTimeoutError } from './errors.ts';

/** The realm's own built-ins, captured before its globals are removed; only host code can reach them. */
export interface Intrinsics {
  Object: ObjectConstructor;
  Array: ArrayConstructor;
  RegExp: RegExpConstructor;
  JSON: JSON;
  ObjectPrototype: object;
  ArrayPrototype: object;
  FunctionPrototype: object;
}

export interface RealmOptions {
  /** longest time one entry into sandbox code may run, in ms */
  timeoutMs: number;
  /** names a file in stack traces */
  name: string;
}

// Standard-library types as GTM names them, and the realm's prototypes that carry their methods.
const TRIMMED: readonly StdType[] = ['Array', 'String', 'Number', 'Boolean', 'Object', 'Function'];
// Properties the engine itself needs, which are no methods a template could call.
const STRUCTURAL = new Set(['length']);

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
    this.intrinsics = {
      Object: global.Object,
      Array: global.Array,
      RegExp: global.RegExp,
      JSON: global.JSON,
      ObjectPrototype: global.Object.prototype,
      ArrayPrototype: global.Array.prototype,
      FunctionPrototype: global.Function.prototype,
    };
    // Compiled before the trimming: the factory's arrows need nothing from the prototypes.
    const factory = vm.runInContext('(bridge) => (target) => (...args) => bridge(target, args)', this.context) as Function;
    this.wrapperFactory = factory(bridge);

    for (const type of TRIMMED) trimPrototype(global[type].prototype, new Set([...DOCUMENTED_METHODS[type], ...OBSERVED_METHODS[type]]));
    // Regexes reach template code only from createRegex, as values for testRegex and the string methods, which
    // look up the regex's symbol-keyed methods and its flag getters; its own callable methods are not GTM's.
    for (const key of Object.getOwnPropertyNames(global.RegExp.prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(global.RegExp.prototype, key)!;
      if (typeof descriptor.value === 'function') delete global.RegExp.prototype[key];
    }
    for (const key of Reflect.ownKeys(global)) Reflect.deleteProperty(global, key);

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

function trimPrototype(proto: Record<string, unknown>, keep: ReadonlySet<string>): void {
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (!keep.has(key) && !STRUCTURAL.has(key)) delete proto[key];
  }
}
