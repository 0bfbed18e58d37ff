// The JSON API's bucket and object routes (everything but uploads): /storage/v1/b…, and /download/storage/v1/b… for
// mediaLink downloads.
import { pipeline, Transform, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GcsError, invalid, required } from './errors.ts';
import { baseUrl, bucketOf, objectNameOf, queryOf } from './http.ts';
import { preconditionsFrom } from './preconditions.ts';
import { bucketResource, objectEtag, objectResource } from './resources.ts';
import type { ObjectPatch, ObjectStore, StoredObject } from './store.ts';

const OBJECT_PATH = '/storage/v1/b/:bucket/o/*';
const MAX_PAGE = 1000;

export function jsonApiRoutes(store: ObjectStore) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/storage/v1/b', async (request) => {
      const buckets = await store.listBuckets();
      const items = buckets.map((bucket) => bucketResource(bucket, baseUrl(request)));
      return items.length > 0 ? { kind: 'storage#buckets', items } : { kind: 'storage#buckets' };
    });

    app.post('/storage/v1/b', async (request) => {
      const name = (request.body as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string') throw required('resource.name');
      return bucketResource(await store.createBucket(name), baseUrl(request));
    });

    app.get('/storage/v1/b/:bucket', async (request) => bucketResource(await store.getBucket(bucketOf(request)), baseUrl(request)));

    app.delete('/storage/v1/b/:bucket', async (request, reply) => {
      await store.deleteBucket(bucketOf(request));
      return reply.code(204).send();
    });

    app.get('/storage/v1/b/:bucket/o', async (request) => {
      const query = queryOf(request);
      const listing = await store.list(bucketOf(request), {
        prefix: query.prefix ?? '',
        delimiter: query.delimiter || undefined,
        maxResults: pageSize(query.maxResults),
        pageToken: query.pageToken || undefined,
        startOffset: query.startOffset || undefined,
        endOffset: query.endOffset || undefined,
      });
      const body: Record<string, unknown> = { kind: 'storage#objects' };
      if (listing.nextPageToken) body.nextPageToken = listing.nextPageToken;
      if (listing.prefixes.length > 0) body.prefixes = listing.prefixes;
      if (listing.items.length > 0) body.items = listing.items.map((item) => objectResource(item, baseUrl(request)));
      return body;
    });

    // HEAD is declared with GET so that a media HEAD keeps the object's Content-Length (fastify's automatic HEAD
    // route would set 0, or read the whole file).
    app.route({
      method: ['GET', 'HEAD'],
      url: OBJECT_PATH,
      handler: async (request, reply) => {
        if (queryOf(request).alt === 'media') return download(request, reply);
        const object = await store.get(bucketOf(request), objectNameOf(request), preconditionsFrom(queryOf(request)));
        return objectResource(object, baseUrl(request));
      },
    });

    app.route({ method: ['GET', 'HEAD'], url: '/download/storage/v1/b/:bucket/o/*', handler: download });

    app.patch(OBJECT_PATH, async (request) => {
      const changes = patchFrom(request.body);
      const object = await store.patch(bucketOf(request), objectNameOf(request), changes, preconditionsFrom(queryOf(request)));
      return objectResource(object, baseUrl(request));
    });

    app.delete(OBJECT_PATH, async (request, reply) => {
      await store.delete(bucketOf(request), objectNameOf(request), preconditionsFrom(queryOf(request)));
      return reply.code(204).send();
    });
  };

  async function download(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { object, handle } = await store.openForRead(bucketOf(request), objectNameOf(request), preconditionsFrom(queryOf(request)));
    const range = byteRange(request.headers.range, object.size);
    if (range === 'unsatisfiable' || request.method === 'HEAD' || object.size === 0) await handle.close();
    if (range === 'unsatisfiable') {
      throw new GcsError(416, 'requestedRangeNotSatisfiable', `The requested range cannot be satisfied: ${request.headers.range}`, {
        'Content-Range': `bytes */${object.size}`,
      });
    }
    reply.headers(downloadHeaders(object));
    const [first, last] = range ?? [0, object.size - 1];
    if (range) reply.code(206).header('Content-Range', `bytes ${first}-${last}/${object.size}`);
    reply.header('Content-Length', String(last - first + 1));
    if (request.method === 'HEAD' || object.size === 0) return reply.send();
    return reply.send(failingIfShort(handle.createReadStream({ start: first, end: last }), last - first + 1));
  }
}

/**
 * The bytes of a download, failing if fewer come than its Content-Length announced (the file was cut short in place
 * after it was opened): a response that just ended early would leave the client waiting for the rest, while a failed
 * one is cut, and the client sees the error. Destroying the result (the client went away) closes the file.
 */
function failingIfShort(bytes: Readable, length: number): Readable {
  let sent = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sent += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      done(sent < length ? new Error(`The object's file shrank during the download: ${sent} of ${length} bytes sent.`) : null);
    },
  });
  // errors reach the reply through `counted`, which pipeline() destroys with them
  return pipeline(bytes, counted, () => {});
}

/** Headers of a media download; the Node client checks its CRC32C against x-goog-hash when the stored encoding is identity. */
function downloadHeaders(object: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': object.contentType,
    'Accept-Ranges': 'bytes',
    ETag: `"${objectEtag(object)}"`,
    'Last-Modified': new Date(object.updated).toUTCString(),
    'x-goog-generation': object.generation,
    'x-goog-metageneration': object.metageneration,
    'x-goog-hash': `crc32c=${object.crc32c},md5=${object.md5Hash}`,
    'x-goog-stored-content-length': String(object.size),
    'x-goog-stored-content-encoding': object.contentEncoding ?? 'identity',
    'x-goog-storage-class': 'STANDARD',
  };
  if (object.contentEncoding) headers['Content-Encoding'] = object.contentEncoding;
  if (object.contentDisposition) headers['Content-Disposition'] = object.contentDisposition;
  if (object.contentLanguage) headers['Content-Language'] = object.contentLanguage;
  if (object.cacheControl) headers['Cache-Control'] = object.cacheControl;
  // Header values must be Latin-1; a value that is not (a Unicode file name in a disposition) stays in the JSON resource only.
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value)));
}

/** A single `bytes=` range as [first, last] inclusive; undefined for the whole object (no or unsupported header). */
export function byteRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '') || size === 0) return undefined;
  const [, from, to] = match as unknown as [string, string, string];
  if (from === '') {
    const suffix = Number(to);
    return suffix === 0 ? 'unsatisfiable' : [Math.max(0, size - suffix), size - 1];
  }
  const first = Number(from);
  const last = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  return first >= size || last < first ? 'unsatisfiable' : [first, last];
}

function pageSize(value: string | undefined): number {
  if (value === undefined) return MAX_PAGE;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1) throw invalid(`Invalid maxResults: ${value}. Use a whole number from 1.`);
  return Math.min(size, MAX_PAGE);
}

const PATCHABLE = ['contentType', 'contentEncoding', 'contentDisposition', 'contentLanguage', 'cacheControl'] as const;

function patchFrom(body: unknown): ObjectPatch {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('Send the metadata changes as a JSON object.');
  const fields = body as Record<string, unknown>;
  const patch: ObjectPatch = {};
  for (const field of PATCHABLE) {
    if (typeof fields[field] === 'string') patch[field] = fields[field];
  }
  const custom = fields.metadata;
  if (custom === null) patch.metadata = null;
  else if (custom && typeof custom === 'object' && !Array.isArray(custom)) {
    patch.metadata = Object.fromEntries(Object.entries(custom).map(([key, value]) => [key, value === null ? null : String(value)]));
  }
  return patch;
}
