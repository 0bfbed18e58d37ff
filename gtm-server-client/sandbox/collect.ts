// PREFIX/collect: CORS, opt-out, bots, the payload, validation, anonymization, storage, cookies, and only then the
// answer. 2xx means the bucket has the batch, so the tracker may forget it; anything else it retries or drops.
import { truncateIp } from './anonymize/ip.ts';
import { makeAnonymizer, type Anonymizer, type RequestFacts } from './anonymize/row.ts';
import { looksLikeBot, reduceUserAgent } from './anonymize/user-agent.ts';
import { runContainerFor } from './container.ts';
import { expireIdentifiers, isOptedOut, refreshAnonymousId } from './cookies.ts';
import { allowOrigin, answerPreflightHeaders, originVerdict } from './cors.ts';
import { limitIssues } from './limits.ts';
import { readPayload } from './request.ts';
import { respond, respondWithError } from './respond.ts';
import type { Settings } from './settings.ts';
import { objectName, storeObject, toNdjson, type Dataset, type StoreOutcome } from './storage.ts';
import { isoTimestamp } from './time.ts';
import { isUuid, validateBatch, type BatchVerdict, type JsonObject } from './validate.ts';
const Promise = require('Promise');
const getRemoteAddress = require('getRemoteAddress');
const getRequestHeader = require('getRequestHeader');
const getRequestMethod = require('getRequestMethod');
const getTimestampMillis = require('getTimestampMillis');
const logToConsole = require('logToConsole');
const returnResponse = require('returnResponse');
const setPixelResponse = require('setPixelResponse');
const setResponseHeader = require('setResponseHeader');

/** Enough reasons to see what is wrong, few enough that a hostile payload cannot inflate the answer. */
const MAX_REASONS = 20;

interface SortedEvents {
  rows: JsonObject[];
  rejected: JsonObject[];
  /** anonymous ids of the stored events (null ids left out) */
  anonymousIds: string[];
}

function requestFacts(settings: Settings, receivedAt: number, batchId: string, userAgent: string, bot: boolean): RequestFacts {
  const facts: RequestFacts = { receivedAt: isoTimestamp(receivedAt), batchId: batchId, bot: bot };
  if (settings.storeUserAgent) facts.userAgent = reduceUserAgent(userAgent);
  const ip = settings.storeIp ? truncateIp(getRemoteAddress() || '') : undefined;
  if (ip) facts.ip = ip;
  return facts;
}

/** Valid events become rows, the others rejected entries with their reasons (schema first, then the limits). */
function sortEvents(events: unknown[], verdicts: BatchVerdict, receivedAt: number, settings: Settings, anonymizer: Anonymizer): SortedEvents {
  const sorted: SortedEvents = { rows: [], rejected: [], anonymousIds: [] };
  events.forEach((item, index) => {
    const schemaIssues = verdicts.events[index];
    const issues = schemaIssues.length > 0 ? schemaIssues : limitIssues(item as JsonObject, receivedAt, settings.eventLimits);
    if (issues.length > 0) {
      sorted.rejected.push(anonymizer.rejected(item, index, issues.slice(0, MAX_REASONS)));
      return;
    }
    const event = item as JsonObject;
    sorted.rows.push(anonymizer.row(event));
    if (isUuid(event.anonymous_id)) sorted.anonymousIds.push(event.anonymous_id);
  });
  return sorted;
}

/** Both objects of the batch, written side by side; 'nothing' where there is nothing to write. */
function store(settings: Settings, receivedAt: number, batchId: string, sorted: SortedEvents): GtmPromise<(StoreOutcome | 'nothing')[]> {
  const write = (dataset: Dataset, rows: JsonObject[]): GtmPromise<StoreOutcome> | 'nothing' =>
    rows.length === 0 ? 'nothing' : storeObject(settings.storage, objectName(settings.storage, dataset, receivedAt, batchId), toNdjson(rows));
  return Promise.all([write('events', sorted.rows), write('rejected', sorted.rejected)]);
}

function answerStored(method: string, sorted: SortedEvents): void {
  if (method === 'GET') {
    setPixelResponse();
    returnResponse();
  } else respond(200, { stored: sorted.rows.length, rejected: sorted.rejected.length });
}

export function handleCollect(settings: Settings): void {
  const method = getRequestMethod();
  const origin = getRequestHeader('origin');
  const verdict = originVerdict(origin, settings.allowedOrigins);
  if (verdict === 'refused') {
    return respondWithError(403, "this origin may not send events here: add it to the client's allowed origins");
  }
  if (verdict === 'allowed') allowOrigin(origin as string);
  if (method === 'OPTIONS') {
    answerPreflightHeaders();
    return respond(204);
  }
  if (method !== 'POST' && method !== 'GET') {
    setResponseHeader('allow', 'POST, GET, OPTIONS');
    return respondWithError(405, 'send batches with POST (or one event with GET ?e=)');
  }
  if (isOptedOut(settings.cookies, settings.honourGpc)) {
    expireIdentifiers(settings.cookies);
    return respond(204);
  }
  const userAgent = getRequestHeader('user-agent') || '';
  const bot = looksLikeBot(userAgent);
  if (bot && settings.dropBots) return respond(204);

  const payload = readPayload(method, settings.maxBodyBytes, settings.maxEventsPerBatch);
  if (!payload.ok) return respondWithError(payload.status, payload.error);
  const verdicts = validateBatch(payload.batch);
  if (verdicts.envelope.length > 0) {
    return respondWithError(400, 'the batch does not follow wire format v1', verdicts.envelope.slice(0, MAX_REASONS));
  }

  const receivedAt = getTimestampMillis();
  const batchId = payload.batch.batch_id as string;
  const anonymizer = makeAnonymizer(settings.anonymize, requestFacts(settings, receivedAt, batchId, userAgent, bot));
  const sorted = sortEvents(payload.batch.events as unknown[], verdicts, receivedAt, settings, anonymizer);

  store(settings, receivedAt, batchId, sorted).then(
    (outcomes) => {
      refreshAnonymousId(settings.cookies, sorted.anonymousIds);
      const answer = (): void => answerStored(method, sorted);
      // A batch stored by an earlier attempt already went through the container: running it again would double
      // the events in GA4 and the other tags.
      if (settings.runContainer && outcomes[0] === 'created') runContainerFor(sorted.rows).then(answer, answer);
      else answer();
    },
    (reason) => {
      logToConsole('Pipes client: the bucket did not take batch ' + batchId + ' (' + reason + '); answering 503');
      setResponseHeader('retry-after', '' + settings.storage.retryAfterSeconds);
      respondWithError(503, 'storage is unavailable: retry later');
    },
  );
}
