// A definition's ___INFO___ and ___TEMPLATE_PARAMETERS___ as the JSON GTM exports: GTM's keys, in GTM's order,
// with the values GTM always writes. Input must have passed `checkDefinition`; keys GTM does not know are left out.

import {
  BRAND,
  ENABLING_CONDITION,
  INFO,
  PARAMETER_DEFAULTS,
  PARAMETER_KEYS,
  PARAM_TABLE_COLUMN,
  RADIO_ITEM,
  SELECT_ITEM,
  SIMPLE_TABLE_COLUMN,
  VALIDATOR,
  type ObjectKeys,
} from './gtm-keys.ts';
import type { Parameter, TemplateDefinition } from './types.ts';

export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

type Source = { readonly [key: string]: unknown };

/**
 * The ___INFO___ object. `thumbnailDataUrl` is the brand thumbnail as a `data:image/png;base64,` URL; it is
 * required when the definition names a thumbnail, and GTM's export has no thumbnail key without one.
 */
export function infoJson(def: TemplateDefinition, thumbnailDataUrl?: string): JsonObject {
  const { info } = def;
  if (info.brand.thumbnail !== undefined && thumbnailDataUrl === undefined) {
    throw new Error(`infoJson: the definition names the thumbnail ${info.brand.thumbnail}; pass its data URL`);
  }
  const brand = ordered({ ...info.brand, thumbnail: thumbnailDataUrl }, BRAND);
  return ordered({ ...info, brand, containerContexts: [info.context] }, INFO);
}

/** The ___TEMPLATE_PARAMETERS___ array. */
export function parametersJson(def: TemplateDefinition): JsonObject[] {
  return def.parameters.map(parameterJson);
}

function parameterJson(param: object): JsonObject {
  const { type } = param as Parameter;
  return ordered(param, { keys: PARAMETER_KEYS[type], defaults: PARAMETER_DEFAULTS[type] });
}

const listOf =
  (convert: (item: object) => JsonObject) =>
  (value: unknown): Json =>
    (value as readonly object[]).map(convert);

const withKeys = (shape: ObjectKeys) => (item: object) => ordered(item, shape);

/** How the value under a key becomes JSON, where it is not copied as it is; keyed by GTM's key names. */
const NESTED: { readonly [key: string]: (value: unknown) => Json } = {
  subParams: listOf(parameterJson),
  selectItems: listOf(withKeys(SELECT_ITEM)),
  radioItems: listOf(withKeys(RADIO_ITEM)),
  simpleTableColumns: listOf(withKeys(SIMPLE_TABLE_COLUMN)),
  paramTableColumns: listOf(withKeys(PARAM_TABLE_COLUMN)),
  param: (value) => parameterJson(value as object),
  valueValidators: listOf(withKeys(VALIDATOR)),
  enablingConditions: listOf(withKeys(ENABLING_CONDITION)),
};

function ordered(source: object, shape: ObjectKeys): JsonObject {
  const out: JsonObject = {};
  for (const key of shape.keys) {
    const own = (source as Source)[key];
    const value = own !== undefined ? own : structuredClone(shape.defaults[key]);
    if (value === undefined) continue;
    const convert = NESTED[key];
    out[key] = convert ? convert(value) : (value as Json);
  }
  return out;
}
