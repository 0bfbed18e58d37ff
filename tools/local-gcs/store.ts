// Buckets and objects on disk.
//
//   <data>/<bucket>/<object name>                   the object's bytes (slashes in the name are folders)
//   <data>/.local-gcs/metadata/<bucket>/<name>       its metadata as JSON (same relative path, so the two trees
//                                                    can never disagree about which names fit on disk)
//   <data>/.local-gcs/tmp/<server id>/               uploads in progress; removed when the server closes
//
// A metadata file records the size and mtime of the bytes it describes. When it is missing or no longer matches (a
// file copied or edited by hand), the metadata is derived from the file itself, so the folder stays the truth.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rm, rmdir, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ObjectHashes } from './checksums.ts';
import { errorCode, hashFile, removeEmptyFolders, renameInto, walkFiles } from './disk.ts';
import { GcsError, noSuchBucket, noSuchObject } from './errors.ts';
import { KeyedLock } from './keyed-lock.ts';
import { pageOf, type ListQuery } from './listing.ts';
import { checkBucketName, checkObjectName, pathInside } from './names.ts';
import { checkPreconditions, type Preconditions } from './preconditions.ts';

/** The metadata an upload or a patch may set. */
export interface ObjectAttributes {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
}

export interface StoredObject extends ObjectAttributes, ObjectHashes {
  bucket: string;
  name: string;
  generation: string;
  metageneration: string;
  contentType: string;
  size: number;
  timeCreated: string;
  updated: string;
  /** mtime of the file this metadata describes; a different mtime means the file changed behind the server's back. */
  fileMtimeMs: number;
}

export interface StoredBucket {
  name: string;
  timeCreated: string;
  updated: string;
}

export interface NewObject {
  bucket: string;
  name: string;
  /** A file from tempPath(); commit() moves it into place or deletes it. */
  file: string;
  hashes: ObjectHashes;
  attributes: ObjectAttributes;
  preconditions: Preconditions;
}

/** Changes to apply with patch(); a null metadata value removes that key, metadata: null removes them all. */
export type ObjectPatch = Omit<ObjectAttributes, 'metadata'> & { metadata?: Record<string, string | null> | null };

export interface ObjectList {
  items: StoredObject[];
  prefixes: string[];
  nextPageToken?: string;
}

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export class ObjectStore {
  readonly dataDir: string;
  readonly #autoCreateBuckets: boolean;
  readonly #metadataDir: string;
  readonly #tmpDir: string;
  readonly #locks = new KeyedLock();
  #lastGeneration = 0;

  constructor(dataDir: string, autoCreateBuckets: boolean) {
    this.dataDir = resolve(dataDir);
    this.#autoCreateBuckets = autoCreateBuckets;
    this.#metadataDir = join(this.dataDir, '.local-gcs', 'metadata');
    this.#tmpDir = join(this.dataDir, '.local-gcs', 'tmp', randomUUID());
  }

  async open(): Promise<void> {
    await mkdir(this.#tmpDir, { recursive: true });
  }

  async close(): Promise<void> {
    await rm(this.#tmpDir, { recursive: true, force: true });
  }

  tempPath(): string {
    return join(this.#tmpDir, randomUUID());
  }

  // Buckets ----------------------------------------------------------------------------------------------------------

  async listBuckets(): Promise<StoredBucket[]> {
    const entries = await readdir(this.dataDir, { withFileTypes: true });
    const names = entries.filter((e) => e.isDirectory() && isBucketName(e.name)).map((e) => e.name).sort();
    return Promise.all(names.map(async (name) => bucketFrom(name, await stat(join(this.dataDir, name)))));
  }

  /** With autoCreateBuckets every valid name exists; its folder appears with the first object written into it. */
  async getBucket(name: string): Promise<StoredBucket> {
    checkBucketName(name);
    try {
      return bucketFrom(name, await stat(this.#bucketDir(name)));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || !this.#autoCreateBuckets) throw noSuchBucket(name);
      const now = new Date().toISOString();
      return { name, timeCreated: now, updated: now };
    }
  }

  async createBucket(name: string): Promise<StoredBucket> {
    checkBucketName(name);
    try {
      await mkdir(this.#bucketDir(name));
    } catch (error) {
      if (errorCode(error) === 'EEXIST') {
        throw new GcsError(409, 'conflict', `The bucket ${name} already exists. Pick another name or use the existing bucket.`);
      }
      throw error;
    }
    return bucketFrom(name, await stat(this.#bucketDir(name)));
  }

  async deleteBucket(name: string): Promise<void> {
    checkBucketName(name);
    try {
      await rmdir(this.#bucketDir(name));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') throw noSuchBucket(name);
      if (errorCode(error) === 'ENOTEMPTY') throw new GcsError(409, 'conflict', `The bucket you tried to delete is not empty: ${name}`);
      throw error;
    }
    await rm(join(this.#metadataDir, name), { recursive: true, force: true });
  }

  // Objects ----------------------------------------------------------------------------------------------------------

  async commit(upload: NewObject): Promise<StoredObject> {
    try {
      await this.#bucketForWrite(upload.bucket);
      checkObjectName(upload.name);
      const target = this.#objectPath(upload.bucket, upload.name);
      const fileStats = await stat(upload.file);
      return await this.#locks.run(this.#key(upload.bucket, upload.name), async () => {
        const current = await this.#describe(upload.bucket, upload.name);
        checkPreconditions(upload.preconditions, current);
        const now = new Date().toISOString();
        const object: StoredObject = {
          ...upload.attributes,
          bucket: upload.bucket,
          name: upload.name,
          generation: this.#nextGeneration(),
          metageneration: '1',
          contentType: upload.attributes.contentType || DEFAULT_CONTENT_TYPE,
          size: fileStats.size,
          ...upload.hashes,
          timeCreated: now,
          updated: now,
          fileMtimeMs: fileStats.mtimeMs,
        };
        await this.#placeFile(upload.file, target, upload.name);
        await this.#writeMetadata(object);
        return object;
      });
    } finally {
      await rm(upload.file, { force: true });
    }
  }

  async get(bucket: string, name: string, preconditions: Preconditions = {}): Promise<StoredObject> {
    await this.#bucketForRead(bucket);
    checkObjectName(name);
    return this.#locks.run(this.#key(bucket, name), async () => this.#existing(bucket, name, preconditions));
  }

  /** The object and an open handle on its bytes, taken together so a concurrent overwrite cannot mix the two. */
  async openForRead(bucket: string, name: string, preconditions: Preconditions): Promise<{ object: StoredObject; handle: FileHandle }> {
    await this.#bucketForRead(bucket);
    checkObjectName(name);
    return this.#locks.run(this.#key(bucket, name), async () => {
      const object = await this.#existing(bucket, name, preconditions);
      return { object, handle: await open(this.#objectPath(bucket, name), 'r') };
    });
  }

  async patch(bucket: string, name: string, changes: ObjectPatch, preconditions: Preconditions): Promise<StoredObject> {
    await this.#bucketForRead(bucket);
    checkObjectName(name);
    return this.#locks.run(this.#key(bucket, name), async () => {
      const current = await this.#existing(bucket, name, preconditions);
      const { metadata, ...attributes } = changes;
      const patched: StoredObject = {
        ...current,
        ...attributes,
        metadata: mergeMetadata(current.metadata, metadata),
        contentType: attributes.contentType || current.contentType,
        metageneration: String(Number(current.metageneration) + 1),
        updated: new Date().toISOString(),
      };
      await this.#writeMetadata(patched);
      return patched;
    });
  }

  async delete(bucket: string, name: string, preconditions: Preconditions): Promise<void> {
    await this.#bucketForRead(bucket);
    checkObjectName(name);
    await this.#locks.run(this.#key(bucket, name), async () => {
      await this.#existing(bucket, name, preconditions);
      const file = this.#objectPath(bucket, name);
      const metadataFile = this.#metadataPath(bucket, name);
      await unlink(file);
      await rm(metadataFile, { force: true });
      await removeEmptyFolders(file, this.#bucketDir(bucket));
      await removeEmptyFolders(metadataFile, join(this.#metadataDir, bucket));
    });
  }

  async list(bucket: string, query: ListQuery): Promise<ObjectList> {
    await this.#bucketForRead(bucket);
    // Only the folder the prefix points into can hold matching names. Names sort by UTF-16 code units, which is
    // GCS's UTF-8 byte order for every name that does not mix characters above U+FFFF with U+E000-U+FFFF.
    const folder = query.prefix.slice(0, query.prefix.lastIndexOf('/') + 1);
    if (folder && !isPlainFolder(folder.slice(0, -1))) return { items: [], prefixes: [] };
    const start = folder ? pathInside(this.#bucketDir(bucket), folder.slice(0, -1)) : this.#bucketDir(bucket);
    const names = (await walkFiles(start, folder)).filter((n) => n.startsWith(query.prefix)).sort();
    const page = pageOf(names, query);
    const described = await Promise.all(page.names.map((name) => this.#locks.run(this.#key(bucket, name), () => this.#describe(bucket, name))));
    const result: ObjectList = { items: described.filter((o) => o !== undefined), prefixes: page.prefixes };
    if (page.nextPageToken) result.nextPageToken = page.nextPageToken;
    return result;
  }

  // Internals --------------------------------------------------------------------------------------------------------

  #bucketDir(bucket: string): string {
    return join(this.dataDir, bucket);
  }

  #objectPath(bucket: string, name: string): string {
    return pathInside(this.#bucketDir(bucket), name);
  }

  #metadataPath(bucket: string, name: string): string {
    return pathInside(join(this.#metadataDir, bucket), name);
  }

  #key(bucket: string, name: string): string {
    return `${bucket}/${name}`;
  }

  async #bucketForRead(bucket: string): Promise<void> {
    await this.getBucket(bucket);
  }

  async #bucketForWrite(bucket: string): Promise<void> {
    checkBucketName(bucket);
    if (this.#autoCreateBuckets) await mkdir(this.#bucketDir(bucket), { recursive: true });
    else await this.getBucket(bucket);
  }

  #nextGeneration(): string {
    // GCS generations are microsecond timestamps; strictly increasing here even within one millisecond.
    this.#lastGeneration = Math.max(Date.now() * 1000, this.#lastGeneration + 1);
    return String(this.#lastGeneration);
  }

  async #existing(bucket: string, name: string, preconditions: Preconditions): Promise<StoredObject> {
    const object = await this.#describe(bucket, name);
    if (!object || (preconditions.generation !== undefined && preconditions.generation !== object.generation)) {
      throw noSuchObject(bucket, name);
    }
    checkPreconditions(preconditions, object, true);
    return object;
  }

  async #describe(bucket: string, name: string): Promise<StoredObject | undefined> {
    const file = this.#objectPath(bucket, name);
    let fileStats: Stats;
    try {
      fileStats = await stat(file);
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
      throw error;
    }
    if (!fileStats.isFile()) return undefined;
    const recorded = await this.#readMetadata(bucket, name);
    if (recorded && recorded.size === fileStats.size && recorded.fileMtimeMs === fileStats.mtimeMs) return recorded;
    return {
      bucket,
      name,
      generation: String(Math.floor(fileStats.mtimeMs * 1000)),
      metageneration: '1',
      contentType: DEFAULT_CONTENT_TYPE,
      size: fileStats.size,
      ...(await hashFile(file)),
      timeCreated: fileStats.birthtime.toISOString(),
      updated: fileStats.mtime.toISOString(),
      fileMtimeMs: fileStats.mtimeMs,
    };
  }

  async #readMetadata(bucket: string, name: string): Promise<StoredObject | undefined> {
    try {
      return JSON.parse(await readFile(this.#metadataPath(bucket, name), 'utf8')) as StoredObject;
    } catch {
      return undefined;
    }
  }

  async #writeMetadata(object: StoredObject): Promise<void> {
    const temp = this.tempPath();
    await writeFile(temp, JSON.stringify(object, null, 2) + '\n');
    try {
      await renameInto(temp, this.#metadataPath(object.bucket, object.name));
    } finally {
      await rm(temp, { force: true });
    }
  }

  async #placeFile(file: string, target: string, name: string): Promise<void> {
    try {
      await renameInto(file, target);
    } catch (error) {
      if (['EEXIST', 'ENOTDIR', 'EISDIR', 'ENOTEMPTY'].includes(errorCode(error) ?? '')) {
        throw new GcsError(
          409,
          'conflict',
          `Object '${name}' cannot be stored: on disk it would be both a file and a folder (another object is named like one of its folders, or objects live under '${name}/'). The local server keeps objects as files; rename one of them.`,
        );
      }
      throw error;
    }
  }
}

function isBucketName(name: string): boolean {
  try {
    checkBucketName(name);
    return true;
  } catch {
    return false;
  }
}

function bucketFrom(name: string, stats: Stats): StoredBucket {
  if (!stats.isDirectory()) throw noSuchBucket(name);
  return { name, timeCreated: stats.birthtime.toISOString(), updated: stats.mtime.toISOString() };
}

function mergeMetadata(
  current: Record<string, string> | undefined,
  changes: Record<string, string | null> | null | undefined,
): Record<string, string> | undefined {
  if (changes === undefined) return current;
  if (changes === null) return undefined;
  const merged: Record<string, string> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

function isPlainFolder(folder: string): boolean {
  return folder.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
