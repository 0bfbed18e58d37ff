// GTM's container export (Admin → Export Container, or the API's containerVersion) read into the configuration the
// page runtime runs. Field names follow the export: containerVersion.{tag, trigger, variable, customTemplate};
// parameters are {type, key, value | list | map}; the API's lowercase spellings ('template', 'customEvent',
// 'matchRegex') are read as the export's upper-case ones.
import { webTemplateCode } from '../gtm/emulator/web/template-code.ts';
import { references } from './runtime/conditions.ts';
import { ALL_PAGES_TRIGGER_ID, BUILT_IN_VARIABLES, TRIGGER_EVENTS, type Condition, type ContainerConfig, type ParameterValue, type TagConfig, type TriggerConfig, type TriggerType, type VariableConfig } from './runtime/config.ts';

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
const TRIGGER_TYPES = new Set<string>([...Object.keys(TRIGGER_EVENTS), 'CUSTOM_EVENT']);

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
  for (const c of [...trigger.eventConditions, ...trigger.conditions]) {
    if (!OPERATORS.has(c.operator)) throw new ContainerExportError(`${label} has a condition of type ${c.operator}; write it with one of ${[...OPERATORS].join(', ')}.`);
  }
  return trigger;
}

function readVariable(entity: Entity): VariableConfig | string {
  const name = entity.name ?? '';
  const p = parameters(entity.parameter ?? []);
  switch (entity.type) {
    case 'c':
      return { name, type: 'c', value: String(p['value'] ?? '') };
    case 'v':
      return { name, type: 'v', key: String(p['name'] ?? ''), version: Number(p['dataLayerVersion']) === 1 ? 1 : 2, ...(p['setDefaultValue'] === true ? { defaultValue: p['defaultValue'] ?? '' } : {}) };
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
    default:
      return `variable "${name}" has type ${entity.type}; the local container knows constants (c), data layer variables (v), URL (u) and first-party cookies (k)`;
  }
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
  const config: ContainerConfig = { containerId: container?.publicId ?? 'GTM-LOCAL', debugMode: options.debugMode ?? true, templates: {}, tags: [], triggers: [], variables: [], skipped: [] };

  const triggers = new Map(list('trigger').map((t) => [String(t['triggerId']), t]));
  const variables = new Map(list('variable').map((v) => [v.name ?? '', v]));
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
    config.templates[template.key] ??= webTemplateCode(template.text, template.key);
    const ids = (field: string) => ((tag[field] ?? []) as unknown[]).map(String);
    const entry: TagConfig = {
      id: String(tag['tagId']),
      name: tag.name ?? '',
      template: template.key,
      data: parameters(tag.parameter ?? []),
      firingTriggerIds: ids('firingTriggerId'),
      blockingTriggerIds: ids('blockingTriggerId'),
      oncePerLoad: exportSpelling(String(tag['tagFiringOption'] ?? '')) === 'ONCE_PER_LOAD',
    };
    useReferences(entry.data, `tag "${entry.name}"`);
    for (const id of [...entry.firingTriggerIds, ...entry.blockingTriggerIds]) {
      if (id === ALL_PAGES_TRIGGER_ID || usedTriggers.has(id)) continue;
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
