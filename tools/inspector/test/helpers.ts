// One local GCS per test file, and inspectors mounted on fresh Fastify servers, each reading its own bucket, all
// closed after the file. Objects are written with the official client in the layout the Pipes client uses.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { Storage, type StorageOptions } from '@google-cloud/storage';
import Fastify, { type FastifyInstance } from 'fastify';
import { startLocalGcs, type LocalGcs, type LocalGcsOptions } from '../../local-gcs/server.ts';
import { inspector, type InspectorOptions } from '../index.ts';

export const PREFIX = '/inspector';

const EXAMPLE_ROW = JSON.parse(await readFile(join(import.meta.dirname, '..', '..', '..', 'schema', 'examples', 'stored-row.v1.json'), 'utf8')) as Record<string, unknown>;

export interface Inspected {
  app: FastifyInstance;
  storage: Storage;
  bucket: string;
  /** Base URL of the mounted inspector (http://127.0.0.1:PORT/inspector) once `listen` was asked for. */
  url: string;
}

export interface Stack {
  readonly gcs: LocalGcs;
  /** A new bucket (unique name) behind a new inspector; `storage` defaults to a plain client of the local GCS. */
  inspect(options?: Partial<InspectorOptions> & { listen?: boolean; storageOptions?: StorageOptions }): Promise<Inspected>;
}

export function useStack(gcsOptions: Omit<LocalGcsOptions, 'dataDir'> = {}): Stack {
  let dataDir: string;
  let gcs: LocalGcs;
  const apps: FastifyInstance[] = [];
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'inspector-test-'));
    gcs = await startLocalGcs({ ...gcsOptions, dataDir, port: 0 });
  });
  after(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await gcs?.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return {
    get gcs() {
      return gcs;
    },
    async inspect({ listen = false, storageOptions = {}, ...options } = {}) {
      const storage = options.storage ?? new Storage({ apiEndpoint: gcs.url, projectId: 'local', ...storageOptions });
      const bucket = options.bucket ?? `pipes-${randomUUID().slice(0, 8)}`;
      const app = Fastify({ logger: false });
      apps.push(app);
      await app.register(inspector, { prefix: PREFIX, objectPrefix: 'pipes', ...options, storage, bucket });
      const address = listen ? await app.listen({ port: 0, host: '127.0.0.1' }) : '';
      return { app, storage, bucket, url: `${address}${PREFIX}` };
    },
  };
}

/** A stored row like schema/examples/stored-row.v1.json, with new ids and the given fields. */
export function storedRow(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(EXAMPLE_ROW), event_id: randomUUID(), anonymous_id: randomUUID(), session_id: randomUUID(), ...fields };
}

/** PREFIX/<dataset>/v1/dt=YYYY-MM-DD/hr=HH/<batch_id>.ndjson, partitioned by the UTC hour of receivedAt. */
export function objectName(dataset: 'events' | 'rejected', receivedAt: string, batchId: string, prefix = 'pipes'): string {
  const [dt, hr] = [receivedAt.slice(0, 10), receivedAt.slice(11, 13)];
  return `${prefix}/${dataset}/v1/dt=${dt}/hr=${hr}/${batchId}.ndjson`;
}

/** Stores a batch the way the Pipes client does (one object, one row a line, received_at and batch_id set); returns the object's name. */
export async function storeBatch(
  inspected: Pick<Inspected, 'storage' | 'bucket'>,
  receivedAt: string,
  rows: Record<string, unknown>[],
  dataset: 'events' | 'rejected' = 'events',
): Promise<string> {
  const batchId = randomUUID();
  const name = objectName(dataset, receivedAt, batchId);
  const lines = rows.map((row) => JSON.stringify({ ...row, received_at: receivedAt, batch_id: batchId }));
  await inspected.storage
    .bucket(inspected.bucket)
    .file(name)
    .save(lines.join('\n') + '\n', { contentType: 'application/x-ndjson', resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
  return name;
}

/** An ISO timestamp `offsetMs` from now, so objects land in the current partition. */
export function at(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString();
}
