// The payload of a collect request: the POST body, or for the pixel fallback the `e` query parameter, which holds a
// batch (what the tracker sends) or a single bare event. Size limits come before parsing.
import { exceedsBytes } from './limits.ts';
import { isArray, isObject, type JsonObject } from './validate.ts';
const getRequestBody = require('getRequestBody');
const getRequestQueryParameter = require('getRequestQueryParameter');

export type Payload = { ok: true; batch: JsonObject } | { ok: false; status: 400 | 413; error: string };

/** A bare event in `e` becomes a batch of one; its event_id names the batch, so a retried pixel stays one object. */
function asBatch(value: JsonObject): JsonObject {
  if (value.events !== undefined || value.v !== undefined || value.event_id === undefined) return value;
  return { v: 1, batch_id: value.event_id, sent_at: value.ts, events: [value] };
}

export function readPayload(method: string, maxBodyBytes: number, maxEvents: number): Payload {
  const text = method === 'POST' ? getRequestBody() : getRequestQueryParameter('e');
  if (!text) return { ok: false, status: 400, error: method === 'POST' ? 'the body is empty: send a wire format v1 batch' : 'the e query parameter is missing' };
  if (exceedsBytes(text, maxBodyBytes)) return { ok: false, status: 413, error: 'the payload is larger than ' + maxBodyBytes + ' bytes' };
  const parsed = JSON.parse(text);
  if (!isObject(parsed)) return { ok: false, status: 400, error: 'the payload is not a JSON object' };
  const batch = asBatch(parsed);
  if (isArray(batch.events) && batch.events.length > maxEvents) {
    return { ok: false, status: 413, error: 'the batch holds more than ' + maxEvents + ' events: send smaller batches' };
  }
  return { ok: true, batch: batch };
}
