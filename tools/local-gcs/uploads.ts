// POST/PUT /upload/storage/v1/b/<bucket>/o: media, multipart and resumable uploads. Bodies are taken raw whatever
// their Content-Type (an object may well be JSON), and streamed to a temporary file before the store renames it into
// place. A body left unread when the answer goes out (an error, a status query) is discarded by Node's HTTP server.
import { createWriteStream } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashBytes, ObjectHasher, type ObjectHashes } from './checksums.ts';
import { hashFile } from './disk.ts';
import { GcsError, invalid, required } from './errors.ts';
import { baseUrl, bodyOf, bucketOf, queryOf, readAll } from './http.ts';
import { KeyedLock } from './keyed-lock.ts';
import { parseMultipartRelated } from './multipart.ts';
import { checkBucketName, checkObjectName } from './names.ts';
import { preconditionsFrom } from './preconditions.ts';
import { objectResource } from './resources.ts';
import { parseContentRange, storedRange, UploadSessions, type UploadSession } from './resumable.ts';
import type { NewObject, ObjectAttributes, ObjectStore, StoredObject } from './store.ts';

const UPLOAD_PATH = '/upload/storage/v1/b/:bucket/o';

export function uploadRoutes(store: ObjectStore) {
  const sessions = new UploadSessions();
  const sessionLocks = new KeyedLock();

  return async function register(app: FastifyInstance): Promise<void> {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    app.post(UPLOAD_PATH, async (request, reply) => {
      const query = queryOf(request);
      switch (query.uploadType) {
        case 'media':
          return reply.send(objectResource(await mediaUpload(request), baseUrl(request)));
        case 'multipart':
          return reply.send(objectResource(await multipartUpload(request), baseUrl(request)));
        case 'resumable':
          return startSession(request, reply);
        default:
          throw invalid(`Unsupported uploadType '${query.uploadType ?? ''}'. Use uploadType=media, multipart or resumable.`);
      }
    });

    app.put(UPLOAD_PATH, async (request, reply) => {
      const session = sessionOf(request);
      return sessionLocks.run(session.id, () => continueSession(session, request, reply));
    });

    app.delete(UPLOAD_PATH, async (request, reply) => {
      const session = sessionOf(request);
      sessions.delete(session.id);
      await rm(session.file, { force: true });
      return reply.code(499).send();
    });
  };

  async function mediaUpload(request: FastifyRequest): Promise<StoredObject> {
    const query = queryOf(request);
    const { bucket, name } = target(request, query.name);
    const preconditions = preconditionsFrom(query);
    const file = store.tempPath();
    const hashes = await receive(bodyOf(request), file);
    const attributes: ObjectAttributes = {};
    if (request.headers['content-type']) attributes.contentType = request.headers['content-type'];
    if (query.contentEncoding) attributes.contentEncoding = query.contentEncoding;
    return commit({ bucket, name, file, hashes, attributes, preconditions }, hashHeader(request));
  }

  async function multipartUpload(request: FastifyRequest): Promise<StoredObject> {
    const query = queryOf(request);
    const preconditions = preconditionsFrom(query);
    const body = await readAll(bodyOf(request));
    const { metadata, media, mediaType } = parseMultipartRelated(body, request.headers['content-type'] ?? '');
    const { bucket, name } = target(request, query.name ?? stringField(metadata, 'name'));
    const file = store.tempPath();
    await writeFile(file, media);
    const attributes = attributesFrom(metadata);
    attributes.contentType ??= mediaType;
    const declared = { ...declaredHashes(metadata), ...hashHeader(request) };
    return commit({ bucket, name, file, hashes: hashBytes(media), attributes, preconditions }, declared);
  }

  async function startSession(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const query = queryOf(request);
    const preconditions = preconditionsFrom(query);
    const body = (await readAll(bodyOf(request))).toString('utf8').trim();
    const metadata = body ? parseJsonObject(body) : {};
    const { bucket, name } = target(request, query.name ?? stringField(metadata, 'name'));
    const attributes = attributesFrom(metadata);
    const announcedType = request.headers['x-upload-content-type'];
    if (typeof announcedType === 'string') attributes.contentType ??= announcedType;
    const file = store.tempPath();
    await writeFile(file, '');
    const session = sessions.create({
      bucket,
      name,
      attributes,
      declaredHashes: declaredHashes(metadata),
      preconditions,
      file,
    });
    const location = `${baseUrl(request)}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${session.id}`;
    return reply.header('Location', location).header('X-GUploader-UploadID', session.id).send();
  }

  function sessionOf(request: FastifyRequest): UploadSession {
    const id = queryOf(request).upload_id;
    if (!id) throw required('upload_id');
    const session = sessions.get(id);
    if (!session || session.bucket !== bucketOf(request)) {
      throw new GcsError(404, 'notFound', `No such upload session: ${id}. Start a new resumable upload.`);
    }
    return session;
  }

  async function continueSession(session: UploadSession, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    if (session.outcome) {
      if ('error' in session.outcome) throw session.outcome.error;
      return reply.send(objectResource(session.outcome.object, baseUrl(request)));
    }
    const range = parseContentRange(request.headers['content-range']);
    let complete: boolean;
    if (range.first === undefined) {
      complete = range.total === session.received;
    } else {
      if (range.first > session.received) {
        throw invalid(`Content-Range starts at byte ${range.first} but only ${session.received} bytes were stored; continue from byte ${session.received}.`);
      }
      try {
        await pipeline(bodyOf(request), skipFirst(session.received - range.first), createWriteStream(session.file, { flags: 'a' }));
      } finally {
        // What reached the file counts, even when the client went away mid-chunk.
        session.received = (await stat(session.file)).size;
      }
      complete = range.total === undefined ? range.last === undefined : session.received === range.total;
    }
    if (range.total !== undefined && session.received > range.total) {
      throw invalid(`Received ${session.received} bytes, more than the total of ${range.total} in Content-Range.`);
    }
    if (!complete) {
      const stored = storedRange(session.received);
      if (stored) reply.header('Range', stored);
      return reply.code(308).send();
    }
    try {
      const { bucket, name, file, attributes, preconditions } = session;
      const hashes = await hashFile(file);
      const object = await commit({ bucket, name, file, hashes, attributes, preconditions }, { ...session.declaredHashes, ...hashHeader(request) });
      sessions.finish(session, { object });
      return reply.send(objectResource(object, baseUrl(request)));
    } catch (error) {
      if (error instanceof GcsError) sessions.finish(session, { error });
      throw error;
    }
  }

  /** Stores the upload unless the hashes its client declared differ from what arrived. */
  async function commit(upload: NewObject, declared: Partial<ObjectHashes>): Promise<StoredObject> {
    try {
      checkDeclared(upload.hashes, declared);
    } catch (error) {
      await rm(upload.file, { force: true });
      throw error;
    }
    return store.commit(upload);
  }
}

function target(request: FastifyRequest, name: string | undefined): { bucket: string; name: string } {
  const bucket = bucketOf(request);
  checkBucketName(bucket);
  if (name === undefined) throw required('name');
  checkObjectName(name);
  return { bucket, name };
}

async function receive(body: Readable, file: string): Promise<ObjectHashes> {
  const hasher = new ObjectHasher();
  try {
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hasher.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(file),
    );
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return hasher.digest();
}

/** Drops the first `count` bytes: the part of a resent chunk the session already holds. */
function skipFirst(count: number) {
  return async function* (source: AsyncIterable<Buffer>) {
    let left = count;
    for await (const chunk of source) {
      if (left >= chunk.length) {
        left -= chunk.length;
        continue;
      }
      yield left > 0 ? chunk.subarray(left) : chunk;
      left = 0;
    }
  };
}

/** `X-Goog-Hash: crc32c=…,md5=…`, which the Node client sends with the last chunk of a resumable upload. */
function hashHeader(request: FastifyRequest): Partial<ObjectHashes> {
  const header = request.headers['x-goog-hash'];
  const declared: Partial<ObjectHashes> = {};
  for (const pair of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const at = pair.indexOf('=');
    const [kind, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    if (kind === 'crc32c') declared.crc32c = value;
    if (kind === 'md5') declared.md5Hash = value;
  }
  return declared;
}

function declaredHashes(metadata: Record<string, unknown>): Partial<ObjectHashes> {
  const declared: Partial<ObjectHashes> = {};
  const crc32c = stringField(metadata, 'crc32c');
  const md5Hash = stringField(metadata, 'md5Hash');
  if (crc32c) declared.crc32c = crc32c;
  if (md5Hash) declared.md5Hash = md5Hash;
  return declared;
}

function checkDeclared(actual: ObjectHashes, declared: Partial<ObjectHashes>): void {
  if (declared.crc32c !== undefined && declared.crc32c !== actual.crc32c) {
    throw invalid(`Provided CRC32C "${declared.crc32c}" doesn't match calculated CRC32C "${actual.crc32c}".`);
  }
  if (declared.md5Hash !== undefined && declared.md5Hash !== actual.md5Hash) {
    throw invalid(`Provided MD5 hash "${declared.md5Hash}" doesn't match calculated MD5 hash "${actual.md5Hash}".`);
  }
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('The body of a resumable upload start must be the object metadata as JSON, or empty.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('The object metadata must be a JSON object.');
  return value as Record<string, unknown>;
}

function stringField(metadata: Record<string, unknown>, field: string): string | undefined {
  const value = metadata[field];
  return typeof value === 'string' ? value : undefined;
}

const ATTRIBUTE_FIELDS = ['contentType', 'contentEncoding', 'contentDisposition', 'contentLanguage', 'cacheControl'] as const;

/** The writable object metadata from an upload's JSON (other fields GCS computes itself or this server ignores). */
function attributesFrom(metadata: Record<string, unknown>): ObjectAttributes {
  const attributes: ObjectAttributes = {};
  for (const field of ATTRIBUTE_FIELDS) {
    const value = stringField(metadata, field);
    if (value) attributes[field] = value;
  }
  const custom = metadata.metadata;
  if (custom && typeof custom === 'object' && !Array.isArray(custom)) {
    const entries = Object.entries(custom).filter(([, value]) => value !== null && value !== undefined);
    if (entries.length > 0) attributes.metadata = Object.fromEntries(entries.map(([key, value]) => [key, String(value)]));
  }
  return attributes;
}
