// Lookup Table (smm) and RegEx Table (remm) variables: the first row whose key matches the input gives the value,
// else the default value. Keys and values may hold references; the input is compared as text, so an undefined
// input is the text 'undefined', as in GTM.
import { resolveValue, type VariableLookup } from './conditions.ts';
import type { ParameterValue, TableRow } from './config.ts';

function orDefault(defaultValue: ParameterValue | undefined, lookup: VariableLookup): unknown {
  return defaultValue === undefined ? undefined : resolveValue(defaultValue, lookup);
}

/** Lookup Table: the value of the row whose key equals the input. */
export function lookupTable(input: unknown, rows: readonly TableRow[], defaultValue: ParameterValue | undefined, lookup: VariableLookup): unknown {
  const text = String(input);
  const row = rows.find((r) => String(resolveValue(r.key, lookup)) === text);
  return row ? resolveValue(row.value, lookup) : orDefault(defaultValue, lookup);
}

export interface RegexTableOptions {
  ignoreCase: boolean;
  /** the pattern must match the whole input */
  fullMatch: boolean;
  /** capture groups and replace: the value is the input with the match replaced by it ($1 … refer to groups) */
  replace: boolean;
}

/** RegEx Table: the value of the first row whose pattern matches the input. */
export function regexTable(input: unknown, rows: readonly TableRow[], options: RegexTableOptions, defaultValue: ParameterValue | undefined, lookup: VariableLookup): unknown {
  const text = String(input);
  for (const row of rows) {
    const pattern = String(resolveValue(row.key, lookup));
    const regex = new RegExp(options.fullMatch ? `^(?:${pattern})$` : pattern, options.ignoreCase ? 'i' : '');
    if (!regex.test(text)) continue;
    const value = resolveValue(row.value, lookup);
    return options.replace && typeof value === 'string' ? text.replace(regex, value) : value;
  }
  return orDefault(defaultValue, lookup);
}
