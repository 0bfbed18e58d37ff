// The container configuration the page script runs: GTM's container export reduced to what the runtime needs,
// plain JSON so that Node (export.ts) can write it into the script. Parameter values keep `{{Variable}}` references;
// the runtime resolves them when an event fires a tag.
import type { TemplateCode } from '../../gtm/emulator/web/container.ts';

/** A parameter value as the template's `data` sees it, before `{{…}}` references are resolved. */
export type ParameterValue = string | boolean | number | null | ParameterValue[] | { [key: string]: ParameterValue };

/** One trigger condition: `arg0 <operator> arg1`, both sides possibly holding references. */
export interface Condition {
  /** GTM's operator in export spelling: EQUALS, CONTAINS, STARTS_WITH, ENDS_WITH, MATCH_REGEX, CSS_SELECTOR, LESS, … */
  operator: string;
  arg0: string;
  arg1: string;
  negate: boolean;
  ignoreCase: boolean;
}

export type TriggerType = 'PAGEVIEW' | 'DOM_READY' | 'WINDOW_LOADED' | 'CUSTOM_EVENT' | 'CLICK' | 'LINK_CLICK' | 'HISTORY_CHANGE';

export interface TriggerConfig {
  id: string;
  name: string;
  type: TriggerType;
  /** customEventFilter (CUSTOM_EVENT only): which event names */
  eventConditions: Condition[];
  /** filter and autoEventFilter: when the trigger fires */
  conditions: Condition[];
}

export type VariableConfig =
  | { name: string; type: 'c'; value: string }
  | { name: string; type: 'v'; key: string; version: 1 | 2; defaultValue?: ParameterValue }
  | { name: string; type: 'u'; component: string; queryKey?: string; stripWww: boolean; source?: string }
  | { name: string; type: 'k'; cookie: string; decode: boolean };

export interface TagConfig {
  id: string;
  name: string;
  /** key into ContainerConfig.templates */
  template: string;
  data: Record<string, ParameterValue>;
  firingTriggerIds: string[];
  blockingTriggerIds: string[];
  oncePerLoad: boolean;
}

export interface ContainerConfig {
  containerId: string;
  debugMode: boolean;
  templates: Record<string, TemplateCode>;
  tags: TagConfig[];
  triggers: TriggerConfig[];
  variables: VariableConfig[];
  /** tags of the export the runtime does not run, with why (logged at boot in debug mode) */
  skipped: string[];
}

/** GTM's built-in All Pages trigger, referenced by id without a trigger[] entry. */
export const ALL_PAGES_TRIGGER_ID = '2147479553';

/** The data layer event each trigger type listens to (CUSTOM_EVENT listens to all). */
export const TRIGGER_EVENTS: Readonly<Record<Exclude<TriggerType, 'CUSTOM_EVENT'>, readonly string[]>> = {
  PAGEVIEW: ['gtm.js'],
  DOM_READY: ['gtm.dom'],
  WINDOW_LOADED: ['gtm.load'],
  CLICK: ['gtm.click'],
  LINK_CLICK: ['gtm.linkClick'],
  HISTORY_CHANGE: ['gtm.historyChange-v2', 'gtm.historyChange'],
};

/** Built-in variables by their display name, as the data layer key (or page property) they read. */
export const BUILT_IN_VARIABLES: Readonly<Record<string, string>> = {
  _event: 'event',
  Event: 'event',
  'Click Element': 'gtm.element',
  'Click Classes': 'gtm.elementClasses',
  'Click ID': 'gtm.elementId',
  'Click Target': 'gtm.elementTarget',
  'Click URL': 'gtm.elementUrl',
  'Click Text': 'gtm.elementText',
  'New History Fragment': 'gtm.newUrlFragment',
  'Old History Fragment': 'gtm.oldUrlFragment',
  'New History State': 'gtm.newHistoryState',
  'Old History State': 'gtm.oldHistoryState',
  'History Source': 'gtm.historyChangeSource',
  'Page URL': 'page:URL',
  'Page Hostname': 'page:HOST',
  'Page Path': 'page:PATH',
  Referrer: 'page:REFERRER',
};
