// The JSON keys GTM's template editor writes, per kind of object, in the order it writes them, and the values it
// writes even when the author set nothing. `to-gtm.ts` builds GTM's JSON from these tables; `check.ts` uses them
// to reject keys GTM does not know.
//
// How the order was established (exports read through the code index): the editor writes a fixed head when a
// field is created (type, name, displayName or checkboxText, the item/column list, simpleValueType), then each
// optional key in the order the author switched it on; so exports disagree on the tail. The tails below follow
// the order most exports agree on:
// - stape-io/data-client template.tpl: CHECKBOX (checkboxText, simpleValueType, help, defaultValue), GROUP
//   (displayName, groupStyle, subParams, enablingConditions), SELECT with numeric values (selectItems,
//   simpleValueType, defaultValue), TEXT (simpleValueType, enablingConditions, valueValidators), SIMPLE_TABLE
//   (simpleTableColumns, newRowButtonText, help) and its column (defaultValue, displayName, name, type,
//   isUnique, valueValidators), conditions (paramName, paramValue, type);
// - stape-io/data-tag template.tpl: INFO (type, id, version, securityGroups, displayName, categories, brand,
//   description, containerContexts), RADIO (radioItems, simpleValueType) with items (value, displayValue,
//   subParams), SELECT (macrosInSelect, selectItems, simpleValueType, defaultValue, ...), TEXT (defaultValue
//   before help, validators after help, alwaysInSummary last), validators (type, args, errorMessage);
// - PARAM_TABLE exports (e.g. a Plausible Analytics tag, a consent-mode tag): paramTableColumns of
//   {param, isUnique}, then newRowButtonText, newRowTitle, editRowTitle;
// - TEXT exports with canBeEmptyString, lineCount, textAsList, notSetText, valueUnit and valueHint (in that
//   order), simple-table columns with valueHint before isUnique and valueValidators.

import type { ParameterType } from './types.ts';

export const PARAMETER_KEYS = {
  TEXT: [
    'type',
    'name',
    'displayName',
    'simpleValueType',
    'canBeEmptyString',
    'lineCount',
    'textAsList',
    'notSetText',
    'valueUnit',
    'valueHint',
    'defaultValue',
    'help',
    'enablingConditions',
    'valueValidators',
    'alwaysInSummary',
    'clearOnCopy',
  ],
  SELECT: [
    'type',
    'name',
    'displayName',
    'macrosInSelect',
    'selectItems',
    'simpleValueType',
    'notSetText',
    'defaultValue',
    'help',
    'subParams',
    'enablingConditions',
    'valueValidators',
    'alwaysInSummary',
    'clearOnCopy',
  ],
  CHECKBOX: [
    'type',
    'name',
    'checkboxText',
    'simpleValueType',
    'help',
    'defaultValue',
    'subParams',
    'enablingConditions',
    'alwaysInSummary',
    'clearOnCopy',
  ],
  RADIO: [
    'type',
    'name',
    'displayName',
    'radioItems',
    'simpleValueType',
    'defaultValue',
    'help',
    'enablingConditions',
    'valueValidators',
    'alwaysInSummary',
    'clearOnCopy',
  ],
  SIMPLE_TABLE: [
    'type',
    'name',
    'displayName',
    'simpleTableColumns',
    'newRowButtonText',
    'help',
    'enablingConditions',
    'valueValidators',
    'alwaysInSummary',
    'clearOnCopy',
  ],
  PARAM_TABLE: [
    'type',
    'name',
    'displayName',
    'paramTableColumns',
    'newRowButtonText',
    'newRowTitle',
    'editRowTitle',
    'help',
    'enablingConditions',
    'valueValidators',
    'alwaysInSummary',
    'clearOnCopy',
  ],
  GROUP: ['type', 'name', 'displayName', 'groupStyle', 'subParams', 'enablingConditions'],
  LABEL: ['type', 'name', 'displayName', 'enablingConditions'],
} as const satisfies { readonly [T in ParameterType]: readonly string[] };

/** Keys GTM writes on every field of a type, with the value it writes. */
export const PARAMETER_DEFAULTS: { readonly [T in ParameterType]: Readonly<Record<string, unknown>> } = {
  TEXT: { simpleValueType: true },
  SELECT: { macrosInSelect: false, simpleValueType: true },
  CHECKBOX: { simpleValueType: true },
  RADIO: { simpleValueType: true },
  SIMPLE_TABLE: {},
  PARAM_TABLE: {},
  GROUP: {},
  LABEL: {},
};

export interface ObjectKeys {
  readonly keys: readonly string[];
  readonly defaults: Readonly<Record<string, unknown>>;
}

export const SELECT_ITEM = { keys: ['value', 'displayValue'], defaults: {} } as const satisfies ObjectKeys;
export const RADIO_ITEM = { keys: ['value', 'displayValue', 'subParams'], defaults: {} } as const satisfies ObjectKeys;
/** GTM writes defaultValue and displayName on every column, '' when unset. */
export const SIMPLE_TABLE_COLUMN = {
  keys: ['defaultValue', 'displayName', 'name', 'type', 'selectItems', 'valueHint', 'isUnique', 'valueValidators'],
  defaults: { defaultValue: '', displayName: '' },
} as const satisfies ObjectKeys;
export const PARAM_TABLE_COLUMN = {
  keys: ['param', 'isUnique'],
  defaults: { isUnique: false },
} as const satisfies ObjectKeys;
export const VALIDATOR = {
  keys: ['type', 'args', 'errorMessage', 'enablingConditions'],
  defaults: {},
} as const satisfies ObjectKeys;
/** PRESENT and NOT_PRESENT conditions carry an empty paramValue in exports. */
export const ENABLING_CONDITION = {
  keys: ['paramName', 'paramValue', 'type'],
  defaults: { paramValue: '' },
} as const satisfies ObjectKeys;
export const INFO = {
  keys: ['type', 'id', 'version', 'securityGroups', 'displayName', 'categories', 'brand', 'description', 'containerContexts'],
  defaults: { id: 'cvt_temp_public_id', version: 1, securityGroups: [] },
} as const satisfies ObjectKeys;
export const BRAND = { keys: ['id', 'displayName', 'thumbnail'], defaults: {} } as const satisfies ObjectKeys;
