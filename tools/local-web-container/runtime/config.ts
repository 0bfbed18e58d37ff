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

export type TriggerType =
  | 'CONSENT_INIT'
  | 'INIT'
  | 'PAGEVIEW'
  | 'DOM_READY'
  | 'WINDOW_LOADED'
  | 'CUSTOM_EVENT'
  | 'CLICK'
  | 'LINK_CLICK'
  | 'HISTORY_CHANGE'
  | 'FORM_SUBMISSION'
  | 'TIMER';

export interface TriggerConfig {
  id: string;
  name: string;
  type: TriggerType;
  /** customEventFilter (CUSTOM_EVENT only): which event names */
  eventConditions: Condition[];
  /** filter and autoEventFilter (TIMER: filter only): when the trigger fires */
  conditions: Condition[];
  /** FORM_SUBMISSION, LINK_CLICK: only when the page did not cancel the submit or click */
  checkValidation?: boolean;
  /** FORM_SUBMISSION, LINK_CLICK: hold the navigation until the event's tags ended, at most this long */
  waitForTagsMs?: number;
  /** TIMER: the event it pushes every intervalMs, at most `limit` times, once `enabledWhen` (autoEventFilter) held at gtm.js */
  timer?: { eventName: string; intervalMs: number; limit?: number; enabledWhen: Condition[] };
}

/** A table row of a Lookup Table (key matched exactly) or RegEx Table (key a pattern). */
export interface TableRow {
  key: string;
  value: ParameterValue;
}

export type VariableConfig =
  | { name: string; type: 'c'; value: string }
  | { name: string; type: 'v'; key: string; version: 1 | 2; defaultValue?: ParameterValue }
  | { name: string; type: 'u'; component: string; queryKey?: string; stripWww: boolean; source?: string }
  | { name: string; type: 'k'; cookie: string; decode: boolean }
  /** Auto-Event Variable: a property of the element of the current click/form/history event */
  | { name: string; type: 'aev'; varType: string; attribute?: string; component?: string; queryKey?: string; stripWww?: boolean; defaultValue?: ParameterValue }
  /** DOM Element: an element by ID or CSS selector, its attribute or (without one) its text */
  | { name: string; type: 'd'; selector: { id: string } | { css: string }; attribute?: string }
  | { name: string; type: 'smm'; input: string; rows: TableRow[]; defaultValue?: ParameterValue }
  | { name: string; type: 'remm'; input: string; rows: TableRow[]; defaultValue?: ParameterValue; ignoreCase: boolean; fullMatch: boolean; replace: boolean }
  /** JavaScript Variable: a global, by dotted path */
  | { name: string; type: 'j'; path: string }
  /** Custom Event */
  | { name: string; type: 'e' }
  /** Container Version Number */
  | { name: string; type: 'ctv' };

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
  /** containerVersion.containerVersionId ('0' for a workspace export) */
  containerVersion: string;
  debugMode: boolean;
  templates: Record<string, TemplateCode>;
  tags: TagConfig[];
  triggers: TriggerConfig[];
  variables: VariableConfig[];
  /** tags of the export the runtime does not run, with why (logged at boot in debug mode) */
  skipped: string[];
}

/** GTM's built-in triggers, referenced by id without a trigger[] entry, and the event each fires on. */
export const BUILT_IN_TRIGGERS: Readonly<Record<string, string>> = {
  '2147479553': 'gtm.js', // All Pages
  '2147479572': 'gtm.init_consent', // Consent Initialization - All Pages
  '2147479573': 'gtm.init', // Initialization - All Pages
};

/** The data layer event each trigger type listens to (CUSTOM_EVENT listens to all, TIMER to its own event name). */
export const TRIGGER_EVENTS: Readonly<Record<Exclude<TriggerType, 'CUSTOM_EVENT' | 'TIMER'>, readonly string[]>> = {
  CONSENT_INIT: ['gtm.init_consent'],
  INIT: ['gtm.init'],
  PAGEVIEW: ['gtm.js'],
  DOM_READY: ['gtm.dom'],
  WINDOW_LOADED: ['gtm.load'],
  CLICK: ['gtm.click'],
  LINK_CLICK: ['gtm.linkClick'],
  HISTORY_CHANGE: ['gtm.historyChange-v2', 'gtm.historyChange'],
  FORM_SUBMISSION: ['gtm.formSubmit'],
};

/**
 * The data layer key naming the triggers a listener event is for (comma-separated ids), as GTM's auto-events carry
 * it: a link click, form submission or timer event fires only the triggers it names, so that one trigger's
 * validation check or timer does not fire another's tags. Empty (an event the page pushed itself), it names them
 * all, as GTM's `(^$|(^|,)id($|,))` condition on the data layer value does.
 */
export const EVENT_TRIGGERS_KEY = 'gtm.triggers';

/** Trigger types whose events name the triggers they are for (EVENT_TRIGGERS_KEY). */
export const LISTENER_TRIGGER_TYPES: ReadonlySet<TriggerType> = new Set(['LINK_CLICK', 'FORM_SUBMISSION', 'TIMER']);

/**
 * Built-in variables by their display name, as the data layer key (or page/container property) they read. Click
 * and Form variables read the same keys: GTM's click and form events both describe their element with them.
 */
export const BUILT_IN_VARIABLES: Readonly<Record<string, string>> = {
  _event: 'event',
  Event: 'event',
  'Click Element': 'gtm.element',
  'Click Classes': 'gtm.elementClasses',
  'Click ID': 'gtm.elementId',
  'Click Target': 'gtm.elementTarget',
  'Click URL': 'gtm.elementUrl',
  'Click Text': 'gtm.elementText',
  'Form Element': 'gtm.element',
  'Form Classes': 'gtm.elementClasses',
  'Form ID': 'gtm.elementId',
  'Form Target': 'gtm.elementTarget',
  'Form URL': 'gtm.elementUrl',
  'Form Text': 'gtm.elementText',
  'New History URL': 'gtm.newUrl',
  'Old History URL': 'gtm.oldUrl',
  'New History Fragment': 'gtm.newUrlFragment',
  'Old History Fragment': 'gtm.oldUrlFragment',
  'New History State': 'gtm.newHistoryState',
  'Old History State': 'gtm.oldHistoryState',
  'History Source': 'gtm.historyChangeSource',
  'Page URL': 'page:URL',
  'Page Hostname': 'page:HOST',
  'Page Path': 'page:PATH',
  Referrer: 'page:REFERRER',
  'Container ID': 'container:ID',
  'Container Version': 'container:VERSION',
  'Debug Mode': 'container:DEBUG',
  'Random Number': 'container:RANDOM',
};

/** Auto-Event Variable types that are one data layer key of the current auto-event. */
export const AUTO_EVENT_KEYS: Readonly<Record<string, string>> = {
  ELEMENT: 'gtm.element',
  CLASSES: 'gtm.elementClasses',
  ID: 'gtm.elementId',
  TARGET: 'gtm.elementTarget',
  TEXT: 'gtm.elementText',
  HISTORY_NEW_URL: 'gtm.newUrl',
  HISTORY_OLD_URL: 'gtm.oldUrl',
  HISTORY_NEW_URL_FRAGMENT: 'gtm.newUrlFragment',
  HISTORY_OLD_URL_FRAGMENT: 'gtm.oldUrlFragment',
  HISTORY_NEW_STATE: 'gtm.newHistoryState',
  HISTORY_OLD_STATE: 'gtm.oldHistoryState',
  HISTORY_CHANGE_SOURCE: 'gtm.historyChangeSource',
};

/** Auto-Event Variable types read from the element itself: an attribute, a component of its URL. */
export const AUTO_EVENT_ELEMENT_TYPES: readonly string[] = ['ATTRIBUTE', 'URL'];
