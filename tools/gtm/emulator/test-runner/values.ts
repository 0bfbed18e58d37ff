// Deep equality and display of sandbox values, for assertThat, assertApi and test output.

/**
 * Structural equality as the test APIs use it: arrays by elements, objects by own enumerable keys and values,
 * functions and other objects by identity; NaN equals NaN.
 */
export function deepEqual(a: unknown, b: unknown, seen = new Map<object, object>()): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  // regexes and other non-plain objects are equal only to themselves
  if (!isPlainData(a) || !isPlainData(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => deepEqual(item, (b as unknown[])[i], seen));
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], seen));
}

/** A value as a test message shows it: JSON-like, with undefined, NaN and functions spelled out. */
export function formatValue(value: unknown, seen = new Set<object>()): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'function';
  if (typeof value !== 'object' || value === null) return String(value);
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  const text = Array.isArray(value)
    ? `[${value.map((item) => formatValue(item, seen)).join(', ')}]`
    : `{${Object.keys(value).map((key) => `${JSON.stringify(key)}: ${formatValue((value as Record<string, unknown>)[key], seen)}`).join(', ')}}`;
  seen.delete(value);
  return text;
}

/** Arrays and plain objects, of the host or of a sandbox realm (whose prototypes are other objects). */
function isPlainData(value: object): boolean {
  const tag = Object.prototype.toString.call(value);
  return tag === '[object Array]' || tag === '[object Object]';
}
