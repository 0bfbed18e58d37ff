// What makes a fresh JavaScript realm into GTM's sandbox, shared by the Node realm (realm.ts, node:vm) and the
// browser realm (web/browser/realm.ts, a same-origin iframe): the built-ins host code keeps, and the reduction that
// leaves template code no globals and only GTM's documented standard library (lint/stdlib.ts) on the prototypes.
import { DOCUMENTED_METHODS, OBSERVED_METHODS, type StdType } from '../lint/stdlib.ts';

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

// Standard-library types as GTM names them, and the realm's prototypes that carry their methods.
const TRIMMED: readonly StdType[] = ['Array', 'String', 'Number', 'Boolean', 'Object', 'Function'];
// Properties the engine itself needs, which are no methods a template could call.
const STRUCTURAL = new Set(['length']);

export function captureIntrinsics(global: Record<string, any>): Intrinsics {
  return {
    Object: global.Object,
    Array: global.Array,
    RegExp: global.RegExp,
    JSON: global.JSON,
    ObjectPrototype: global.Object.prototype,
    ArrayPrototype: global.Array.prototype,
    FunctionPrototype: global.Function.prototype,
  };
}

/**
 * Trims the realm's prototypes to GTM's standard library and deletes every global that can be deleted (in a
 * vm context, all but NaN, Infinity and undefined). Capture the intrinsics and compile what host code needs first.
 */
export function reduceToSandbox(global: Record<string, any>): void {
  const prototypes: object[] = [...TRIMMED.map((type) => global[type].prototype), global.RegExp.prototype];
  for (const type of TRIMMED) trimPrototype(global[type].prototype, new Set([...DOCUMENTED_METHODS[type], ...OBSERVED_METHODS[type]]));
  // Regexes reach template code only from createRegex, as values for testRegex and the string methods, which
  // look up the regex's symbol-keyed methods and its flag getters; its own callable methods are not GTM's.
  for (const key of Object.getOwnPropertyNames(global.RegExp.prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(global.RegExp.prototype, key)!;
    if (typeof descriptor.value === 'function') delete global.RegExp.prototype[key];
  }
  for (const key of Reflect.ownKeys(global)) Reflect.deleteProperty(global, key);
  restoreFastLookups(prototypes);
}

/**
 * Deleting properties leaves an object's properties in V8's slow dictionary form. The engine turns prototypes
 * back into fast form once they are marked as used as prototypes, but String, Number and Boolean's are never marked
 * by method calls on primitives, so `s.charAt(i)` in template code would stay about four times slower than in a
 * plain realm. Enumerating an object whose prototype chain holds them marks them (V8's for-in does), at once.
 * A matter of speed only: which properties exist is unchanged.
 */
function restoreFastLookups(prototypes: readonly object[]): void {
  for (const proto of prototypes) for (const _ in Object.create(proto) as object) break;
}

function trimPrototype(proto: Record<string, unknown>, keep: ReadonlySet<string>): void {
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (!keep.has(key) && !STRUCTURAL.has(key)) delete proto[key];
  }
}

/**
 * What every realm offers on top of its intrinsics, the same in node:vm's (../realm.ts) and the browser's
 * (web/browser/realm.ts): values made in the realm, recognising them, and host functions wrapped as realm functions.
 */
export abstract class ReducedRealm {
  constructor(
    readonly intrinsics: Intrinsics,
    private readonly wrapperFactory: (target: unknown) => (...args: unknown[]) => unknown,
  ) {}

  /** A realm function of `params` whose body is `body` (the sandbox's own code); throws the realm's SyntaxError. */
  abstract compileFunction(body: string, params: readonly string[], filename: string): Function;

  /** Calls sandbox code. */
  abstract invoke(fn: Function, args: readonly unknown[]): unknown;

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
