// Reading the Pipes objects of a bucket through the official client, the way a user reads their own bucket: list the
// two datasets' names, then download only the objects asked for, pinned to the generation that was listed.
import type { Bucket, File, Storage } from '@google-cloud/storage';

export type Dataset = 'events' | 'rejected';

export const DATASETS: readonly Dataset[] = ['events', 'rejected'];

export interface ListedObject {
  name: string;
  dataset: Dataset;
  generation: string;
  /** When the object was stored (ms); orders objects newest first. */
  createdMs: number;
}

/** `PREFIX/events/v1/` or `PREFIX/rejected/v1/`, as the Pipes client names its objects ('' = bucket root). */
export function datasetPrefix(objectPrefix: string, dataset: Dataset): string {
  const trimmed = objectPrefix.replace(/^\/+|\/+$/g, '');
  return `${trimmed === '' ? '' : `${trimmed}/`}${dataset}/v1/`;
}

export class BucketReader {
  private readonly bucket: Bucket;

  constructor(
    storage: Storage,
    private readonly objectPrefix: string,
    bucketName: string,
  ) {
    this.bucket = storage.bucket(bucketName);
  }

  /** Every object of both datasets, or null when the bucket does not exist (yet). */
  async list(): Promise<ListedObject[] | null> {
    try {
      const listings = await allSettled(DATASETS.map((dataset) => this.listDataset(dataset)));
      return listings.flat();
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  /** The object's text, or null when it is gone or was replaced since it was listed. */
  async read(object: ListedObject): Promise<string | null> {
    try {
      const [bytes] = await this.bucket.file(object.name, { generation: object.generation }).download();
      return bytes.toString('utf8');
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  private async listDataset(dataset: Dataset): Promise<ListedObject[]> {
    const [files] = await this.bucket.getFiles({ prefix: datasetPrefix(this.objectPrefix, dataset), autoPaginate: true });
    return files.filter((file) => file.name.endsWith('.ndjson')).map((file) => listed(file, dataset));
  }
}

function listed(file: File, dataset: Dataset): ListedObject {
  const { generation, timeCreated } = file.metadata;
  return { name: file.name, dataset, generation: String(generation ?? ''), createdMs: Date.parse(timeCreated ?? '') || 0 };
}

/**
 * Promise.all that waits for every promise before failing with the first error: no request is left running after the
 * caller has moved on (a server closing meanwhile would wait for it).
 */
export async function allSettled<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/** The HTTP status inside an error from the official client (ApiError has `code`; a GaxiosError has `status`). */
export function statusOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; status?: unknown; response?: { status?: unknown } } | null;
  for (const candidate of [e?.code, e?.status, e?.response?.status]) if (typeof candidate === 'number') return candidate;
  return undefined;
}
