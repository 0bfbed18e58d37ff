// Build-time checks of a template definition: what TypeScript's types cannot say (names unique across the
// whole form, conditions that name real fields and real item values, defaults among the items, well-formed
// validator arguments), and again what they can, since a definition may reach the build through casts or JS.

import { ENABLING_CONDITION, PARAMETER_KEYS, SIMPLE_TABLE_COLUMN, VALIDATOR } from './gtm-keys.ts';
import type {
  ConditionType,
  ContainerContext,
  GroupStyle,
  ParameterType,
  TemplateCategory,
  TemplateDefinition,
  TemplateType,
  ValidatorType,
  ValidatorTypesOf,
} from './types.ts';

export interface Problem {
  /** where in the definition, e.g. `parameters[3].subParams[0] (name "bucket")` */
  path: string;
  message: string;
}

export interface CheckOptions {
  /** whether a path relative to the template folder names a file; when given, the thumbnail must exist */
  fileExists?: (relativePath: string) => boolean;
}

// Tables written as objects so that the compiler insists on every member of the union, and on no other.
const TEMPLATE_TYPES: { [T in TemplateType]: true } = { TAG: true, MACRO: true, CLIENT: true };
const CONTEXTS: { [C in ContainerContext]: true } = { WEB: true, SERVER: true };
const GROUP_STYLES: { [S in GroupStyle]: true } = {
  NO_ZIPPY: true,
  ZIPPY_OPEN: true,
  ZIPPY_CLOSED: true,
  ZIPPY_OPEN_ON_PARAM: true,
};
const CONDITION_TYPES: { [C in ConditionType]: 'value' | 'no value' } = {
  EQUALS: 'value',
  NOT_EQUALS: 'value',
  PRESENT: 'no value',
  NOT_PRESENT: 'no value',
};
const CATEGORIES: { [C in TemplateCategory]: true } = {
  ADVERTISING: true,
  AFFILIATE_MARKETING: true,
  ANALYTICS: true,
  ATTRIBUTION: true,
  CHAT: true,
  CONVERSIONS: true,
  DATA_WAREHOUSING: true,
  EMAIL_MARKETING: true,
  EXPERIMENTATION: true,
  HEAT_MAP: true,
  LEAD_GENERATION: true,
  MARKETING: true,
  PERSONALIZATION: true,
  REMARKETING: true,
  SALES: true,
  SESSION_RECORDING: true,
  SOCIAL: true,
  SURVEY: true,
  TAG_MANAGEMENT: true,
  UTILITY: true,
};
/** The arguments each validator takes. */
const VALIDATOR_ARGS: { [V in ValidatorType]: 'none' | 'min, max' | 'pattern' | 'min[, max]' } = {
  NON_EMPTY: 'none',
  NUMBER: 'none',
  POSITIVE_NUMBER: 'none',
  NON_NEGATIVE_NUMBER: 'none',
  GA_TRACKING_ID: 'none',
  STRING_LENGTH: 'min, max',
  REGEX: 'pattern',
  TABLE_ROW_COUNT: 'min[, max]',
};
const VALIDATORS_OF: { [K in keyof ValidatorTypesOf]: { [V in ValidatorTypesOf[K]]: true } } = {
  TEXT: {
    NON_EMPTY: true,
    STRING_LENGTH: true,
    NUMBER: true,
    POSITIVE_NUMBER: true,
    NON_NEGATIVE_NUMBER: true,
    REGEX: true,
    GA_TRACKING_ID: true,
    TABLE_ROW_COUNT: true,
  },
  SELECT: { NON_EMPTY: true, REGEX: true, NUMBER: true, POSITIVE_NUMBER: true, NON_NEGATIVE_NUMBER: true },
  RADIO: { NON_EMPTY: true },
  SIMPLE_TABLE: { NON_EMPTY: true, TABLE_ROW_COUNT: true },
  PARAM_TABLE: { NON_EMPTY: true, TABLE_ROW_COUNT: true },
  TEXT_COLUMN: {
    NON_EMPTY: true,
    STRING_LENGTH: true,
    NUMBER: true,
    POSITIVE_NUMBER: true,
    NON_NEGATIVE_NUMBER: true,
    REGEX: true,
    GA_TRACKING_ID: true,
  },
  SELECT_COLUMN: { NON_EMPTY: true, REGEX: true },
};
const DEFINITION_KEYS = ['info', 'parameters', 'permissions', 'notes'];
/** Keys of `data` that GTM fills itself in a tag's code. */
const TAG_DATA_KEYS = ['gtmOnSuccess', 'gtmOnFailure', 'gtmTagId', 'gtmEventId'];
const COLUMN_PARAM_TYPES = ['TEXT', 'SELECT', 'CHECKBOX'];

type Obj = { readonly [key: string]: unknown };
type Report = (path: string, message: string) => void;
/** The path of something inside a field, followed by the field's name: `parameters[2].selectItems[0] (name "mode")`. */
type Place = (sub?: string) => string;

/** A field of the form and where it is. */
interface Site {
  readonly param: Obj;
  readonly type: ParameterType;
  /** e.g. `parameters[3].subParams[0]` */
  readonly path: string;
  readonly place: Place;
  /** the PARAM_TABLE whose column this field is, if it is one */
  readonly table?: Site;
}

export function checkDefinition(def: TemplateDefinition, opts: CheckOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (path, message) => problems.push({ path, message });
  const d = def as unknown as Obj;

  for (const key of Object.keys(d)) {
    if (!DEFINITION_KEYS.includes(key)) {
      report(key, `is not part of a template definition; its keys are ${DEFINITION_KEYS.join(', ')}`);
    }
  }
  if (!isObj(d.permissions)) report('permissions', 'is missing; write the permission settings ({} when the code needs none)');
  if (d.notes !== undefined && typeof d.notes !== 'string') report('notes', 'write the notes as a string');
  const info = checkInfo(d.info, opts, report);
  const sites = collectSites(d.parameters, report);
  checkNames(sites, info?.type === 'TAG', report);
  // What enabling conditions may name: the fields of the form that have a value.
  const fields = new Map(sites.filter((s) => !s.table && hasValue(s.type)).map((s) => [s.param.name, s]));
  for (const site of sites) checkSite(site, site.table ? withColumns(fields, sites, site.table) : fields, report);
  return problems;
}

// ----- info -----

function checkInfo(value: unknown, opts: CheckOptions, report: Report): Obj | undefined {
  if (!isObj(value)) {
    report('info', 'is missing; write { type, context, displayName, description, brand }');
    return undefined;
  }
  if (!isMember(value.type, TEMPLATE_TYPES)) {
    report('info.type', `${show(value.type)} is not a template type; write one of ${list(TEMPLATE_TYPES)}`);
  }
  if (!isMember(value.context, CONTEXTS)) {
    report('info.context', `${show(value.context)} is not a container context; write one of ${list(CONTEXTS)}`);
  } else if (value.type === 'CLIENT' && value.context !== 'SERVER') {
    report('info.type', "a CLIENT template exists only in server containers; set context to 'SERVER', or use 'TAG'");
  }
  if (!nonEmptyString(value.displayName)) {
    report('info.displayName', 'is empty; write the name GTM shows in its template list');
  }
  if (typeof value.description !== 'string') {
    report('info.description', "is missing; write what the template does ('' is allowed)");
  }
  if (value.categories !== undefined) checkCategories(value.categories, report);
  checkBrand(value.brand, opts, report);
  return value;
}

function checkCategories(categories: unknown, report: Report): void {
  if (!Array.isArray(categories)) {
    report('info.categories', `write an array of Gallery categories: ${list(CATEGORIES)}`);
    return;
  }
  categories.forEach((category, i) => {
    if (!isMember(category, CATEGORIES)) {
      report(`info.categories[${i}]`, `${show(category)} is not a Gallery category; write one of ${list(CATEGORIES)}`);
    } else if (categories.indexOf(category) !== i) {
      report(`info.categories[${i}]`, `${show(category)} is listed twice; remove one`);
    }
  });
}

function checkBrand(brand: unknown, opts: CheckOptions, report: Report): void {
  if (!isObj(brand)) {
    report('info.brand', "is missing; write { id: 'brand_dummy', displayName: 'Your brand' }");
    return;
  }
  if (!nonEmptyString(brand.id)) report('info.brand.id', "is empty; write 'brand_dummy' or 'github.com_<owner>'");
  if (typeof brand.displayName !== 'string') report('info.brand.displayName', 'is missing; write the brand name');
  const { thumbnail } = brand;
  if (thumbnail === undefined) return;
  if (typeof thumbnail !== 'string' || !/\.png$/i.test(thumbnail) || thumbnail.startsWith('/')) {
    const example = "write a path such as 'thumbnail.png', relative to the template folder";
    report('info.brand.thumbnail', `${show(thumbnail)} is not a PNG path; ${example}`);
  } else if (opts.fileExists && !opts.fileExists(thumbnail)) {
    report('info.brand.thumbnail', `no file ${thumbnail} in the template folder; add the PNG or fix the path`);
  }
}

// ----- the tree of fields -----

function collectSites(parameters: unknown, report: Report): Site[] {
  const sites: Site[] = [];
  const visitList = (value: unknown, path: string, table?: Site) => {
    if (!Array.isArray(value)) {
      report(path, 'write an array of fields');
      return;
    }
    value.forEach((param, i) => visit(param, `${path}[${i}]`, table));
  };
  const visit = (param: unknown, path: string, table?: Site) => {
    if (!isObj(param) || !isMember(param.type, PARAMETER_KEYS)) {
      const type = isObj(param) ? param.type : param;
      report(path, `${show(type)} is not a field type; write an object with type ${list(PARAMETER_KEYS)}`);
      return;
    }
    const place: Place = (sub = '') => `${path}${sub} (name ${show(param.name)})`;
    const site: Site = { param, type: param.type, path, place, table };
    sites.push(site);
    if (param.subParams !== undefined) visitList(param.subParams, `${path}.subParams`, table);
    if (param.type === 'RADIO' && Array.isArray(param.radioItems)) {
      param.radioItems.forEach((item, i) => {
        if (isObj(item) && item.subParams !== undefined) {
          visitList(item.subParams, `${path}.radioItems[${i}].subParams`, table);
        }
      });
    }
    if (param.type === 'PARAM_TABLE' && Array.isArray(param.paramTableColumns)) {
      param.paramTableColumns.forEach((column, i) => {
        if (isObj(column)) visit(column.param, `${path}.paramTableColumns[${i}].param`, site);
      });
    }
  };
  if (parameters === undefined) report('parameters', 'is missing; write an array of fields ([] is allowed)');
  else visitList(parameters, 'parameters');
  return sites;
}

/** GROUP and LABEL have no value in `data`. */
const hasValue = (type: ParameterType) => type !== 'GROUP' && type !== 'LABEL';

/** A column's conditions may also name the other columns of its row. */
function withColumns(fields: Map<unknown, Site>, sites: Site[], table: Site): Map<unknown, Site> {
  const visible = new Map(fields);
  for (const s of sites) if (s.table === table) visible.set(s.param.name, s);
  return visible;
}

// ----- names -----

function checkNames(sites: Site[], isTag: boolean, report: Report): void {
  // Names are one namespace across the form (nested fields are flat in data); a PARAM_TABLE column's
  // name only keys the rows of its table, so it must be unique within that table.
  const scopes = new Map<Site | undefined, Map<unknown, Site>>();
  for (const site of sites) {
    const { name } = site.param;
    if (!nonEmptyString(name)) {
      report(site.path, 'has no name; write the key this field has in data');
      continue;
    }
    const names = scopes.get(site.table) ?? new Map<unknown, Site>();
    scopes.set(site.table, names);
    const first = names.get(name);
    if (first) {
      const scope = site.table ? 'within a table' : 'across the whole form, nesting included';
      report(site.place(), `the name "${name}" is already used by ${first.path}; names must be unique ${scope}`);
    } else {
      names.set(name, site);
    }
    if (isTag && !site.table && TAG_DATA_KEYS.includes(name)) {
      report(site.place(), `"${name}" is a key GTM itself puts in a tag's data; choose another name`);
    }
  }
}

// ----- one field -----

function checkSite(site: Site, fields: Map<unknown, Site>, report: Report): void {
  const { param, type, place } = site;
  unknownKeys(param, PARAMETER_KEYS[type], `a ${type} field`, place(), report);
  if (site.table) {
    if (!COLUMN_PARAM_TYPES.includes(type)) {
      report(place(), `a ${type} field cannot be a table column; use ${COLUMN_PARAM_TYPES.join(', ')}`);
    }
    if (param.subParams !== undefined) report(place(), 'a table column cannot have subParams; move them out of the table');
  }
  switch (type) {
    case 'TEXT':
      if (param.lineCount !== undefined && !positiveInteger(param.lineCount)) {
        report(place(), `lineCount ${show(param.lineCount)} is not a number of lines; write a whole number from 1`);
      }
      if (param.defaultValue !== undefined && !['string', 'number'].includes(typeof param.defaultValue)) {
        report(place(), `defaultValue ${show(param.defaultValue)} does not fit a TEXT field; write a string`);
      }
      break;
    case 'SELECT':
      checkItems(param.selectItems, param.macrosInSelect === true, (sub = '') => place(`.selectItems${sub}`), report);
      if (param.macrosInSelect !== true) checkDefault(param.defaultValue, param.selectItems, place(), report);
      break;
    case 'RADIO':
      checkItems(param.radioItems, false, (sub = '') => place(`.radioItems${sub}`), report);
      checkDefault(param.defaultValue, param.radioItems, place(), report);
      break;
    case 'CHECKBOX':
      if (typeof param.checkboxText !== 'string') report(place(), 'has no checkboxText; write the label shown next to the box');
      if (param.defaultValue !== undefined && typeof param.defaultValue !== 'boolean') {
        report(place(), `defaultValue ${show(param.defaultValue)} does not fit a CHECKBOX; write true or false`);
      }
      break;
    case 'SIMPLE_TABLE':
      checkSimpleColumns(param.simpleTableColumns, site.path, fields, report);
      break;
    case 'PARAM_TABLE':
      if (!nonEmptyArray(param.paramTableColumns)) report(place(), 'has no paramTableColumns; write at least one { param }');
      break;
    case 'GROUP':
      if (!isMember(param.groupStyle, GROUP_STYLES)) {
        report(place(), `groupStyle ${show(param.groupStyle)} is not a group style; write one of ${list(GROUP_STYLES)}`);
      }
      if (!Array.isArray(param.subParams)) report(place(), 'has no subParams; write the array of fields it groups');
      break;
    case 'LABEL':
      if (typeof param.displayName !== 'string') report(place(), 'has no displayName; write the text the label shows');
      break;
  }
  // A field type without validators already got "GTM has no key 'valueValidators'" above.
  if (isMember(type, VALIDATORS_OF)) checkValidators(param.valueValidators, type, param, place, fields, report);
  checkConditions(param.enablingConditions, (sub = '') => place(`.enablingConditions${sub}`), fields, param.name, report);
}

function checkSimpleColumns(columns: unknown, path: string, fields: Map<unknown, Site>, report: Report): void {
  if (!nonEmptyArray(columns)) {
    report(`${path}.simpleTableColumns`, "is empty; write at least one column { type: 'TEXT', name }");
    return;
  }
  const names = new Set<unknown>();
  columns.forEach((column, i) => {
    const at = `${path}.simpleTableColumns[${i}]`;
    if (!isObj(column)) {
      report(at, 'write a column object { type, name }');
      return;
    }
    const place: Place = (sub = '') => `${at}${sub} (column ${show(column.name)})`;
    unknownKeys(column, SIMPLE_TABLE_COLUMN.keys, 'a table column', place(), report);
    if (!nonEmptyString(column.name)) report(at, 'has no name; write the key this column has in each row');
    else if (names.has(column.name)) report(place(), `the column name "${column.name}" is used twice in this table; rename one`);
    names.add(column.name);
    if (column.type === 'SELECT') {
      checkItems(column.selectItems, false, (sub = '') => place(`.selectItems${sub}`), report);
      checkDefault(column.defaultValue, column.selectItems, place(), report);
    } else if (column.type !== 'TEXT') {
      report(place(), `${show(column.type)} is not a column type; write 'TEXT' or 'SELECT'`);
      return;
    }
    checkValidators(column.valueValidators, `${column.type}_COLUMN`, column, place, fields, report);
  });
}

// ----- items and defaults -----

function checkItems(items: unknown, variablesAllowed: boolean, place: Place, report: Report): void {
  if (!Array.isArray(items) || (items.length === 0 && !variablesAllowed)) {
    const or = variablesAllowed ? '' : ' (or set macrosInSelect: true to offer only variables)';
    report(place(), `needs at least one { value, displayValue } item${or}`);
    return;
  }
  const values: unknown[] = [];
  items.forEach((item, i) => {
    if (!isObj(item) || !isItemValue(item.value) || typeof item.displayValue !== 'string') {
      report(place(`[${i}]`), 'write { value, displayValue } with a string, number or boolean value and a string displayValue');
      return;
    }
    if (values.includes(item.value)) {
      report(place(`[${i}]`), `the value ${show(item.value)} is used by an earlier item; give each item its own value`);
    }
    values.push(item.value);
  });
}

function checkDefault(value: unknown, items: unknown, where: string, report: Report): void {
  if (value === undefined || !Array.isArray(items)) return;
  const values = itemValues(items);
  if (!values.includes(value)) {
    report(where, `defaultValue ${show(value)} is not one of the items; write one of ${values.map(show).join(', ')}`);
  }
}

// ----- validators -----

function checkValidators(
  validators: unknown,
  kind: keyof ValidatorTypesOf,
  owner: Obj,
  place: Place,
  fields: Map<unknown, Site>,
  report: Report,
): void {
  if (validators === undefined) return;
  if (!Array.isArray(validators)) {
    report(place('.valueValidators'), 'write an array of { type, args?, errorMessage? }');
    return;
  }
  const fits: Record<string, true> = VALIDATORS_OF[kind];
  const what = kind.endsWith('_COLUMN') ? `${kind.replace('_COLUMN', '')} column` : `${kind} field`;
  validators.forEach((validator, i) => {
    const at: Place = (sub = '') => place(`.valueValidators[${i}]${sub}`);
    if (!isObj(validator) || !isMember(validator.type, VALIDATOR_ARGS)) {
      const type = isObj(validator) ? validator.type : validator;
      report(at(), `${show(type)} is not a validator; write one of ${list(VALIDATOR_ARGS)}`);
      return;
    }
    const { type } = validator;
    unknownKeys(validator, VALIDATOR.keys, 'a validator', at(), report);
    if (!fits[type]) {
      report(at(), `a ${type} validator does not apply to a ${what}; use ${Object.keys(fits).join(', ')}`);
      return;
    }
    if (type === 'TABLE_ROW_COUNT' && kind === 'TEXT' && owner.textAsList !== true) {
      report(at(), 'TABLE_ROW_COUNT counts the lines of a list; set textAsList: true on the field, or use STRING_LENGTH');
    }
    checkArgs(type, validator.args, at(), report);
    // A validator may depend on its own field (e.g. run only while it is PRESENT).
    checkConditions(validator.enablingConditions, (sub = '') => at(`.enablingConditions${sub}`), fields, undefined, report);
  });
}

function checkArgs(type: ValidatorType, args: unknown, where: string, report: Report): void {
  const expected = VALIDATOR_ARGS[type];
  if (expected === 'none') {
    if (args !== undefined) report(where, `${type} takes no args; remove them`);
    return;
  }
  const wrong = (shape: string) => report(where, `${type} needs args ${shape}; got ${show(args)}`);
  if (!Array.isArray(args)) return wrong(`[${expected}]`);
  if (expected === 'pattern') {
    if (args.length !== 1 || typeof args[0] !== 'string') return wrong('[pattern] with one string');
    const problem = regexProblem(args[0]);
    if (problem) report(where, `REGEX pattern ${show(args[0])} is not a valid regular expression (${problem}); fix the pattern`);
    return;
  }
  const counts = expected === 'min, max' ? [2] : [1, 2];
  if (!counts.includes(args.length) || !args.every((n) => Number.isInteger(n) && n >= 0)) {
    return wrong(`[${expected}] of whole numbers from 0`);
  }
  if (args.length === 2 && args[0] > args[1]) report(where, `${type} min ${args[0]} is more than max ${args[1]}; swap them`);
}

function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

// ----- enabling conditions -----

function checkConditions(
  conditions: unknown,
  place: Place,
  fields: Map<unknown, Site>,
  ownName: unknown,
  report: Report,
): void {
  if (conditions === undefined) return;
  if (!Array.isArray(conditions)) {
    report(place(), 'write an array of { paramName, paramValue, type }');
    return;
  }
  conditions.forEach((condition, i) => {
    const at = place(`[${i}]`);
    if (!isObj(condition)) {
      report(at, 'write a condition { paramName, paramValue, type }');
      return;
    }
    unknownKeys(condition, ENABLING_CONDITION.keys, 'an enabling condition', at, report);
    const { paramName, paramValue, type } = condition;
    if (!isMember(type, CONDITION_TYPES)) {
      report(at, `${show(type)} is not a condition type; write one of ${list(CONDITION_TYPES)}`);
      return;
    }
    if (paramName === ownName) {
      report(at, 'a field cannot depend on itself; name another field');
      return;
    }
    const target = fields.get(paramName);
    if (!target) {
      const names = [...fields.keys()].map(show).join(', ');
      report(at, `there is no field named ${show(paramName)} to depend on; name one of ${names}`);
      return;
    }
    if (CONDITION_TYPES[type] === 'no value') {
      if (paramValue !== undefined && paramValue !== '') report(at, `${type} compares no value; remove paramValue`);
    } else if (paramValue === undefined) {
      report(at, `${type} needs a paramValue to compare ${show(paramName)} with`);
    } else {
      checkComparedValue(target, paramValue, at, report);
    }
  });
}

/** The value an EQUALS/NOT_EQUALS condition compares with must be one the field can hold. */
function checkComparedValue(target: Site, value: unknown, where: string, report: Report): void {
  const { param, type } = target;
  const name = show(param.name);
  if (type === 'CHECKBOX' && typeof value !== 'boolean') {
    report(where, `${name} is a CHECKBOX; compare it with true or false, not ${show(value)}`);
  }
  const fixedItems =
    type === 'RADIO' ? param.radioItems : type === 'SELECT' && param.macrosInSelect !== true ? param.selectItems : undefined;
  if (Array.isArray(fixedItems)) {
    const values = itemValues(fixedItems);
    if (!values.includes(value)) {
      report(where, `${name} has no item with the value ${show(value)}; compare with one of ${values.map(show).join(', ')}`);
    }
  }
}

// ----- helpers -----

function unknownKeys(obj: Obj, known: readonly string[], what: string, where: string, report: Report): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) report(where, `GTM has no key '${key}' on ${what}; known keys: ${known.join(', ')}`);
  }
}

function itemValues(items: readonly unknown[]): unknown[] {
  return items.filter(isObj).map((item) => item.value);
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMember<K extends string>(value: unknown, table: { readonly [key in K]: unknown }): value is K {
  return typeof value === 'string' && Object.hasOwn(table, value);
}

const isItemValue = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);
const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';
const nonEmptyArray = (value: unknown): value is unknown[] => Array.isArray(value) && value.length > 0;
const positiveInteger = (value: unknown) => Number.isInteger(value) && (value as number) > 0;
const list = (table: object) => Object.keys(table).join(', ');
const show = (value: unknown) => (value === undefined ? 'undefined' : JSON.stringify(value));
