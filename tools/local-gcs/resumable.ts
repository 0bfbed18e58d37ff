// Resumable upload sessions. The init POST creates one and answers with its absolute session URL; each PUT appends
// bytes from its Content-Range. Until the total is known and reached the answer is 308 with `Range: bytes=0-N`
// (the last byte stored), which is how a client learns where to continue after an interruption.
import { randomUUID } from 'node:crypto';
import { invalid } from './errors.ts';
import type { GcsError } from './errors.ts';
import type { Preconditions } from './preconditions.ts';
import type { ObjectAttributes, StoredObject } from './store.ts';

export interface UploadSession {
  id: string;
  bucket: string;
  name: string;
  attributes: ObjectAttributes;
  /** Hashes the uploader declared in the init metadata, checked when the upload completes. */
  declaredHashes: { crc32c?: string; md5Hash?: string };
  preconditions: Preconditions;
  /** Temporary file holding the bytes received so far. */
  file: string;
  received: number;
  outcome?: { object: StoredObject } | { error: GcsError };
  finishedAt?: number;
}

/**
 * A parsed Content-Range of a session PUT. `first` undefined: a status query (the range is "*"). `last` undefined: the
 * body runs to the end of the object (the last byte is "*", as in the Node client's single-request uploads).
 */
export interface ChunkRange {
  first?: number;
  last?: number;
  total?: number;
}

export function parseContentRange(header: string | undefined): ChunkRange {
  if (header === undefined) return { first: 0 };
  const match = /^bytes (?:\*|(\d+)-(\d+|\*))\/(\d+|\*)$/.exec(header.trim());
  if (!match) throw invalid(`Invalid Content-Range: '${header}'. Use 'bytes FIRST-LAST/TOTAL', 'bytes FIRST-LAST/*' or 'bytes */TOTAL'.`);
  const [, first, last, total] = match;
  const range: ChunkRange = {};
  if (first !== undefined) range.first = Number(first);
  if (last !== undefined && last !== '*') range.last = Number(last);
  if (total !== '*') range.total = Number(total);
  if (range.first !== undefined && range.last !== undefined && range.last < range.first) {
    throw invalid(`Invalid Content-Range: '${header}': the last byte comes before the first.`);
  }
  return range;
}

/** The 308 answer's Range header value, or undefined when nothing has been stored yet. */
export function storedRange(received: number): string | undefined {
  return received > 0 ? `bytes=0-${received - 1}` : undefined;
}

const FINISHED_SESSION_TTL_MS = 10 * 60_000;

export class UploadSessions {
  #sessions = new Map<string, UploadSession>();

  create(fields: Omit<UploadSession, 'id' | 'received'>): UploadSession {
    this.#forgetOldFinished();
    const session: UploadSession = { ...fields, id: randomUUID().replaceAll('-', ''), received: 0 };
    this.#sessions.set(session.id, session);
    return session;
  }

  get(id: string): UploadSession | undefined {
    return this.#sessions.get(id);
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  finish(session: UploadSession, outcome: NonNullable<UploadSession['outcome']>): void {
    session.outcome = outcome;
    session.finishedAt = Date.now();
  }

  /** A finished session still answers its client's retries for a while, then is forgotten (GCS: 404 later). */
  #forgetOldFinished(): void {
    const cutoff = Date.now() - FINISHED_SESSION_TTL_MS;
    for (const [id, session] of this.#sessions) {
      if (session.finishedAt !== undefined && session.finishedAt < cutoff) this.#sessions.delete(id);
    }
  }
}
