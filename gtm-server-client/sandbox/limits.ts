// The client's own limits on events that follow the wire format: how deep and how large properties may be, and how
// old (or how far in the future) an event may be. Plain TypeScript, no require, like validate.ts.
import { timestampMillis } from './time.ts';
import { isArray, isObject, type JsonObject } from './validate.ts';

export interface EventLimits {
  maxPropertyDepth: number;
  maxPropertyBytes: number;
  maxAgeMs: number;
}

/** Browser clocks run ahead by minutes, not days: an event further ahead than this is rejected. */
const MAX_FUTURE_MS = 24 * 3600 * 1000;

/** Whether `text` takes more than `max` bytes in UTF-8. Counts only when the UTF-16 length does not decide. */
export function exceedsBytes(text: string, max: number): boolean {
  if (text.length > max) return true; // every UTF-16 unit takes at least one byte
  if (text.length * 3 <= max) return false; // and at most three (a surrogate pair: four for two units)
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c < '\u0080') bytes += 1;
    else if (c < '\u0800') bytes += 2;
    else if (c >= '\uD800' && c <= '\uDBFF' && i + 1 < text.length && text.charAt(i + 1) >= '\uDC00' && text.charAt(i + 1) <= '\uDFFF') {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes > max;
}

/**
 * Whether objects and lists nest deeper than `max` levels: {a: 1} is 1 level, {a: {b: 1}} and {a: [1]} are 2.
 * It looks no deeper than max + 1, so a hostile payload nested thousands deep cannot exhaust the stack.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  let children: unknown[];
  if (isArray(value)) children = value;
  else if (isObject(value)) children = Object.keys(value).map((key) => value[key]);
  else return false;
  if (max <= 0) return true;
  return children.some((child) => nestsDeeperThan(child, max - 1));
}

/** Why an event that follows the wire format is still refused; none when it is within the limits. */
export function limitIssues(event: JsonObject, receivedAt: number, limits: EventLimits): string[] {
  const issues: string[] = [];
  const properties = event.properties;
  if (nestsDeeperThan(properties, limits.maxPropertyDepth)) {
    issues.push('/properties: nested deeper than ' + limits.maxPropertyDepth + ' levels');
  } else if (exceedsBytes(JSON.stringify(properties) || '', limits.maxPropertyBytes)) {
    issues.push('/properties: larger than ' + limits.maxPropertyBytes + ' bytes of JSON');
  }
  const at = timestampMillis(event.ts as string);
  if (at < receivedAt - limits.maxAgeMs) issues.push('/ts: more than ' + limits.maxAgeMs / 3600000 + ' hours old');
  if (at > receivedAt + MAX_FUTURE_MS) issues.push('/ts: more than 24 hours in the future');
  return issues;
}
