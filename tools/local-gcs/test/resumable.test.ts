// The resumable upload protocol step by step over plain HTTP: session URL, 308 with Range, status queries, resent
// overlapping chunks, completion, and what happens after.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { hashBytes } from '../checksums.ts';
import { assertErrorShape, useServer } from './helpers.ts';

const server = useServer();

async function startSession(name: string, query = '', metadata?: object): Promise<string> {
  const response = await fetch(`${server.gcs.url}/upload/storage/v1/b/pipes-resumable/o?uploadType=resumable&name=${encodeURIComponent(name)}${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=UTF-8', 'X-Upload-Content-Type': 'text/plain' },
    body: JSON.stringify(metadata ?? {}),
  });
  assert.equal(response.status, 200);
  const location = response.headers.get('location');
  assert.ok(location, 'the init answer carries a Location');
  assert.ok(location.startsWith(`${server.gcs.url}/upload/storage/v1/b/pipes-resumable/o?`), location);
  return location;
}

const put = (location: string, contentRange: string, body?: string) =>
  fetch(location, { method: 'PUT', headers: { 'Content-Range': contentRange }, ...(body === undefined ? {} : { body }) });

test('chunks get 308 with the stored range until the total arrives, then 200 with the object', async () => {
  const location = await startSession('chunks/abc.txt');

  const empty = await put(location, 'bytes */*');
  assert.equal(empty.status, 308);
  assert.equal(empty.headers.get('range'), null, 'nothing stored yet: no Range header');

  const first = await put(location, 'bytes 0-3/*', 'abcd');
  assert.equal(first.status, 308);
  assert.equal(first.headers.get('range'), 'bytes=0-3');

  const status = await put(location, 'bytes */*');
  assert.equal(status.status, 308);
  assert.equal(status.headers.get('range'), 'bytes=0-3');

  // A resent chunk overlapping what is stored only adds the new bytes.
  const overlap = await put(location, 'bytes 2-5/*', 'cdef');
  assert.equal(overlap.headers.get('range'), 'bytes=0-5');

  const last = await put(location, 'bytes 6-8/9', 'ghi');
  assert.equal(last.status, 200);
  const object = (await last.json()) as Record<string, string>;
  assert.equal(object.name, 'chunks/abc.txt');
  assert.equal(object.size, '9');
  assert.equal(object.contentType, 'text/plain');
  assert.equal(object.crc32c, hashBytes(Buffer.from('abcdefghi')).crc32c);
  assert.equal(await readFile(join(server.dataDir, 'pipes-resumable', 'chunks', 'abc.txt'), 'utf8'), 'abcdefghi');

  // The client may retry the last request after a lost answer: it gets the same object.
  const repeat = await put(location, 'bytes */9');
  assert.equal(repeat.status, 200);
  assert.equal(((await repeat.json()) as { generation: string }).generation, object.generation);
});

test('a single PUT with "bytes 0-*/*" (the Node client) completes the upload', async () => {
  const location = await startSession('single.txt', '', { metadata: { origin: 'test' } });
  const response = await put(location, 'bytes 0-*/*', 'whole body');
  assert.equal(response.status, 200);
  const object = (await response.json()) as { size: string; metadata: Record<string, string> };
  assert.equal(object.size, '10');
  assert.deepEqual(object.metadata, { origin: 'test' });
});

test('a status query with the total completes an upload whose bytes all arrived', async () => {
  const location = await startSession('finish-by-query.txt');
  assert.equal((await put(location, 'bytes 0-4/*', 'hello')).status, 308);
  const done = await put(location, 'bytes */5');
  assert.equal(done.status, 200);
});

test('a chunk starting beyond the stored bytes is refused with the offset to continue from', async () => {
  const location = await startSession('gap.txt');
  await put(location, 'bytes 0-1/*', 'ab');
  const gap = await put(location, 'bytes 5-6/*', 'fg');
  assert.equal(gap.status, 400);
  const body = await gap.json();
  assertErrorShape(body, 400);
  assert.match(body.error.message, /continue from byte 2/);
});

test('ifGenerationMatch=0 is checked when the upload completes', async () => {
  const first = await startSession('once.txt', '&ifGenerationMatch=0');
  const second = await startSession('once.txt', '&ifGenerationMatch=0');
  assert.equal((await put(first, 'bytes 0-*/*', 'first')).status, 200);
  const late = await put(second, 'bytes 0-*/*', 'second');
  assert.equal(late.status, 412);
  assertErrorShape(await late.json(), 412);
  assert.equal(await readFile(join(server.dataDir, 'pipes-resumable', 'once.txt'), 'utf8'), 'first');
});

test('a declared X-Goog-Hash that does not match the bytes is 400 and stores nothing', async () => {
  const location = await startSession('bad-hash.txt');
  const response = await fetch(location, {
    method: 'PUT',
    headers: { 'Content-Range': 'bytes 0-*/*', 'X-Goog-Hash': `crc32c=${hashBytes(Buffer.from('other')).crc32c}` },
    body: 'actual',
  });
  assert.equal(response.status, 400);
  assert.match(((await response.json()) as { error: { message: string } }).error.message, /CRC32C/);
  assert.ok(!(await readdir(join(server.dataDir, 'pipes-resumable'))).includes('bad-hash.txt'));
});

test('an unknown session is 404; DELETE cancels a session with 499', async () => {
  const unknown = await put(`${server.gcs.url}/upload/storage/v1/b/pipes-resumable/o?uploadType=resumable&upload_id=nope`, 'bytes */*');
  assert.equal(unknown.status, 404);
  assertErrorShape(await unknown.json(), 404);
  const location = await startSession('cancelled.txt');
  assert.equal((await fetch(location, { method: 'DELETE' })).status, 499);
  assert.equal((await put(location, 'bytes */*')).status, 404);
});

test('an invalid Content-Range is 400 with the accepted forms', async () => {
  const location = await startSession('bad-range.txt');
  const response = await put(location, 'bytes=0-4', 'hello');
  assert.equal(response.status, 400);
  assert.match(((await response.json()) as { error: { message: string } }).error.message, /bytes FIRST-LAST\/TOTAL/);
});
