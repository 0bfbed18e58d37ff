// What decides whether a tag fires, shared by the page runtime and Node tests: `{{Variable}}` references in
// values, trigger conditions, and which tags an event fires.
import { BUILT_IN_TRIGGERS, EVENT_TRIGGERS_KEY, LISTENER_TRIGGER_TYPES, TRIGGER_EVENTS, type Condition, type ParameterValue, type TagConfig, type TriggerConfig } from './config.ts';

/** A variable's value by name, at the moment of the current event. */
export type VariableLookup = (name: string) => unknown;

const REFERENCE = /\{\{([^{}]+)\}\}/g;

/** The names a text references. */
export function references(text: string): string[] {
  return [...text.matchAll(REFERENCE)].map((match) => match[1]!);
}

/**
 * A value with its references resolved: a text that is one reference gives the variable's own value (its type
 * kept, as GTM does), a text mixing references and text gives a string; lists and maps are resolved throughout.
 */
export function resolveValue(value: ParameterValue, lookup: VariableLookup): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{([^{}]+)\}\}$/.exec(value);
    if (whole) return lookup(whole[1]!);
    return value.replace(REFERENCE, (_, name: string) => String(lookup(name) ?? ''));
  }
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, lookup));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, lookup)]));
  return value;
}

/** Whether the element matches the selector; conditions on non-elements are false. */
export type SelectorMatch = (element: unknown, selector: string) => boolean;

export function conditionHolds(condition: Condition, lookup: VariableLookup, matches: SelectorMatch = () => false): boolean {
  const left = resolveValue(condition.arg0, lookup);
  const right = String(resolveValue(condition.arg1, lookup) ?? '');
  const result = compare(condition.operator, left, right, condition.ignoreCase, matches);
  return condition.negate ? !result : result;
}

function compare(operator: string, leftValue: unknown, right: string, ignoreCase: boolean, matches: SelectorMatch): boolean {
  if (operator === 'CSS_SELECTOR') return matches(leftValue, right);
  let left = leftValue === undefined || leftValue === null ? '' : String(leftValue);
  if (operator === 'MATCH_REGEX') return new RegExp(right, ignoreCase ? 'i' : '').test(left);
  if (['LESS', 'LESS_OR_EQUALS', 'GREATER', 'GREATER_OR_EQUALS'].includes(operator)) {
    const [a, b] = [Number(left), Number(right)];
    if (Number.isNaN(a) || Number.isNaN(b)) return false;
    return operator === 'LESS' ? a < b : operator === 'LESS_OR_EQUALS' ? a <= b : operator === 'GREATER' ? a > b : a >= b;
  }
  let other = right;
  if (ignoreCase) [left, other] = [left.toLowerCase(), right.toLowerCase()];
  switch (operator) {
    case 'EQUALS':
      return left === other;
    case 'CONTAINS':
      return left.includes(other);
    case 'STARTS_WITH':
      return left.startsWith(other);
    case 'ENDS_WITH':
      return left.endsWith(other);
    default:
      throw new Error(`unsupported condition operator ${operator}`);
  }
}

/** Whether a listener event's EVENT_TRIGGERS_KEY value names the trigger: it does when empty. */
function namesTrigger(value: unknown, id: string): boolean {
  const ids = String(value ?? '');
  return ids === '' || ids.split(',').includes(id);
}

/**
 * Whether the trigger fires on the event named `event`. `lookup` also answers EVENT_TRIGGERS_KEY: the triggers a
 * link click, form submission or timer event was pushed for.
 */
export function triggerFires(trigger: TriggerConfig, event: string, lookup: VariableLookup, matches?: SelectorMatch): boolean {
  if (trigger.type === 'CUSTOM_EVENT') {
    if (!trigger.eventConditions.every((c) => conditionHolds(c, lookup, matches))) return false;
  } else if (trigger.type === 'TIMER') {
    if (event !== trigger.timer?.eventName) return false;
  } else if (!TRIGGER_EVENTS[trigger.type].includes(event)) return false;
  if (LISTENER_TRIGGER_TYPES.has(trigger.type) && !namesTrigger(lookup(EVENT_TRIGGERS_KEY), trigger.id)) return false;
  return trigger.conditions.every((c) => conditionHolds(c, lookup, matches));
}

/** The tags the event fires: a firing trigger fires and no blocking trigger does. */
export function tagsToFire(tags: readonly TagConfig[], triggers: readonly TriggerConfig[], event: string, lookup: VariableLookup, matches?: SelectorMatch): TagConfig[] {
  const byId = new Map(triggers.map((t) => [t.id, t]));
  const fires = (id: string): boolean => {
    const builtIn = BUILT_IN_TRIGGERS[id];
    if (builtIn !== undefined) return event === builtIn;
    const trigger = byId.get(id);
    return trigger !== undefined && triggerFires(trigger, event, lookup, matches);
  };
  return tags.filter((tag) => tag.firingTriggerIds.some(fires) && !tag.blockingTriggerIds.some(fires));
}
