// GTM's container export (Admin → Export Container, or the API's containerVersion) read into the configuration the
// page runtime runs. Field names follow the export: containerVersion.{tag, trigger, variable, customTemplate};
// parameters are {type, key, value | list | map}; the API's lowercase spellings ('template', 'customEvent',
// 'matchRegex') are read as the export's upper-case ones. A trigger's own settings (waitForTags, checkValidation,
// waitForTagsTimeout; a timer's eventName, interval, limit) are top-level parameters of the trigger, without a key.
import { webTemplateCode } from '../gtm/emulator/web/template-code.ts';
import { readTemplateFile } from '../gtm/tpl/index.ts';
import { references } from './runtime/conditions.ts';
import { AUTO_EVENT_ELEMENT_TYPES, AUTO_EVENT_KEYS, BUILT_IN_TRIGGERS, BUILT_IN_VARIABLES, TRIGGER_EVENTS, type Condition, type ContainerConfig, type ParameterValue, type TableRow, type TagConfig, type TriggerConfig, type TriggerType, type VariableConfig } from './runtime/config.ts';

export interface ExportOptions {
  /** .tpl texts by the custom template's templateId or name (default: each customTemplate's templateData) */
  templates?: Readonly<Record<string, string>>;
  /** preview mode for the templates' logging (default true) */
  debugMode?: boolean;
}

interface Parameter {
  type?: string;
  key?: string;
  value?: string;
  list?: Parameter[];
  map?: Parameter[];
}

type Entity = Record<string, unknown> & { name?: string; type?: string; parameter?: Parameter[] };

/** An export that cannot run as written: says which entity and what to change. */
export class ContainerExportError extends Error {}

/** 'customEvent' and 'CUSTOM_EVENT' alike as 'CUSTOM_EVENT'. */
export function exportSpelling(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** A parameter as the template's data holds it: TEMPLATE text, BOOLEAN, INTEGER, LIST, MAP (nested alike). */
export function parameterValue(parameter: Parameter): ParameterValue {
  const type = exportSpelling(parameter.type ?? 'TEMPLATE');
  if (type === 'LIST') return (parameter.list ?? []).map(parameterValue);
  if (type === 'MAP') return parameters(parameter.map ?? []);
  if (type === 'BOOLEAN') return parameter.value === 'true';
  if (type === 'INTEGER') return Number(parameter.value);
  return parameter.value ?? '';
}

function parameters(list: readonly Parameter[]): Record<string, ParameterValue> {
  return Object.fromEntries(list.filter((p) => p.key !== undefined).map((p) => [p.key!, parameterValue(p)]));
}

function conditions(entity: Entity, field: string): Condition[] {
  const list = (entity[field] ?? []) as Entity[];
  return list.map((condition) => {
    const args = parameters(condition.parameter ?? []);
    return {
      operator: exportSpelling(condition.type ?? ''),
      arg0: String(args['arg0'] ?? ''),
      arg1: String(args['arg1'] ?? ''),
      negate: args['negate'] === true,
      ignoreCase: args['ignore_case'] === true,
    };
  });
}

const OPERATORS = new Set(['EQUALS', 'CONTAINS', 'STARTS_WITH', 'ENDS_WITH', 'MATCH_REGEX', 'CSS_SELECTOR', 'LESS', 'LESS_OR_EQUALS', 'GREATER', 'GREATER_OR_EQUALS']);
const TRIGGER_TYPES = new Set<string>([...Object.keys(TRIGGER_EVENTS), 'CUSTOM_EVENT', 'TIMER']);
/** GTM's waitForTagsTimeout (ms) when the export gives none, or 0 or less. */
const WAIT_FOR_TAGS_TIMEOUT = 2000;

/**
 * A trigger's top-level setting, a parameter without a key in exports ("waitForTags": {"type": "BOOLEAN", "value":
 * "true"}), as its value; undefined when absent.
 */
function setting(entity: Entity, field: string): ParameterValue | undefined {
  const parameter = entity[field] as Parameter | undefined;
  return parameter === undefined ? undefined : parameterValue(parameter);
}

function readTrigger(entity: Entity): TriggerConfig {
  const label = `trigger "${entity.name}"`;
  const type = exportSpelling(entity.type ?? '');
  if (!TRIGGER_TYPES.has(type)) throw new ContainerExportError(`${label} has type ${entity.type}; the local container runs ${[...TRIGGER_TYPES].join(', ')} triggers. Fire the tag from one of those instead.`);
  const trigger: TriggerConfig = {
    id: String(entity['triggerId']),
    name: entity.name ?? '',
    type: type as TriggerType,
    eventConditions: conditions(entity, 'customEventFilter'),
    conditions: [...conditions(entity, 'autoEventFilter'), ...conditions(entity, 'filter')],
  };
  if (type === 'FORM_SUBMISSION' || type === 'LINK_CLICK') {
    // left out of the export, gtm.js's link click listener takes both as on, its form listener as off
    const unset = type === 'LINK_CLICK';
    if ((setting(entity, 'checkValidation') ?? unset) === true) trigger.checkValidation = true;
    const timeout = Number(setting(entity, 'waitForTagsTimeout'));
    if ((setting(entity, 'waitForTags') ?? unset) === true) trigger.waitForTagsMs = timeout > 0 ? timeout : WAIT_FOR_TAGS_TIMEOUT;
  }
  if (type === 'TIMER') {
    const intervalMs = Number(setting(entity, 'interval'));
    if (!(intervalMs > 0)) throw new ContainerExportError(`${label} is a timer without an interval: give its interval in milliseconds`);
    const limit = Number(setting(entity, 'limit'));
    trigger.conditions = conditions(entity, 'filter');
    trigger.timer = { eventName: String(setting(entity, 'eventName') || 'gtm.timer'), intervalMs, ...(limit > 0 ? { limit } : {}), enabledWhen: conditions(entity, 'autoEventFilter') };
  }
  for (const c of [...trigger.eventConditions, ...trigger.conditions, ...(trigger.timer?.enabledWhen ?? [])]) {
    if (!OPERATORS.has(c.operator)) throw new ContainerExportError(`${label} has a condition of type ${c.operator}; write it with one of ${[...OPERATORS].join(', ')}.`);
  }
  return trigger;
}

/** A variable's default value: with setDefaultValue true, or (the API dictionary's shape) a defaultValue alone. */
function defaultValue(p: Record<string, ParameterValue>): { defaultValue?: ParameterValue } {
  const set = p['setDefaultValue'] === true || (p['setDefaultValue'] === undefined && p['defaultValue'] !== undefined);
  return set ? { defaultValue: p['defaultValue'] ?? '' } : {};
}

/** A Lookup or RegEx Table's rows: its `map` list of {key, value} maps. */
function tableRows(p: Record<string, ParameterValue>): TableRow[] {
  const rows = Array.isArray(p['map']) ? p['map'] : [];
  return rows.map((row) => {
    const { key, value } = (row ?? {}) as Record<string, ParameterValue>;
    return { key: String(key ?? ''), value: value ?? '' };
  });
}

const AUTO_EVENT_TYPES = [...Object.keys(AUTO_EVENT_KEYS), ...AUTO_EVENT_ELEMENT_TYPES];
const VARIABLE_TYPES = 'constants (c), data layer variables (v), URL (u), first-party cookies (k), auto-event variables (aev), DOM elements (d), lookup tables (smm), RegEx tables (remm), JavaScript variables (j), custom event (e) and container version (ctv)';

function readVariable(entity: Entity): VariableConfig | string {
  const name = entity.name ?? '';
  const p = parameters(entity.parameter ?? []);
  const text = (key: string) => (typeof p[key] === 'string' ? p[key] : '');
  switch (entity.type) {
    case 'c':
      return { name, type: 'c', value: String(p['value'] ?? '') };
    case 'v':
      return { name, type: 'v', key: String(p['name'] ?? ''), version: Number(p['dataLayerVersion']) === 1 ? 1 : 2, ...defaultValue(p) };
    case 'u':
      return {
        name,
        type: 'u',
        component: String(p['component'] ?? 'URL'),
        stripWww: p['stripWww'] === true,
        ...(typeof p['queryKey'] === 'string' ? { queryKey: p['queryKey'] } : {}),
        ...(p['customUrlSource'] ? { source: String(p['customUrlSource']) } : {}),
      };
    case 'k':
      return { name, type: 'k', cookie: String(p['name'] ?? ''), decode: p['decodeCookie'] === true };
    case 'aev': {
      const varType = text('varType');
      if (!AUTO_EVENT_TYPES.includes(varType)) return `variable "${name}" is an auto-event variable of type ${varType || '(none)'}; the local container reads ${AUTO_EVENT_TYPES.join(', ')}`;
      return {
        name,
        type: 'aev',
        varType,
        ...(varType === 'ATTRIBUTE' ? { attribute: text('attribute') } : {}),
        ...(varType === 'URL' ? { component: text('component') || 'URL', stripWww: p['stripWww'] === true, ...(text('queryKey') ? { queryKey: text('queryKey') } : {}) } : {}),
        ...defaultValue(p),
      };
    }
    case 'd':
      // selectorType ID (elementId) or CSS (elementSelector); attributeName optional
      return {
        name,
        type: 'd',
        selector: text('selectorType') === 'CSS' ? { css: text('elementSelector') } : { id: text('elementId') },
        ...(text('attributeName') ? { attribute: text('attributeName') } : {}),
      };
    case 'smm':
      return { name, type: 'smm', input: text('input'), rows: tableRows(p), ...defaultValue(p) };
    case 'remm':
      // a missing option reads as GTM's editor presets it: on
      return { name, type: 'remm', input: text('input'), rows: tableRows(p), ignoreCase: p['ignoreCase'] !== false, fullMatch: p['fullMatch'] !== false, replace: p['replaceAfterMatch'] !== false, ...defaultValue(p) };
    case 'j':
      return { name, type: 'j', path: text('name') };
    case 'e':
    case 'ctv':
      return { name, type: entity.type };
    default:
      return `variable "${name}" has type ${entity.type}; the local container knows ${VARIABLE_TYPES}`;
  }
}

/** The names of a template's "text as list" fields, sub-parameters of groups and radio items included. */
function listFields(parameters: readonly unknown[], names = new Set<string>()): Set<string> {
  for (const parameter of parameters) {
    const p = parameter as { name?: unknown; textAsList?: unknown; subParams?: unknown; radioItems?: { subParams?: unknown }[] };
    if (p.textAsList === true && typeof p.name === 'string') names.add(p.name);
    if (Array.isArray(p.subParams)) listFields(p.subParams, names);
    for (const item of Array.isArray(p.radioItems) ? p.radioItems : []) if (Array.isArray(item.subParams)) listFields(item.subParams, names);
  }
  return names;
}

/** Tag data as the template sees it: a "text as list" field, stored as text in exports, is the list of its lines. */
function withLists(data: Record<string, ParameterValue>, lists: ReadonlySet<string>): Record<string, ParameterValue> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, lists.has(key) && typeof value === 'string' ? value.split('\n') : value]));
}

/** The tag's template key and .tpl text, from the custom templates its type (cvt_…) names. */
function templateOf(tag: Entity, custom: readonly Entity[], texts: Readonly<Record<string, string>>): { key: string; text: string } | string {
  const type = tag.type ?? '';
  if (!type.startsWith('cvt_')) return `tag "${tag.name}" has built-in type ${type}; the local container runs custom templates only`;
  const template = custom.find((t) => {
    const gallery = (t['galleryReference'] as { galleryTemplateId?: string } | undefined)?.galleryTemplateId;
    return type === `cvt_${t['containerId']}_${t['templateId']}` || type === `cvt_${t['templateId']}` || (gallery !== undefined && type === `cvt_${gallery}`);
  });
  const candidates = [template?.['templateId'], template?.name, type].filter((k): k is string => typeof k === 'string');
  const key = candidates.find((k) => texts[k] !== undefined);
  if (key !== undefined) return { key, text: texts[key]! };
  if (typeof template?.['templateData'] === 'string' && template['templateData'] !== '') return { key: type, text: template['templateData'] };
  throw new ContainerExportError(`tag "${tag.name}" uses ${type}, but no template text was given for it: pass templates: { '${candidates[0] ?? type}': tplText }`);
}

/** The configuration of a container export's runnable tags; throws ContainerExportError where a tag cannot run. */
export function readContainerExport(exportJson: unknown, options: ExportOptions = {}): ContainerConfig {
  const root = exportJson as { containerVersion?: Record<string, unknown> } | null;
  const version = (root?.containerVersion ?? root) as Record<string, unknown> | null;
  if (!version || !Array.isArray(version['tag'])) throw new ContainerExportError('this is not a GTM container export: expected {"containerVersion": {"tag": [...], ...}}');
  const list = (field: string) => (version[field] ?? []) as Entity[];
  const container = version['container'] as { publicId?: string } | undefined;
  const config: ContainerConfig = { containerId: container?.publicId ?? 'GTM-LOCAL', containerVersion: String(version['containerVersionId'] ?? '0'), debugMode: options.debugMode ?? true, templates: {}, tags: [], triggers: [], variables: [], skipped: [] };

  const triggers = new Map(list('trigger').map((t) => [String(t['triggerId']), t]));
  const variables = new Map(list('variable').map((v) => [v.name ?? '', v]));
  const lists = new Map<string, Set<string>>();
  const usedTriggers = new Set<string>();
  const usedVariables = new Set<string>();
  const useReferences = (value: unknown, where: string): void => {
    for (const name of references(JSON.stringify(value))) {
      if (BUILT_IN_VARIABLES[name] !== undefined || usedVariables.has(name)) continue;
      const variable = variables.get(name);
      if (!variable) throw new ContainerExportError(`${where} references {{${name}}}, which is neither a variable of the export nor a built-in variable the local container knows (${Object.keys(BUILT_IN_VARIABLES).join(', ')})`);
      const read = readVariable(variable);
      if (typeof read === 'string') throw new ContainerExportError(`${where} references {{${name}}}: ${read}`);
      usedVariables.add(name);
      config.variables.push(read);
      useReferences(read, `variable "${name}"`);
    }
  };

  for (const tag of list('tag')) {
    if (tag['paused'] === true) continue;
    const template = templateOf(tag, list('customTemplate'), options.templates ?? {});
    if (typeof template === 'string') {
      config.skipped.push(template);
      continue;
    }
    if (!lists.has(template.key)) {
      config.templates[template.key] = webTemplateCode(template.text, template.key);
      lists.set(template.key, listFields(readTemplateFile(template.text).parameters));
    }
    const ids = (field: string) => ((tag[field] ?? []) as unknown[]).map(String);
    const entry: TagConfig = {
      id: String(tag['tagId']),
      name: tag.name ?? '',
      template: template.key,
      data: withLists(parameters(tag.parameter ?? []), lists.get(template.key)!),
      firingTriggerIds: ids('firingTriggerId'),
      blockingTriggerIds: ids('blockingTriggerId'),
      oncePerLoad: exportSpelling(String(tag['tagFiringOption'] ?? '')) === 'ONCE_PER_LOAD',
    };
    useReferences(entry.data, `tag "${entry.name}"`);
    for (const id of [...entry.firingTriggerIds, ...entry.blockingTriggerIds]) {
      if (BUILT_IN_TRIGGERS[id] !== undefined || usedTriggers.has(id)) continue;
      const trigger = triggers.get(id);
      if (!trigger) throw new ContainerExportError(`tag "${entry.name}" fires on trigger ${id}, which the export does not hold`);
      const read = readTrigger(trigger);
      useReferences([read.eventConditions, read.conditions], `trigger "${read.name}"`);
      usedTriggers.add(id);
      config.triggers.push(read);
    }
    config.tags.push(entry);
  }
  return config;
}
