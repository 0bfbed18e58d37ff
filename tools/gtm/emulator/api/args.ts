// Argument checks shared by API implementations. GTM's APIs throw on arguments of the wrong type, which ends the
// template's run; the message names the API, the argument and what it got.
import { ApiError } from '../errors.ts';

type Expected = 'string' | 'number' | 'boolean' | 'function' | 'object' | 'array';

/** The sandbox's name of a value's type, as getType gives it. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function describe(value: unknown): string {
  const type = typeName(value);
  return type === 'string' ? `the string ${JSON.stringify(value)}` : type === 'number' || type === 'boolean' ? `${type} ${String(value)}` : type;
}

const article = (type: Expected): string => (type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`);

/**
 * Checks argument `index` (0-based) of a call, named `name` in messages; `optional` also lets undefined through.
 * An 'object' is a non-null, non-array object.
 */
export function expectArg(api: string, index: number, name: string, value: unknown, expected: Expected | readonly Expected[], optional = false): void {
  if (optional && value === undefined) return;
  const allowed: readonly Expected[] = typeof expected === 'string' ? [expected] : expected;
  if ((allowed as readonly string[]).includes(typeName(value))) return;
  const wanted = allowed.map(article).join(' or ');
  throw new ApiError(api, `argument ${index + 1} (${name}) must be ${wanted}${optional ? ' or left out' : ''}, not ${describe(value)}`);
}
