// The standard library of GTM's sandboxed JavaScript. A sandbox program is compiled with `noLib`, so this file
// replaces TypeScript's own lib: whatever it does not declare does not exist for template code.
//
// Source: https://developers.google.com/tag-platform/tag-manager/templates/standard-library lists the only methods
// the built-in types keep. Everything else is left out on purpose, so that `xs.includes(x)`, `s.startsWith(p)`,
// `xs.find(f)`, `s.padStart(n)`, `new Date()`, `setTimeout`, `parseInt`, `window`, `console` and a global `Promise`
// are type errors instead of runtime failures inside GTM. Signatures follow MDN, which that page links to, minus
// `thisArg` parameters: sandboxed functions have no `this`.

// ---------------------------------------------------------------------------------------------------------------
// Types the TypeScript checker looks up by name.
// ---------------------------------------------------------------------------------------------------------------

interface Object {
  /**
   * Not on the standard-library page, but used throughout gallery templates that GTM accepted (205 calls in 9 of
   * the 30 sampled exports), so kept. Prefer `Object.keys(o).indexOf(k) !== -1` where it reads as well.
   */
  hasOwnProperty(key: string): boolean;
  toString(): string;
}

/** Sandboxed functions have no `this`, so `call`, `apply` and `bind` are absent. */
interface Function {}
interface CallableFunction extends Function {}
interface NewableFunction extends Function {}

/** `arguments` works inside `function` bodies (not arrows); it is the sandbox's way to take a variable argument list. */
interface IArguments {
  readonly length: number;
  readonly [index: number]: unknown;
}

interface Boolean {
  toString(): string;
}

interface Number {
  toString(): string;
}

/**
 * Regular-expression literals are not part of the sandbox language and there is no `RegExp` constructor, so this
 * type has no members and nothing accepts it. On the server, `require('createRegex')` makes a {@link GtmRegex}.
 */
interface RegExp {}

interface String {
  readonly length: number;
  readonly [index: number]: string;
  charAt(pos: number): string;
  concat(...strings: string[]): string;
  indexOf(searchString: string, position?: number): number;
  lastIndexOf(searchString: string, position?: number): number;
  /** `pattern` is a string, or on the server a regex from `createRegex`. */
  match(pattern: string | GtmRegex): string[] | null;
  // The replacer's extra arguments (groups, offset, whole string) vary in number, hence `any`.
  replace(pattern: string | GtmRegex, replacement: string | ((substring: string, ...args: any[]) => string)): string;
  search(pattern: string | GtmRegex): number;
  slice(start?: number, end?: number): string;
  split(separator?: string, limit?: number): string[];
  substring(start: number, end?: number): string;
  toLowerCase(): string;
  toLocaleLowerCase(): string;
  toString(): string;
  toUpperCase(): string;
  toLocaleUpperCase(): string;
  trim(): string;
}

interface ConcatArray<T> {
  readonly length: number;
  readonly [index: number]: T;
  join(separator?: string): string;
  slice(start?: number, end?: number): T[];
}

interface Array<T> {
  length: number;
  [index: number]: T;
  /** Declared only so that `for (const x of array)` type-checks; GTM accepts `for…of` over arrays. */
  [Symbol.iterator](): Iterator<T>;
  concat(...items: (T | ConcatArray<T>)[]): T[];
  every<S extends T>(predicate: (value: T, index: number, array: T[]) => value is S): this is S[];
  every(predicate: (value: T, index: number, array: T[]) => unknown): boolean;
  filter<S extends T>(predicate: (value: T, index: number, array: T[]) => value is S): S[];
  filter(predicate: (value: T, index: number, array: T[]) => unknown): T[];
  forEach(callbackfn: (value: T, index: number, array: T[]) => void): void;
  indexOf(searchElement: T, fromIndex?: number): number;
  join(separator?: string): string;
  lastIndexOf(searchElement: T, fromIndex?: number): number;
  map<U>(callbackfn: (value: T, index: number, array: T[]) => U): U[];
  pop(): T | undefined;
  push(...items: T[]): number;
  reduce(callbackfn: (previousValue: T, currentValue: T, currentIndex: number, array: T[]) => T): T;
  reduce(callbackfn: (previousValue: T, currentValue: T, currentIndex: number, array: T[]) => T, initialValue: T): T;
  reduce<U>(callbackfn: (previousValue: U, currentValue: T, currentIndex: number, array: T[]) => U, initialValue: U): U;
  reduceRight(callbackfn: (previousValue: T, currentValue: T, currentIndex: number, array: T[]) => T): T;
  reduceRight(callbackfn: (previousValue: T, currentValue: T, currentIndex: number, array: T[]) => T, initialValue: T): T;
  reduceRight<U>(callbackfn: (previousValue: U, currentValue: T, currentIndex: number, array: T[]) => U, initialValue: U): U;
  reverse(): T[];
  shift(): T | undefined;
  slice(start?: number, end?: number): T[];
  some(predicate: (value: T, index: number, array: T[]) => unknown): boolean;
  sort(compareFn?: (a: T, b: T) => number): this;
  splice(start: number, deleteCount?: number, ...items: T[]): T[];
  toString(): string;
  unshift(...items: T[]): number;
}

/** The non-mutating part of {@link Array}, for `readonly T[]` and `as const` tuples. */
interface ReadonlyArray<T> {
  readonly length: number;
  readonly [index: number]: T;
  [Symbol.iterator](): Iterator<T>;
  concat(...items: (T | ConcatArray<T>)[]): T[];
  every<S extends T>(predicate: (value: T, index: number, array: readonly T[]) => value is S): this is readonly S[];
  every(predicate: (value: T, index: number, array: readonly T[]) => unknown): boolean;
  filter<S extends T>(predicate: (value: T, index: number, array: readonly T[]) => value is S): S[];
  filter(predicate: (value: T, index: number, array: readonly T[]) => unknown): T[];
  forEach(callbackfn: (value: T, index: number, array: readonly T[]) => void): void;
  indexOf(searchElement: T, fromIndex?: number): number;
  join(separator?: string): string;
  lastIndexOf(searchElement: T, fromIndex?: number): number;
  map<U>(callbackfn: (value: T, index: number, array: readonly T[]) => U): U[];
  reduce(callbackfn: (previousValue: T, currentValue: T, currentIndex: number, array: readonly T[]) => T): T;
  reduce(callbackfn: (previousValue: T, currentValue: T, currentIndex: number, array: readonly T[]) => T, initialValue: T): T;
  reduce<U>(callbackfn: (previousValue: U, currentValue: T, currentIndex: number, array: readonly T[]) => U, initialValue: U): U;
  reduceRight(callbackfn: (previousValue: T, currentValue: T, currentIndex: number, array: readonly T[]) => T): T;
  reduceRight(callbackfn: (previousValue: T, currentValue: T, currentIndex: number, array: readonly T[]) => T, initialValue: T): T;
  reduceRight<U>(callbackfn: (previousValue: U, currentValue: T, currentIndex: number, array: readonly T[]) => U, initialValue: U): U;
  slice(start?: number, end?: number): T[];
  some(predicate: (value: T, index: number, array: readonly T[]) => unknown): boolean;
  toString(): string;
}

/** Needed by the checker for tagged templates; the compiler turns template literals into concatenation. */
interface TemplateStringsArray extends ReadonlyArray<string> {
  readonly raw: readonly string[];
}

// With an ES2015+ target the checker types `for…of` through `[Symbol.iterator]()`, which it can only name through a
// global `Symbol` value. GTM has no `Symbol`: template code must not use it (the sandbox linter rejects it).
interface SymbolConstructor {
  readonly iterator: unique symbol;
}
/** @deprecated Not part of the GTM sandbox; declared only so that TypeScript can type `for…of` over arrays. */
declare const Symbol: SymbolConstructor;

interface IteratorYieldResult<T> {
  done?: false;
  value: T;
}
interface IteratorReturnResult<T> {
  done: true;
  value: T;
}
type IteratorResult<T, TReturn = undefined> = IteratorYieldResult<T> | IteratorReturnResult<TReturn>;
interface Iterator<T> {
  next(): IteratorResult<T>;
}

// ---------------------------------------------------------------------------------------------------------------
// Utility types (types only: nothing of them reaches the emitted code).
// ---------------------------------------------------------------------------------------------------------------

type PropertyKey = string | number | symbol;
type Partial<T> = { [P in keyof T]?: T[P] };
type Required<T> = { [P in keyof T]-?: T[P] };
type Readonly<T> = { readonly [P in keyof T]: T[P] };
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Record<K extends keyof any, T> = { [P in K]: T };
type Exclude<T, U> = T extends U ? never : T;
type Extract<T, U> = T extends U ? T : never;
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type NonNullable<T> = T & {};
type Parameters<T extends (...args: any) => any> = T extends (...args: infer P) => any ? P : never;
type ReturnType<T extends (...args: any) => any> = T extends (...args: any) => infer R ? R : any;
type Uppercase<S extends string> = intrinsic;
type Lowercase<S extends string> = intrinsic;
type Capitalize<S extends string> = intrinsic;
type Uncapitalize<S extends string> = intrinsic;
type NoInfer<T> = intrinsic;

// ---------------------------------------------------------------------------------------------------------------
// Globals. GTM offers Object, Math and JSON only as `require('Object')` etc.; the compiler rewrites these globals
// into those require calls, so they are typed as the required modules, not as ECMAScript's built-ins.
// ---------------------------------------------------------------------------------------------------------------

/** `require('Object')`: https://developers.google.com/tag-platform/tag-manager/templates/api#object */
interface GtmObjectApi {
  /** Own enumerable keys, in `for…in` order; a non-object input is coerced to an object. */
  keys(objectInput: unknown): string[];
  values<T>(objectInput: { readonly [key: string]: T }): T[];
  values(objectInput: unknown): unknown[];
  entries<T>(objectInput: { readonly [key: string]: T }): [string, T][];
  entries(objectInput: unknown): [string, unknown][];
  /** Returns the same object, frozen; primitives and null come back unchanged. */
  freeze<T>(objectInput: T): Readonly<T>;
  /**
   * The sandbox's `delete` operator: removes a top-level key unless the object is frozen (no dotted paths, no array
   * elements). Returns true unless the object is frozen, even when the key was absent.
   */
  delete(objectInput: object, keyToDelete: string): boolean;
}

/** `require('Math')`: arguments are converted to numbers. There is no `random`; use `generateRandom`. */
interface GtmMathApi {
  abs(x: number): number;
  ceil(x: number): number;
  floor(x: number): number;
  round(x: number): number;
  max(...values: number[]): number;
  min(...values: number[]): number;
  pow(base: number, exponent: number): number;
  sqrt(x: number): number;
}

/** `require('JSON')` */
interface GtmJsonApi {
  /** Returns `undefined` instead of throwing when the input is not valid JSON; a non-string input is coerced. */
  parse(stringInput: unknown): unknown;
  /** Returns `undefined` instead of throwing when the value cannot be serialised (for example, a cycle). */
  stringify(value: unknown): string | undefined;
}

declare const Object: GtmObjectApi;
declare const Math: GtmMathApi;
declare const JSON: GtmJsonApi;

// The test-API documentation's own examples use these (`assertThat(NaN).isNaN()`, `assertThat(Infinity)…`).
declare const NaN: number;
declare const Infinity: number;

/**
 * An RE2 regular expression made by the server API `createRegex`. It is opaque: pass it to `testRegex`, or to a
 * string's `match`, `replace` and `search`. Web templates cannot create one.
 */
interface GtmRegex {
  /** Makes the type nominal, so that plain objects and regex literals are not accepted in its place. */
  readonly __gtmRegex: never;
}
