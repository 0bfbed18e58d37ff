// Interprets the `params` specs of kinds.ts: checks the settings an author wrote for one kind and turns
// them into GTM's params.
import type { Column, ParamSpec, PermissionKind } from './kinds.ts';
import { bool, list, map, str, type Param, type TypedValue } from './typed-value.ts';

/** The settings of one kind, as settings.ts types them, seen field by field. */
export type SettingsRecord = { [field: string]: unknown };

/** What is wrong with the settings written for a kind: unknown or missing fields, empty lists. */
export function settingsProblems(kind: PermissionKind, settings: SettingsRecord): string[] {
  const known = new Set(kind.params.map((spec) => spec.field));
  const problems: string[] = [];
  for (const [field, value] of Object.entries(settings)) {
    if (!known.has(field)) {
      problems.push(`${kind.publicId} has no setting \`${field}\`: write e.g. ${kind.example}`);
    } else if (Array.isArray(value) && value.length === 0) {
      problems.push(`${kind.publicId}.${field} is an empty list, which allows nothing: list what the code uses, e.g. ${kind.example}`);
    }
  }
  for (const field of kind.required) {
    if (settings[field] === undefined) problems.push(`${kind.publicId} needs \`${field}\`: write e.g. ${kind.example}`);
  }
  for (const spec of kind.params) {
    if (spec.encode === 'records') problems.push(...recordProblems(kind, spec.field, spec.columns, settings[spec.field]));
  }
  return problems;
}

function recordProblems(kind: PermissionKind, field: string, columns: Column[], records: unknown): string[] {
  if (!Array.isArray(records)) return [];
  const mandatory = columns.filter((column) => column.value === 'string' && column.default === undefined && !column.optional);
  return records.flatMap((record: SettingsRecord, index) =>
    mandatory
      .filter((column) => record[column.name] === undefined)
      .map((column) => `${kind.publicId}.${field}[${index}] needs \`${column.name}\`: write e.g. ${kind.example}`),
  );
}

/** GTM's params for settings that settingsProblems accepted, in the kind's param order. */
export function encodeParams(kind: PermissionKind, settings: SettingsRecord): Param[] {
  return kind.params.flatMap((spec) => encodeSpec(spec, settings[spec.field]));
}

function encodeSpec(spec: ParamSpec, value: unknown): Param[] {
  const items = Array.isArray(value) ? (value as unknown[]) : undefined;
  switch (spec.encode) {
    case 'string':
      return [{ key: spec.key, value: str(String(value)) }];
    case 'anyOrSpecific':
      return [{ key: spec.key, value: str(items ? 'specific' : 'any') }];
    case 'strings':
      return items ? [{ key: spec.key, value: list(items.map((item) => str(String(item)))) }] : [];
    case 'wrappedStrings':
      return items ? [{ key: spec.key, value: list(items.map((item) => map([[spec.column, str(String(item))]]))) }] : [];
    case 'records':
      return items ? [{ key: spec.key, value: list(items.map((item) => encodeRecord(spec.columns, item as SettingsRecord))) }] : [];
    case 'partFlags':
      return items ? spec.flags.filter(([part]) => items.includes(part)).map(([, key]) => ({ key, value: bool(true) })) : [];
    case 'optionalBoolean':
      return value === undefined ? [] : [{ key: spec.key, value: bool(value === true) }];
  }
}

function encodeRecord(columns: Column[], record: SettingsRecord): TypedValue {
  const entries: [string, TypedValue][] = [];
  for (const column of columns) {
    const value = record[column.name];
    if (value === undefined && column.optional) continue;
    if (column.value === 'boolean') entries.push([column.name, bool(value === true)]);
    else entries.push([column.name, str(value === undefined ? (column.default ?? '') : String(value))]);
  }
  return map(entries);
}
