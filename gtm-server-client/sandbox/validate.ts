// The rules of schema/wire-batch.v1.schema.json and schema/wire-event.v1.schema.json, by hand: the sandbox has no
// JSON Schema validator. Plain TypeScript on purpose (no require, `typeof` instead of getType), so that Node code
// imports this very file; schema/test/agreement.test.ts proves it gives ajv's verdict on generated payloads.
// Keep the two in step: a change here is a change to the schemas, and the other way round.
//
// Each issue reads `<JSON pointer>: <what is wrong>`, the pointer relative to the batch (or to the event).

/** The wire format's own cap (the schema's maxItems); the template's limit may be lower. */
export const MAX_EVENTS_PER_BATCH = 500;

export interface BatchVerdict {
  /** problems of the batch itself: v, batch_id, sent_at, the events list, unknown fields */
  envelope: string[];
  /** problems of each element of `events` (empty when `events` is not a list) */
  events: string[][];
}

export type JsonObject = { [key: string]: unknown };

type Check = (value: unknown, path: string, issues: string[]) => void;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !isArray(value);
}

/** Parsed JSON holds no functions, so only a list has a push method. */
export function isArray(value: unknown): value is unknown[] {
  return typeof value === 'object' && value !== null && typeof (value as { push?: unknown }).push === 'function';
}

const HEX = '0123456789abcdefABCDEF';
const DIGITS = '0123456789';

/** 8-4-4-4-12 hexadecimal digits, any version. */
export function isUuid(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    const c = value.charAt(i);
    if (dash ? c !== '-' : HEX.indexOf(c) === -1) return false;
  }
  return true;
}

/** The number written by `count` ASCII digits at `at`, or -1. */
function digitsAt(text: string, at: number, count: number): number {
  if (at + count > text.length) return -1;
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = DIGITS.indexOf(text.charAt(i));
    if (d === -1) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * RFC 3339 date-time as browsers write it: YYYY-MM-DDTHH:MM:SS, optional 1–9 fraction digits, then Z or ±HH:MM.
 * Fields are range-checked (month 01–12, day 01–31, hour 00–23, minute and second 00–59), not calendar-checked.
 */
function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || value.length < 20) return false;
  const t = value;
  const fieldsOk =
    digitsAt(t, 0, 4) >= 0 &&
    t.charAt(4) === '-' &&
    inRange(digitsAt(t, 5, 2), 1, 12) &&
    t.charAt(7) === '-' &&
    inRange(digitsAt(t, 8, 2), 1, 31) &&
    t.charAt(10) === 'T' &&
    inRange(digitsAt(t, 11, 2), 0, 23) &&
    t.charAt(13) === ':' &&
    inRange(digitsAt(t, 14, 2), 0, 59) &&
    t.charAt(16) === ':' &&
    inRange(digitsAt(t, 17, 2), 0, 59);
  if (!fieldsOk) return false;
  let at = 19;
  if (t.charAt(at) === '.') {
    let fraction = 0;
    while (at + 1 + fraction < t.length && DIGITS.indexOf(t.charAt(at + 1 + fraction)) !== -1) fraction++;
    if (fraction < 1 || fraction > 9) return false;
    at += 1 + fraction;
  }
  const zone = t.substring(at);
  if (zone === 'Z') return true;
  return (
    zone.length === 6 &&
    (zone.charAt(0) === '+' || zone.charAt(0) === '-') &&
    inRange(digitsAt(zone, 1, 2), 0, 23) &&
    zone.charAt(3) === ':' &&
    inRange(digitsAt(zone, 4, 2), 0, 59)
  );
}

function inRange(n: number, min: number, max: number): boolean {
  return n >= min && n <= max;
}

/** Length in Unicode code points, as JSON Schema's minLength and maxLength count (a surrogate pair is one). */
function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c >= '\uD800' && c <= '\uDBFF' && i + 1 < text.length) {
      const next = text.charAt(i + 1);
      if (next >= '\uDC00' && next <= '\uDFFF') i++;
    }
    n++;
  }
  return n;
}

// ----- checks, one per kind of JSON Schema used -----

const string = (min: number, max: number): Check => (value, path, issues) => {
  if (typeof value !== 'string') {
    issues.push(path + ': must be a string');
    return;
  }
  // Code points lie between half the UTF-16 length and the length: count them only when that does not decide.
  if (value.length <= max && value.length >= 2 * min) return;
  const length = codePoints(value);
  if (length < min) issues.push(path + ': must not be empty');
  else if (length > max) issues.push(path + ': must be at most ' + max + ' characters');
};

/**
 * Whether Math.floor(value) === value, without Math.floor, which is an API call in GTM. Infinities (1e999 in JSON)
 * are whole too: they are the only numbers besides NaN whose difference with themselves is not 0.
 */
function isWhole(value: number): boolean {
  return value % 1 === 0 || (value === value && value - value !== 0);
}

const integer = (min: number, max: number): Check => (value, path, issues) => {
  if (typeof value !== 'number' || !isWhole(value)) issues.push(path + ': must be a whole number');
  else if (value < min || value > max) issues.push(path + ': must be from ' + min + ' to ' + max);
};

const oneOf = (values: string[]): Check => (value, path, issues) => {
  if (typeof value !== 'string' || values.indexOf(value) === -1) issues.push(path + ': must be one of ' + values.join(', '));
};

const uuid: Check = (value, path, issues) => {
  if (!isUuid(value)) issues.push(path + ': must be a UUID');
};

const uuidOrNull: Check = (value, path, issues) => {
  if (value !== null && !isUuid(value)) issues.push(path + ': must be a UUID or null');
};

const timestamp: Check = (value, path, issues) => {
  if (!isTimestamp(value)) issues.push(path + ': must be an RFC 3339 timestamp such as 2025-05-22T20:30:30.456Z');
};

const anyObject: Check = (value, path, issues) => {
  if (!isObject(value)) issues.push(path + ': must be an object');
};

/** An object with these fields and no others; `required` lists the ones that must be present. */
const object = (fields: { [name: string]: Check }, required: string[]): Check => {
  // In GTM, Object.keys is an API call: the field names are listed once, the value's once per check.
  const fieldNames = Object.keys(fields);
  return (value, path, issues) => {
    if (!isObject(value)) {
      issues.push(path + ': must be an object');
      return;
    }
    const names = Object.keys(value);
    for (const name of required) {
      if (names.indexOf(name) === -1) issues.push(path + '/' + name + ': is required');
    }
    for (const name of names) {
      const check = fieldNames.indexOf(name) === -1 ? undefined : fields[name];
      if (check) check(value[name], path + '/' + name, issues);
      else issues.push(path + '/' + pointerToken(name) + ': is not a field of the wire format');
    }
  };
};

/** JSON Pointer escaping, so that an odd field name cannot fake a path. */
function pointerToken(name: string): string {
  return name.split('~').join('~0').split('/').join('~1');
}

// ----- the wire format v1 -----

const size = object({ width: integer(0, 100000), height: integer(0, 100000) }, ['width', 'height']);

const context = object(
  {
    page: object(
      { url: string(0, 2048), path: string(0, 2048), referrer: string(0, 2048), title: string(0, 1024) },
      ['url', 'path'],
    ),
    screen: size,
    viewport: size,
    locale: string(0, 35),
    timezone: string(0, 64),
    library: object({ name: string(1, 64), version: string(1, 32) }, ['name', 'version']),
    consent: oneOf(['none', 'pending', 'granted', 'denied']),
  },
  ['page', 'library'],
);

const event = object(
  {
    event_id: uuid,
    type: oneOf(['page', 'screen', 'track', 'identify']),
    event: string(1, 128),
    ts: timestamp,
    anonymous_id: uuidOrNull,
    session_id: uuidOrNull,
    user_id: string(1, 256),
    properties: anyObject,
    context: context,
  },
  ['event_id', 'type', 'event', 'ts', 'anonymous_id', 'session_id', 'properties', 'context'],
);

/** The problems of one event; none means it follows the wire format. */
export function validateEvent(value: unknown): string[] {
  const issues: string[] = [];
  event(value, '', issues);
  return issues;
}

/** The batch's own problems, and each event's. The batch is valid when neither has any. */
export function validateBatch(value: unknown): BatchVerdict {
  const envelope: string[] = [];
  const events: string[][] = [];
  const envelopeFields: { [name: string]: Check } = {
    v: (v, path, issues) => {
      if (v !== 1) issues.push(path + ': must be 1 (this server speaks wire format v1)');
    },
    batch_id: uuid,
    sent_at: timestamp,
    events: (list, path, issues) => {
      if (!isArray(list)) {
        issues.push(path + ': must be a list');
        return;
      }
      if (list.length < 1) issues.push(path + ': must hold at least one event');
      if (list.length > MAX_EVENTS_PER_BATCH) issues.push(path + ': must hold at most ' + MAX_EVENTS_PER_BATCH + ' events');
      for (const item of list) events.push(validateEvent(item));
    },
  };
  object(envelopeFields, ['v', 'batch_id', 'sent_at', 'events'])(value, '', envelope);
  return { envelope: envelope, events: events };
}
