// What crosses between host code (API implementations, runtimes, the test runner) and sandbox code, following
// GTM's rules: only null, undefined, booleans, numbers, strings, arrays, plain objects and functions pass; anything
// else (class instances, dates, DOM nodes, buffers) arrives as undefined. Host arrays and objects are copied into
// the realm, so that the trimmed prototypes apply to data too; values the sandbox made pass back unchanged, so that
// identity holds (templateStorage keeps references). Functions are wrapped each way, once: a host function becomes
// a realm function whose arguments are handed out, and a sandbox function becomes a host function whose calls
// hand arguments in and run under the realm's time limit. Wrapping a wrapper gives back the original.
import type { Realm } from './realm.ts';

/** A host function that takes the raw realm arguments and returns a realm value (see `rawFunction`). */
type RawHandler = (args: readonly unknown[]) => unknown;

export class Boundary {
  private readonly realmToHost = new WeakMap<Function, Function>();
  private readonly hostToRealm = new WeakMap<Function, Function>();
  private readonly faces = new WeakMap<object, object>();
  private readonly hosts = new WeakMap<object, object>();
  private readonly passThrough = new WeakSet<object>();

  constructor(readonly realm: Realm) {}

  /** The handler the realm's wrappers call: `target` is what `realm.wrap` was given. */
  bridge = (target: unknown, args: unknown[]): unknown => {
    // Indexed copies into host arrays: Array.from would walk the realm array's iterator, at several times the cost.
    const copy = new Array<unknown>(args.length);
    if (typeof target === 'function') {
      for (let i = 0; i < args.length; i++) copy[i] = this.toHost(args[i]);
      return this.toSandbox(target(...copy));
    }
    for (let i = 0; i < args.length; i++) copy[i] = args[i];
    return (target as { raw: RawHandler }).raw(copy);
  };

  /**
   * A realm function that hands `handler` the raw realm arguments, unconverted, and returns what it returns (which
   * must be a realm value). For dispatchers that pass arguments on to sandbox code (mocks) and record them as given.
   */
  rawFunction(handler: RawHandler): Function {
    return this.realm.wrap({ raw: handler });
  }

  /** A value as sandbox code may hold it. */
  toSandbox(value: unknown): unknown {
    return this.into(value, undefined, false);
  }

  /** A fresh realm copy of a value, however it was made: for APIs that return copies (getEventData, getItemCopy). */
  copyToSandbox(value: unknown): unknown {
    return this.into(value, undefined, true);
  }

  /** A value as host code receives it: sandbox functions become callable host functions; data is read in place. */
  toHost(value: unknown): unknown {
    if (typeof value === 'function') return this.hostFunction(value);
    if (typeof value === 'object' && value !== null && this.hosts.has(value)) return this.hosts.get(value);
    return value;
  }

  /** A fresh host copy of sandbox data, with functions wrapped: for values kept beyond the call (stores, window). */
  copyToHost(value: unknown, seen = new Map<object, unknown>()): unknown {
    if (typeof value === 'function' || typeof value !== 'object' || value === null) return this.toHost(value);
    if (this.hosts.has(value) || this.passThrough.has(value)) return this.toHost(value);
    if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      seen.set(value, copy);
      value.forEach((item, i) => (copy[i] = this.copyToHost(item, seen)));
      return copy;
    }
    if (!this.isPlain(value)) return undefined;
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const key of Object.keys(value)) copy[key] = this.copyToHost((value as Record<string, unknown>)[key], seen);
    return copy;
  }

  /**
   * Makes a host object travel as an opaque realm object (`face`) and come back as itself: sandbox promises. The
   * face is what sandbox code calls; host code given the face receives the host object.
   */
  registerOpaque(host: object, face: object): void {
    this.faces.set(host, face);
    this.hosts.set(face, host);
  }

  /** Lets a realm value that is not plain data (a regex from createRegex) pass as it is. */
  allow(value: object): void {
    this.passThrough.add(value);
  }

  /** A host function calling the sandbox function `fn`. */
  hostFunction(fn: Function): Function {
    const known = this.realmToHost.get(fn);
    if (known) return known;
    if (!this.realm.owns(fn)) return fn;
    const wrapper = (...args: unknown[]): unknown => this.toHost(this.realm.invoke(fn, args.map((a) => this.toSandbox(a))));
    this.realmToHost.set(fn, wrapper);
    this.hostToRealm.set(wrapper, fn);
    return wrapper;
  }

  /** `seen`: the copies made so far in this conversion, made when the first object is copied. */
  private into(value: unknown, seen: Map<object, unknown> | undefined, copy: boolean): unknown {
    if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
    if (typeof value === 'function') return this.realmFunction(value);
    if (typeof value !== 'object') return undefined; // symbols and bigints have no sandbox type
    const face = this.faces.get(value);
    if (face) return face;
    if (this.passThrough.has(value) || (!copy && this.realm.owns(value))) return value;
    if (seen === undefined) seen = new Map();
    else if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
      const array = this.realm.newArray();
      seen.set(value, array);
      value.forEach((item, i) => (array[i] = this.into(item, seen, copy)));
      return array;
    }
    if (!this.isPlain(value)) return undefined;
    const object = this.realm.newObject();
    seen.set(value, object);
    for (const key of Object.keys(value)) object[key] = this.into((value as Record<string, unknown>)[key], seen, copy);
    return object;
  }

  private realmFunction(fn: Function): Function {
    if (this.realm.owns(fn)) return fn;
    const known = this.hostToRealm.get(fn);
    if (known) return known;
    const wrapper = this.realm.wrap(fn);
    this.hostToRealm.set(fn, wrapper);
    this.realmToHost.set(wrapper, fn);
    return wrapper;
  }

  private isPlain(value: object): boolean {
    const proto = Object.getPrototypeOf(value);
    return proto === null || proto === Object.prototype || proto === this.realm.intrinsics.ObjectPrototype;
  }
}
