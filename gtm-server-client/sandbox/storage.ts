// Writing NDJSON objects to Cloud Storage with the JSON API's simple upload. `ifGenerationMatch=0` makes the write
// create-only: a retried batch finds its object already there (412) instead of writing a duplicate, and that counts
// as stored. Object names are Hive-style partitions that BigQuery external tables and Spark read as columns.
import type { StorageSettings } from './settings.ts';
import { partitionOf } from './time.ts';
const Promise = require('Promise');
const encodeUriComponent = require('encodeUriComponent');
const getGoogleAuth = require('getGoogleAuth');
const sendHttpRequest = require('sendHttpRequest');

const STORAGE_SCOPE = 'https://www.googleapis.com/auth/devstorage.read_write';

/** 'created': this request wrote it; 'existed': an earlier attempt of the same batch did. */
export type StoreOutcome = 'created' | 'existed';

export type Dataset = 'events' | 'rejected';

/** PREFIX/events/v1/dt=YYYY-MM-DD/hr=HH/<batch_id>.ndjson, partitioned by the time the server received the batch. */
export function objectName(settings: StorageSettings, dataset: Dataset, receivedAt: number, batchId: string): string {
  const partition = partitionOf(receivedAt);
  const prefix = settings.objectPrefix === '' ? '' : settings.objectPrefix + '/';
  return prefix + dataset + '/v1/dt=' + partition.dt + '/hr=' + partition.hr + '/' + batchId + '.ndjson';
}

export function toNdjson(rows: object[]): string {
  return rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
}

/** Resolves once the bucket has the object; rejects with the reason when it may not. */
export function storeObject(settings: StorageSettings, name: string, body: string): GtmPromise<StoreOutcome> {
  const url =
    settings.baseUrl + '/upload/storage/v1/b/' + encodeUriComponent(settings.bucket) +
    '/o?uploadType=media&name=' + encodeUriComponent(name) + '&ifGenerationMatch=0';
  return sendHttpRequest(
    url,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      authorization: getGoogleAuth({ scopes: [STORAGE_SCOPE] }),
      timeout: settings.timeoutMs,
    },
    body,
  ).then(
    (response): StoreOutcome | GtmPromise<StoreOutcome> => {
      if (response.statusCode >= 200 && response.statusCode < 300) return 'created';
      if (response.statusCode === 412) return 'existed';
      return Promise.create((resolve, reject) => reject('HTTP ' + response.statusCode + ' for ' + name));
    },
    (rejection): GtmPromise<StoreOutcome> => Promise.create((resolve, reject) => reject(rejection.reason + ' for ' + name)),
  );
}
