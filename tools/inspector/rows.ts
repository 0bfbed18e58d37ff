// One stored object's NDJSON text → entries that sort newest first by a single string key, so that the page can merge
// what the stream sends without knowing how entries are ordered.
import type { ListedObject } from './bucket.ts';

export type JsonObject = Record<string, unknown>;

/** One line of a stored object: a row of `events/v1` or an entry of `rejected/v1`. */
export interface Entry {
  /** Unique, and ascending from oldest to newest: received_at (else the object's creation), object name, line. */
  key: string;
  /** The object's name in the bucket. */
  object: string;
  /** 1-based line number in the object. */
  line: number;
  /** The line as stored. */
  row: JsonObject;
}

export interface ParsedObject {
  entries: Entry[];
  /** Lines that are not a JSON object (blank lines excepted). */
  unreadable: number;
}

export function parseObject(object: ListedObject, text: string): ParsedObject {
  const entries: Entry[] = [];
  let unreadable = 0;
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const row = parseJsonObject(line);
    if (row === undefined) unreadable++;
    else entries.push({ key: keyOf(row, object, index + 1), object: object.name, line: index + 1, row });
  });
  return { entries, unreadable };
}

/** Newest first. */
export function byKeyDescending(a: Entry, b: Entry): number {
  return a.key < b.key ? 1 : a.key > b.key ? -1 : 0;
}

function keyOf(row: JsonObject, object: ListedObject, line: number): string {
  const receivedMs = typeof row.received_at === 'string' ? Date.parse(row.received_at) : NaN;
  const ms = Number.isFinite(receivedMs) && receivedMs >= 0 ? receivedMs : object.createdMs;
  return `${String(ms).padStart(15, '0')} ${object.name} ${String(line).padStart(7, '0')}`;
}

function parseJsonObject(line: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}
