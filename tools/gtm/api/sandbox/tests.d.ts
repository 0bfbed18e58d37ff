// The test APIs of the ___TESTS___ section (globals there, not `require`d), plus `scenario`, the toolchain's way of
// writing scenarios in a tests.ts file. Source: the "Test APIs" part of
// https://developers.google.com/tag-platform/tag-manager/templates/api and .../templates/tests.

/**
 * The template's `data` object. Declared empty here; each template's sandbox/env.d.ts adds its fields, so that
 * runCode only accepts fields the template defines.
 */
interface GtmTemplateData {}

/** Names of APIs that `require` returns as a function (mock these with `mock`). */
type GtmFunctionApiName = {
  [K in keyof GtmApis]: GtmApis[K] extends (...args: never[]) => unknown ? K : never;
}[keyof GtmApis];

/** Names of APIs that `require` returns as an object (mock these with `mockObject`). */
type GtmObjectApiName = Exclude<keyof GtmApis, GtmFunctionApiName>;

/**
 * A replacement for the API `F`: a function called in its place, or any other value returned by every call.
 * For an API with several forms (sendHttpRequest…) the last, promise-returning form types the replacement.
 * Replacements may return anything: tests often resolve with partial results.
 */
type GtmMock<F> = F extends (...args: infer A) => infer R ? ((...args: A) => unknown) | R : never;

/** Replacements for some or all members of an object API. */
type GtmObjectMock<T> = {
  [P in keyof T]?: T[P] extends (...args: infer A) => unknown ? (...args: A) => unknown : T[P];
};

/**
 * Runs the template's code (the Code tab) with `data` as its data object; the test runner adds gtmOnSuccess and
 * gtmOnFailure. Returns the variable's value for variable templates and undefined for the others.
 */
declare function runCode(data: Partial<GtmTemplateData>): unknown;

/**
 * Makes `require(apiName)` return a stand-in for the rest of the test: `returnValueOrImplementation` is called in
 * the API's place when it is a function, and returned by each call otherwise. Mocks reset before each test and
 * skip permission checks.
 */
declare function mock<K extends GtmFunctionApiName>(apiName: K, returnValueOrImplementation: GtmMock<GtmApis[K]>): void;

/** Like mock, for APIs that are objects (localStorage, templateStorage, templateDataStorage, Firestore, BigQuery…). */
declare function mockObject<K extends GtmObjectApiName>(apiName: K, objectMock: GtmObjectMock<GtmApis[K]>): void;

interface GtmApiSubject {
  wasCalled(): void;
  wasNotCalled(): void;
  /** Passes when some call's arguments deep-equal `expected`. */
  wasCalledWith(...expected: unknown[]): void;
  wasNotCalledWith(...expected: unknown[]): void;
}

/** Assertions about calls to an API; 'gtmOnSuccess' and 'gtmOnFailure' name the data object's callbacks. */
declare function assertApi(apiName: keyof GtmApis | 'gtmOnSuccess' | 'gtmOnFailure'): GtmApiSubject;

/** Assertions on one value, modelled on Google's Truth library. A failing assertion ends the current test only. */
interface GtmSubject {
  isUndefined(): void;
  isDefined(): void;
  isNull(): void;
  isNotNull(): void;
  isTrue(): void;
  isFalse(): void;
  /** Falsy: undefined, null, false, NaN, 0 and ''. */
  isTruthy(): void;
  isFalsy(): void;
  isNaN(): void;
  isNotNaN(): void;
  /** Positive or negative Infinity. */
  isInfinity(): void;
  isNotInfinity(): void;
  /** Deep equality: objects and arrays are compared by content. */
  isEqualTo(expected: unknown): void;
  isNotEqualTo(expected: unknown): void;
  /** Deep-equals one of `expected`. */
  isAnyOf(...expected: unknown[]): void;
  isNoneOf(...expected: unknown[]): void;
  /** `===` */
  isStrictlyEqualTo(expected: unknown): void;
  isNotStrictlyEqualTo(expected: unknown): void;
  isGreaterThan(expected: unknown): void;
  isGreaterThanOrEqualTo(expected: unknown): void;
  isLessThan(expected: unknown): void;
  isLessThanOrEqualTo(expected: unknown): void;
  /** An array or string containing all of `expected`, in any order (deep equality). */
  contains(...expected: unknown[]): void;
  doesNotContain(...expected: unknown[]): void;
  /** An array containing exactly `expected`, in any order (deep equality). */
  containsExactly(...expected: unknown[]): void;
  doesNotContainExactly(...expected: unknown[]): void;
  /** Always fails for values that are neither arrays nor strings. */
  hasLength(expected: number): void;
  isEmpty(): void;
  isNotEmpty(): void;
  isArray(): void;
  isBoolean(): void;
  isFunction(): void;
  isNumber(): void;
  isObject(): void;
  isString(): void;
}

declare function assertThat(actual: unknown, opt_message?: string): GtmSubject;

/** Fails the current test at once. */
declare function fail(opt_message?: string): never;

/**
 * One ___TESTS___ scenario. The compiler turns each top-level `scenario('name', () => { … })` of a tests.ts file
 * into a scenario named `name` with the body as its code; every other top-level statement becomes `setup`, which
 * GTM runs before each scenario.
 */
declare function scenario(name: string, body: () => void): void;
