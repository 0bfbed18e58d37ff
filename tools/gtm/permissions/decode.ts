// The inverse of encode.ts: reads a permissions section as GTM writes it (typed-value JSON) back into the settings
// records of settings.ts, interpreting the same `params` specs of kinds.ts. Used by the emulator's permission
// checker, so that a template's permissions mean the same thing whether the toolchain wrote them or GTM did.
//
// GTM writes params in the order the author edited them; decoding looks params up by key, so any order reads the
// same. Params a kind's specs do not name are ignored (they cannot grant anything the checker knows about).
import type { Context } from '../api/catalog.ts';
import type { SettingsRecord } from './encode.ts';
import { kindIn, type ParamSpec, type PermissionKind } from './kinds.ts';
import type { Param, TypedValue } from './typed-value.ts';

/** A permissions section, or a part of it, that is not GTM's shape; `path` locates it (`[2].instance.param[0]`). */
export class PermissionDecodeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`permissions${path}: ${message}`);
    this.name = 'PermissionDecodeError';
  }
}

export interface DecodedPermission {
  publicId: string;
  settings: SettingsRecord;
}

/**
 * Every permission of a ___WEB_PERMISSIONS___ / ___SERVER_PERMISSIONS___ section (the parsed JSON array), with its
 * settings. Throws PermissionDecodeError for malformed entries and for kinds the context does not have.
 */
export function decodePermissionsSection(section: readonly unknown[], context: Context): DecodedPermission[] {
  return section.map((entry, index) => {
    const at = `[${index}]`;
    const instance = field(entry, 'instance', at);
    const publicId = field(field(instance, 'key', `${at}.instance`), 'publicId', `${at}.instance.key`);
    if (typeof publicId !== 'string') throw new PermissionDecodeError(`${at}.instance.key.publicId`, 'must be a string');
    const kind = kindIn(publicId, context);
    if (!kind) {
      throw new PermissionDecodeError(at, `${publicId} is not a permission of ${context === 'WEB' ? 'web' : 'server'} templates`);
    }
    const params = (instance as { param?: unknown }).param ?? [];
    if (!Array.isArray(params)) throw new PermissionDecodeError(`${at}.instance.param`, 'must be a list');
    return { publicId, settings: decodeParams(kind, params.map((p, i) => param(p, `${at}.instance.param[${i}]`))) };
  });
}

/** The settings record whose encodeParams gives these params (up to param order and defaults GTM wrote out). */
export function decodeParams(kind: PermissionKind, params: readonly Param[]): SettingsRecord {
  const byKey = new Map(params.map((p) => [p.key, decodeTypedValue(p.value, `.${kind.publicId}.${p.key}`)]));
  const settings: SettingsRecord = {};
  // Lists first: an anyOrSpecific choice of 'any' overrides them, 'specific' keeps them.
  for (const spec of kind.params) {
    if (spec.encode !== 'anyOrSpecific') decodeSpec(spec, byKey, settings, kind.publicId);
  }
  for (const spec of kind.params) {
    if (spec.encode !== 'anyOrSpecific' || !byKey.has(spec.key)) continue;
    const choice = byKey.get(spec.key);
    if (choice === 'any') settings[spec.field] = 'any';
    else if (choice === 'specific') settings[spec.field] ??= [];
    else throw new PermissionDecodeError(`.${kind.publicId}.${spec.key}`, `expected "any" or "specific", not ${JSON.stringify(choice)}`);
  }
  return settings;
}

function decodeSpec(spec: Exclude<ParamSpec, { encode: 'anyOrSpecific' }>, byKey: Map<string, unknown>, settings: SettingsRecord, id: string): void {
  const where = (key: string): string => `.${id}.${key}`;
  switch (spec.encode) {
    case 'string':
      if (byKey.has(spec.key)) settings[spec.field] = expectString(byKey.get(spec.key), where(spec.key));
      return;
    case 'optionalBoolean':
      if (byKey.has(spec.key)) settings[spec.field] = expectBoolean(byKey.get(spec.key), where(spec.key));
      return;
    case 'strings':
      if (byKey.has(spec.key)) settings[spec.field] = expectList(byKey.get(spec.key), where(spec.key)).map((item, i) => expectString(item, `${where(spec.key)}[${i}]`));
      return;
    case 'wrappedStrings':
      if (byKey.has(spec.key)) {
        settings[spec.field] = expectList(byKey.get(spec.key), where(spec.key)).map((item, i) =>
          expectString(expectRecord(item, `${where(spec.key)}[${i}]`)[spec.column], `${where(spec.key)}[${i}].${spec.column}`),
        );
      }
      return;
    case 'records':
      if (byKey.has(spec.key)) {
        settings[spec.field] = expectList(byKey.get(spec.key), where(spec.key)).map((item, i) => {
          const record = expectRecord(item, `${where(spec.key)}[${i}]`);
          const out: SettingsRecord = {};
          for (const column of spec.columns) {
            if (!Object.hasOwn(record, column.name)) continue;
            const at = `${where(spec.key)}[${i}].${column.name}`;
            out[column.name] = column.value === 'boolean' ? expectBoolean(record[column.name], at) : expectString(record[column.name], at);
          }
          return out;
        });
      }
      return;
    case 'partFlags': {
      const parts = spec.flags.filter(([, key]) => byKey.get(key) === true).map(([part]) => part);
      if (parts.length > 0) settings[spec.field] = parts;
      return;
    }
  }
}

/** A typed value as plain data: strings, booleans, lists, and maps as records keyed by their string keys. */
export function decodeTypedValue(value: TypedValue, path = ''): unknown {
  switch (value.type) {
    case 1:
      return expectString(value.string, `${path}.string`);
    case 8:
      return expectBoolean(value.boolean, `${path}.boolean`);
    case 2:
      return expectList(value.listItem, `${path}.listItem`).map((item, i) => decodeTypedValue(typedValue(item, `${path}.listItem[${i}]`), `${path}.listItem[${i}]`));
    case 3: {
      const keys = expectList(value.mapKey, `${path}.mapKey`);
      const values = expectList(value.mapValue, `${path}.mapValue`);
      if (keys.length !== values.length) throw new PermissionDecodeError(path, `a map has ${keys.length} keys and ${values.length} values`);
      const record: SettingsRecord = {};
      keys.forEach((key, i) => {
        const name = decodeTypedValue(typedValue(key, `${path}.mapKey[${i}]`), `${path}.mapKey[${i}]`);
        record[expectString(name, `${path}.mapKey[${i}]`)] = decodeTypedValue(typedValue(values[i], `${path}.mapValue[${i}]`), `${path}.mapValue[${i}]`);
      });
      return record;
    }
    default:
      throw new PermissionDecodeError(path, `unknown typed-value type ${JSON.stringify((value as { type: unknown }).type)} (GTM writes 1, 2, 3 and 8)`);
  }
}

function param(value: unknown, path: string): Param {
  const key = field(value, 'key', path);
  if (typeof key !== 'string') throw new PermissionDecodeError(`${path}.key`, 'must be a string');
  return { key, value: typedValue(field(value, 'value', path), `${path}.value`) };
}

function typedValue(value: unknown, path: string): TypedValue {
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'number') {
    throw new PermissionDecodeError(path, 'expected a typed value such as {"type": 1, "string": "…"}');
  }
  return value as TypedValue;
}

function field(value: unknown, name: string, path: string): unknown {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, name)) {
    throw new PermissionDecodeError(path, `expected an object with "${name}"`);
  }
  return (value as Record<string, unknown>)[name];
}

function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new PermissionDecodeError(path, `expected a string, not ${JSON.stringify(value)}`);
  return value;
}

function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new PermissionDecodeError(path, `expected a boolean, not ${JSON.stringify(value)}`);
  return value;
}

function expectList(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new PermissionDecodeError(path, 'expected a list');
  return value;
}

function expectRecord(value: unknown, path: string): SettingsRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PermissionDecodeError(path, 'expected a map');
  return value as SettingsRecord;
}
