// From a valid event to the stored row, and from an invalid one to its entry among the rejected: URLs reduced,
// personal data redacted, the user id pseudonymized, and what the server knows about the request added in
// reduced form. Only ids, timestamps, enumerations and numbers leave this module as they arrived.
import { isArray, isObject, type JsonObject } from '../validate.ts';
import { isSensitiveKey, makeRedactor, type RedactionOptions } from './pii.ts';
import { isUrlLike, reduceUrl } from './url.ts';
import type { ReducedUserAgent } from './user-agent.ts';
import { pseudonymize, type UserIdOptions } from './user-id.ts';

export interface AnonymizeOptions {
  queryAllowlist: string[];
  redaction: RedactionOptions;
  userId: UserIdOptions;
}

/** What the server adds to every row of one request, already reduced. */
export interface RequestFacts {
  receivedAt: string;
  batchId: string;
  /** absent when the user agent is not stored */
  userAgent?: ReducedUserAgent;
  /** the truncated address; absent when IPs are not stored or the address was not recognised */
  ip?: string;
  bot: boolean;
}

export interface Anonymizer {
  row(event: JsonObject): JsonObject;
  rejected(item: unknown, index: number, reasons: string[]): JsonObject;
}

/** Rejected payloads can be anything: they are copied this deep, with strings cut to this length. */
const REJECTED_DEPTH = 8;
const REJECTED_STRING = 1024;
/** Valid events passed the depth and size limits already. */
const UNBOUNDED = 1000000000;

export function makeAnonymizer(options: AnonymizeOptions, facts: RequestFacts): Anonymizer {
  const redact = makeRedactor(options.redaction);

  // The events of a batch repeat most keys and many values: each distinct text is cleaned once per request. The
  // cache is bounded by the payload's size; 't' + text keeps every text clear of the names on Object.prototype.
  const cleaned: { [prefixedText: string]: string } = {};
  const cleanText = (text: string): string => {
    const known = cleaned['t' + text];
    if (known !== undefined) return known;
    const result = redact(isUrlLike(text) ? reduceUrl(text, options.queryAllowlist) : text);
    cleaned['t' + text] = result;
    return result;
  };

  /** A JSON value with every string (keys included) cleaned; numbers too, when their digits are a card number. */
  const cleanValue = (value: unknown, depth: number, maxString: number): unknown => {
    if (typeof value === 'string') return cleanText(value).substring(0, maxString);
    if (typeof value === 'number') {
      const digits = '' + value;
      const cleaned = redact(digits);
      return cleaned === digits ? value : cleaned;
    }
    if (!isArray(value) && !isObject(value)) return value;
    if (depth <= 0) return '[too deep]';
    if (isArray(value)) return value.map((item) => cleanValue(item, depth - 1, maxString));
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      out[cleanText(key)] = isSensitiveKey(key) && value[key] !== null ? '[redacted]' : cleanValue(value[key], depth - 1, maxString);
    }
    return out;
  };

  /** The page's URLs and title cleaned within the wire format's limits (redaction tokens can be longer than what they replace). */
  const cleanContext = (context: JsonObject): JsonObject => {
    const limits: { [field: string]: number } = { url: 2048, path: 2048, referrer: 2048, title: 1024 };
    const out: JsonObject = {};
    for (const key of Object.keys(context)) out[key] = cleanValue(context[key], 2, 64);
    const page = context.page as JsonObject;
    const cleanPage: JsonObject = {};
    for (const key of Object.keys(page)) cleanPage[key] = cleanText(page[key] as string).substring(0, limits[key]);
    out.page = cleanPage;
    return out;
  };

  const addFacts = (row: JsonObject): JsonObject => {
    row.received_at = facts.receivedAt;
    row.batch_id = facts.batchId;
    if (facts.userAgent) row.user_agent = facts.userAgent;
    if (facts.ip) row.ip = facts.ip;
    row.bot = facts.bot;
    return row;
  };

  return {
    row: (event) => {
      const row: JsonObject = {
        event_id: event.event_id,
        type: event.type,
        event: cleanText(event.event as string).substring(0, 128),
        ts: event.ts,
        anonymous_id: event.anonymous_id,
        session_id: event.session_id,
      };
      const userId = pseudonymize(event.user_id, options.userId);
      if (userId !== undefined) row.user_id = userId;
      row.properties = cleanValue(event.properties, UNBOUNDED, UNBOUNDED);
      row.context = cleanContext(event.context as JsonObject);
      return addFacts(row);
    },
    rejected: (item, index, reasons) => {
      const event = cleanValue(item, REJECTED_DEPTH, REJECTED_STRING);
      if (isObject(item) && isObject(event)) {
        const userId = pseudonymize(item.user_id, options.userId);
        if (userId === undefined) delete event.user_id;
        else event.user_id = userId;
      }
      return { received_at: facts.receivedAt, batch_id: facts.batchId, index: index, reasons: reasons, event: event };
    },
  };
}
