// JSON, Math, Object, getType and the make* conversions: the standard library GTM offers as APIs.
// https://developers.google.com/tag-platform/tag-manager/templates/api (JSON, Math, Object, getType, make*)
import { expectArg, typeName } from '../args.ts';
import { defineApi } from '../define.ts';

const BOTH = ['WEB', 'SERVER'] as const;

export const jsonApi = defineApi({
  name: 'JSON',
  contexts: BOTH,
  create: (env) => {
    // The realm's own JSON builds realm objects, so parsed data has the sandbox's prototypes from the start.
    const json = env.boundary.realm.intrinsics.JSON;
    return {
      /** undefined instead of an exception for input that is not JSON; non-strings are converted to strings */
      parse: (input: unknown) => {
        try {
          return json.parse(String(input));
        } catch {
          return undefined;
        }
      },
      /** undefined instead of an exception for values that cannot be serialised (cycles) */
      stringify: (value: unknown) => {
        try {
          return json.stringify(value);
        } catch {
          return undefined;
        }
      },
    };
  },
});

export const mathApi = defineApi({
  name: 'Math',
  contexts: BOTH,
  create: () => ({
    abs: (x: unknown) => Math.abs(Number(x)),
    ceil: (x: unknown) => Math.ceil(Number(x)),
    floor: (x: unknown) => Math.floor(Number(x)),
    round: (x: unknown) => Math.round(Number(x)),
    max: (...values: unknown[]) => Math.max(...values.map(Number)),
    min: (...values: unknown[]) => Math.min(...values.map(Number)),
    pow: (base: unknown, exponent: unknown) => Math.pow(Number(base), Number(exponent)),
    sqrt: (x: unknown) => Math.sqrt(Number(x)),
  }),
});

export const objectApi = defineApi({
  name: 'Object',
  contexts: BOTH,
  create: (env) => {
    const { Object: RealmObject } = env.boundary.realm.intrinsics;
    const target = (value: unknown): object => (value === null || value === undefined ? {} : (value as object));
    return {
      keys: (value: unknown) => RealmObject.keys(target(value)),
      values: (value: unknown) => RealmObject.values(target(value)),
      entries: (value: unknown) => RealmObject.entries(target(value)),
      /** the same object, frozen; primitives come back unchanged */
      freeze: (value: unknown) => RealmObject.freeze(value),
      /** the sandbox's delete operator: false for a frozen object, true otherwise (also when the key was absent) */
      delete: (value: unknown, key: unknown) => {
        expectArg('Object.delete', 0, 'objectInput', value, ['object', 'array']);
        if (RealmObject.isFrozen(value)) return false;
        delete (value as Record<string, unknown>)[String(key)];
        return true;
      },
    };
  },
});

export const getTypeApi = defineApi({
  name: 'getType',
  contexts: BOTH,
  create: () => (value: unknown) => typeName(value),
});

export const makeNumberApi = defineApi({
  name: 'makeNumber',
  contexts: BOTH,
  create: () => (value: unknown) => Number(value),
});

/** [UNVERIFIED] GTM documents "converts to a number (integer)"; the fraction is cut off toward zero here. */
export const makeIntegerApi = defineApi({
  name: 'makeInteger',
  contexts: BOTH,
  create: () => (value: unknown) => Math.trunc(Number(value)),
});

export const makeStringApi = defineApi({
  name: 'makeString',
  contexts: BOTH,
  create: () => (value: unknown) => String(value),
});

/**
 * The rows of a two-column table field as one object: each row's key-column value maps to its value-column value.
 * null when the input is not a list of rows that have the key column. [UNVERIFIED: what GTM does with such rows.]
 */
export const makeTableMapApi = defineApi({
  name: 'makeTableMap',
  contexts: BOTH,
  create: () => (table: unknown, keyColumn: unknown, valueColumn: unknown) => {
    expectArg('makeTableMap', 1, 'keyColumnName', keyColumn, 'string');
    expectArg('makeTableMap', 2, 'valueColumnName', valueColumn, 'string');
    if (!Array.isArray(table)) return null;
    const map: Record<string, unknown> = {};
    for (const row of table) {
      if (typeName(row) !== 'object' || !Object.hasOwn(row, keyColumn as string)) return null;
      map[String(row[keyColumn as string])] = row[valueColumn as string];
    }
    return map;
  },
});
