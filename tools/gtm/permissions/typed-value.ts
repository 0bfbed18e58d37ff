// GTM's typed-value encoding, used for every value inside a permissions section.
// Type codes as they appear in exported templates (e.g. stape-io/data-client template.tpl): 1 string,
// 2 list, 3 map as parallel key/value lists, 8 boolean. No other code appears in real exports.

export type TypedValue =
  | { type: 1; string: string }
  | { type: 2; listItem: TypedValue[] }
  | { type: 3; mapKey: TypedValue[]; mapValue: TypedValue[] }
  | { type: 8; boolean: boolean };

/** One entry of a permission instance's `param` list. */
export interface Param {
  key: string;
  value: TypedValue;
}

export const str = (value: string): TypedValue => ({ type: 1, string: value });

export const bool = (value: boolean): TypedValue => ({ type: 8, boolean: value });

export const list = (items: TypedValue[]): TypedValue => ({ type: 2, listItem: items });

/** A map; entries keep the order given, which is the column order GTM shows. */
export function map(entries: [string, TypedValue][]): TypedValue {
  return { type: 3, mapKey: entries.map(([key]) => str(key)), mapValue: entries.map(([, value]) => value) };
}
