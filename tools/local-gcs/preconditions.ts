// Generation preconditions, as query parameters: ifGenerationMatch=0 means "only if the object does not exist", which is
// how Pipes makes a retried batch upload idempotent (the second write gets 412).
import { GcsError, invalid, preconditionFailed } from './errors.ts';

export interface Preconditions {
  /** On reads: the generation asked for. Only the live generation is kept, so any other one is 404. */
  generation?: string;
  ifGenerationMatch?: string;
  ifGenerationNotMatch?: string;
  ifMetagenerationMatch?: string;
  ifMetagenerationNotMatch?: string;
}

const NAMES = ['generation', 'ifGenerationMatch', 'ifGenerationNotMatch', 'ifMetagenerationMatch', 'ifMetagenerationNotMatch'] as const;

export function preconditionsFrom(query: Record<string, unknown>): Preconditions {
  const result: Preconditions = {};
  for (const name of NAMES) {
    const value = query[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !/^\d+$/.test(value)) throw invalid(`Invalid value for ${name}: ${String(value)}. Use a generation number.`);
    result[name] = String(BigInt(value));
  }
  return result;
}

export interface Versioned {
  generation: string;
  metageneration: string;
}

/**
 * Throws 412 when a precondition does not hold for `current` (undefined: no such object). Reads answer a failed
 * "not match" condition with 304, as GCS does.
 */
export function checkPreconditions(p: Preconditions, current: Versioned | undefined, forRead = false): void {
  const generation = current?.generation ?? '0';
  const holds =
    (p.ifGenerationMatch === undefined || p.ifGenerationMatch === generation) &&
    (p.ifMetagenerationMatch === undefined || (current !== undefined && p.ifMetagenerationMatch === current.metageneration));
  if (!holds) throw preconditionFailed();
  const notMatchHolds =
    (p.ifGenerationNotMatch === undefined || p.ifGenerationNotMatch !== generation) &&
    (p.ifMetagenerationNotMatch === undefined || current === undefined || p.ifMetagenerationNotMatch !== current.metageneration);
  if (!notMatchHolds) throw forRead ? new GcsError(304, 'notModified', 'Not Modified') : preconditionFailed();
}
