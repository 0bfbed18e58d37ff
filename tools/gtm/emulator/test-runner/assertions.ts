// assertThat's subjects and assertApi's checks: each returns the failure message, or undefined when it holds.
// The matcher set is the one of api/sandbox/tests.d.ts (Google's test API page, modelled on Google Truth).
import { deepEqual, formatValue as show } from './values.ts';

export type Matcher = (actual: unknown, args: readonly unknown[]) => string | undefined;

const check = (holds: boolean, actual: unknown, expectation: string): string | undefined =>
  holds ? undefined : `expected ${show(actual)} ${expectation}`;

const isArrayOrString = (value: unknown): value is unknown[] | string => Array.isArray(value) || typeof value === 'string';

/** Whether a collection (array or string) contains the item: an element deep-equal to it, or a substring. */
function has(collection: unknown[] | string, item: unknown): boolean {
  return typeof collection === 'string' ? typeof item === 'string' && collection.indexOf(item) !== -1 : collection.some((element) => deepEqual(element, item));
}

/** Whether the array holds exactly the items, in any order, each element matched once. */
function hasExactly(collection: unknown[], items: readonly unknown[]): boolean {
  if (collection.length !== items.length) return false;
  const left = [...collection];
  return items.every((item) => {
    const index = left.findIndex((element) => deepEqual(element, item));
    if (index === -1) return false;
    left.splice(index, 1);
    return true;
  });
}

function size(value: unknown): number | undefined {
  if (isArrayOrString(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return undefined;
}

const list = (items: readonly unknown[]): string => items.map((item) => show(item)).join(', ');

export const MATCHERS: Readonly<Record<string, Matcher>> = {
  isUndefined: (a) => check(a === undefined, a, 'to be undefined'),
  isDefined: (a) => check(a !== undefined, a, 'to be defined'),
  isNull: (a) => check(a === null, a, 'to be null'),
  isNotNull: (a) => check(a !== null, a, 'not to be null'),
  isTrue: (a) => check(a === true, a, 'to be true'),
  isFalse: (a) => check(a === false, a, 'to be false'),
  isTruthy: (a) => check(Boolean(a), a, 'to be truthy'),
  isFalsy: (a) => check(!a, a, 'to be falsy'),
  isNaN: (a) => check(typeof a === 'number' && Number.isNaN(a), a, 'to be NaN'),
  isNotNaN: (a) => check(!(typeof a === 'number' && Number.isNaN(a)), a, 'not to be NaN'),
  isInfinity: (a) => check(a === Infinity || a === -Infinity, a, 'to be Infinity or -Infinity'),
  isNotInfinity: (a) => check(a !== Infinity && a !== -Infinity, a, 'not to be Infinity or -Infinity'),
  isEqualTo: (a, [e]) => check(deepEqual(a, e), a, `to equal ${show(e)}`),
  isNotEqualTo: (a, [e]) => check(!deepEqual(a, e), a, `not to equal ${show(e)}`),
  isAnyOf: (a, es) => check(es.some((e) => deepEqual(a, e)), a, `to equal one of ${list(es)}`),
  isNoneOf: (a, es) => check(!es.some((e) => deepEqual(a, e)), a, `to equal none of ${list(es)}`),
  isStrictlyEqualTo: (a, [e]) => check(a === e, a, `to be the same value as ${show(e)} (===)`),
  isNotStrictlyEqualTo: (a, [e]) => check(a !== e, a, `not to be the same value as ${show(e)} (===)`),
  isGreaterThan: (a, [e]) => check((a as number) > (e as number), a, `to be greater than ${show(e)}`),
  isGreaterThanOrEqualTo: (a, [e]) => check((a as number) >= (e as number), a, `to be greater than or equal to ${show(e)}`),
  isLessThan: (a, [e]) => check((a as number) < (e as number), a, `to be less than ${show(e)}`),
  isLessThanOrEqualTo: (a, [e]) => check((a as number) <= (e as number), a, `to be less than or equal to ${show(e)}`),
  contains: (a, es) => check(isArrayOrString(a) && es.every((e) => has(a, e)), a, `to contain ${list(es)}`),
  doesNotContain: (a, es) => check(isArrayOrString(a) && !es.some((e) => has(a, e)), a, `not to contain ${list(es)}`),
  containsExactly: (a, es) => check(Array.isArray(a) && hasExactly(a, es), a, `to contain exactly ${list(es)}`),
  doesNotContainExactly: (a, es) => check(Array.isArray(a) && !hasExactly(a, es), a, `not to contain exactly ${list(es)}`),
  hasLength: (a, [n]) => check(isArrayOrString(a) && a.length === n, a, `to have length ${show(n)}`),
  isEmpty: (a) => check(size(a) === 0, a, 'to be empty'),
  isNotEmpty: (a) => check(size(a) !== undefined && size(a)! > 0, a, 'not to be empty'),
  isArray: (a) => check(Array.isArray(a), a, 'to be an array'),
  isBoolean: (a) => check(typeof a === 'boolean', a, 'to be a boolean'),
  isFunction: (a) => check(typeof a === 'function', a, 'to be a function'),
  isNumber: (a) => check(typeof a === 'number', a, 'to be a number'),
  isObject: (a) => check(typeof a === 'object' && a !== null && !Array.isArray(a), a, 'to be an object'),
  isString: (a) => check(typeof a === 'string', a, 'to be a string'),
};

export type ApiCheck = (api: string, calls: readonly (readonly unknown[])[], args: readonly unknown[]) => string | undefined;

const callList = (calls: readonly (readonly unknown[])[]): string => (calls.length === 0 ? 'none' : calls.map((args) => `(${list(args)})`).join(', '));

/** assertApi(name)'s checks, given the argument lists of the calls made so far. */
export const API_CHECKS: Readonly<Record<string, ApiCheck>> = {
  wasCalled: (api, calls) => (calls.length > 0 ? undefined : `expected ${api} to have been called, but it was not`),
  wasNotCalled: (api, calls) => (calls.length === 0 ? undefined : `expected ${api} not to have been called, but it was called ${calls.length} time${calls.length === 1 ? '' : 's'}: ${callList(calls)}`),
  wasCalledWith: (api, calls, args) =>
    calls.some((call) => deepEqual(call, args)) ? undefined : `expected ${api} to have been called with (${list(args)}), but its calls were: ${callList(calls)}`,
  wasNotCalledWith: (api, calls, args) =>
    calls.some((call) => deepEqual(call, args)) ? `expected ${api} not to have been called with (${list(args)}), but it was` : undefined,
};
