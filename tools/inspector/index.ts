// The live event inspector: a Fastify plugin serving a page that shows what the Pipes client stored in the bucket,
// updated as objects land, plus the same data as JSON for tests. Mount it under a prefix of any Fastify 5 server.
import type { ServerResponse } from 'node:http';
import type { Storage } from '@google-cloud/storage';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { BucketReader, datasetPrefix } from './bucket.ts';
import { EventFeed, type Counters, type Entry, type Status, type Update } from './feed.ts';
import { renderPage } from './page.ts';

export type { Counters, Entry, JsonObject, Status, Update } from './feed.ts';

export interface InspectorOptions {
  /** The official client, configured with the bucket's endpoint and credentials (apiEndpoint for the local GCS). */
  storage: Storage;
  /** The bucket the Pipes client writes to, e.g. 'pipes-local'. */
  bucket: string;
  /** The client template's object prefix; '' when it writes at the bucket's root. Default 'pipes'. */
  objectPrefix?: string;
  /** How often the bucket is listed while a page is open, in ms. Default 500. */
  pollIntervalMs?: number;
  /** How many of the newest stored rows (and, separately, rejected entries) are kept and shown. Default 500. */
  maxRows?: number;
}

/** GET {prefix}/api/events: the newest rows of events/v1; 502 when the bucket could not be read (status.error). */
export interface EventsAnswer {
  events: Entry[];
  counters: Counters;
  status: Status;
}

/** GET {prefix}/api/rejected: the newest entries of rejected/v1 ({received_at, batch_id, index, reasons, event}). */
export interface RejectedAnswer {
  rejected: Entry[];
  counters: Counters;
  status: Status;
}

const limitQuery = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 10000, default: 100 } },
  additionalProperties: false,
} as const;

export const inspector: FastifyPluginAsync<InspectorOptions> = async (app, options) => {
  const { storage, bucket, objectPrefix = 'pipes', pollIntervalMs = 500, maxRows = 500 } = options;
  if (typeof bucket !== 'string' || bucket === '') throw new Error('inspector: `bucket` is required');
  if (!(pollIntervalMs > 0)) throw new Error('inspector: `pollIntervalMs` must be a positive number of milliseconds');
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new Error('inspector: `maxRows` must be a positive integer');

  const feed = new EventFeed(new BucketReader(storage, objectPrefix, bucket), { maxRows, pollIntervalMs });
  const page = renderPage({
    streamUrl: `${app.prefix}/events/stream`,
    maxRows,
    bucket: `gs://${bucket}`,
    eventsLocation: `gs://${bucket}/${datasetPrefix(objectPrefix, 'events')}`,
    rejectedLocation: `gs://${bucket}/${datasetPrefix(objectPrefix, 'rejected')}`,
  });
  const streams = new Set<ServerResponse>();

  // Open streams would keep server.close() waiting; end them before it is called.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
  app.addHook('onClose', () => feed.close());

  app.get('/', (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', page.csp).header('cache-control', 'no-store').send(page.html),
  );

  app.get('/events/stream', (_request, reply) => {
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    stream.write('retry: 2000\n\n');
    streams.add(stream);
    const unsubscribe = feed.subscribe((update) => {
      if (!stream.writableEnded) stream.write(`event: update\ndata: ${JSON.stringify(update)}\n\n`);
    });
    stream.on('close', () => {
      unsubscribe();
      streams.delete(stream);
    });
  });

  /** Reads the bucket first, so whatever was stored before the request is in the answer. */
  const current = async (reply: FastifyReply): Promise<Update> => {
    await feed.sync();
    const state = feed.snapshot();
    if (state.status.error !== null) reply.code(502);
    return state;
  };
  app.get<{ Querystring: { limit: number } }>('/api/events', { schema: { querystring: limitQuery } }, async (request, reply): Promise<EventsAnswer> => {
    const { events, counters, status } = await current(reply);
    return { events: events.slice(0, request.query.limit), counters, status };
  });
  app.get<{ Querystring: { limit: number } }>('/api/rejected', { schema: { querystring: limitQuery } }, async (request, reply): Promise<RejectedAnswer> => {
    const { rejected, counters, status } = await current(reply);
    return { rejected: rejected.slice(0, request.query.limit), counters, status };
  });
};

export default inspector;
