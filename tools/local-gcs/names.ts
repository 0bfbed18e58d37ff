// Bucket and object names, checked before they become paths: a bucket is a folder of the data folder and an object is
// a file inside it, so a name must never reach outside its bucket folder. GCS accepts a few object names a file
// system cannot hold (empty segments, "." and ".."); those are refused here with a message saying why.
import { resolve, sep } from 'node:path';
import { invalid } from './errors.ts';

const BUCKET_NAME = /^[a-z0-9](?:[a-z0-9_.-]*[a-z0-9])?$/;
const MAX_SEGMENT_BYTES = 255;

export function checkBucketName(name: string): void {
  const parts = name.split('.');
  const valid =
    BUCKET_NAME.test(name) &&
    name.length >= 3 &&
    name.length <= (parts.length > 1 ? 222 : 63) &&
    parts.every((part) => part.length > 0 && part.length <= 63);
  if (!valid) {
    throw invalid(
      `Invalid bucket name: '${name}'. Use 3-63 characters of lowercase letters, digits, '-', '_' and '.', starting and ending with a letter or digit.`,
    );
  }
}

export function checkObjectName(name: string): void {
  if (name.length === 0) throw invalid('Object name is empty. Give the object a name, e.g. events/v1/batch.ndjson.');
  if (Buffer.byteLength(name) > 1024) throw invalid('Object name is longer than 1024 bytes.');
  if (/[\r\n\0]/.test(name)) throw invalid(`Object name ${JSON.stringify(name)} contains a line break or NUL character.`);
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw invalid(
        `Object name '${name}' cannot be stored as a file: it has an empty, '.' or '..' path segment. Use names like 'folder/file.ndjson' without leading, trailing or doubled slashes.`,
      );
    }
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) {
      throw invalid(`Object name '${name}' has a path segment longer than ${MAX_SEGMENT_BYTES} bytes, which a file system cannot hold.`);
    }
  }
}

/** The absolute path of `name` inside `root`, refusing any name that would resolve outside it. */
export function pathInside(root: string, name: string): string {
  const base = resolve(root);
  const full = resolve(base, ...name.split('/'));
  if (!full.startsWith(base + sep)) throw invalid(`Object name '${name}' points outside its bucket folder.`);
  return full;
}
