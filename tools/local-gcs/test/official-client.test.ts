// The official @google-cloud/storage client against the server over real HTTP, configured the way the project uses it.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CRC32C, Storage } from '@google-cloud/storage';
import { statusOf, useServer } from './helpers.ts';

const server = useServer();
const client = () => new Storage({ apiEndpoint: server.gcs.url, projectId: 'local' });

describe('uploads and downloads', () => {
  test('a resumable save (the default) is stored, downloaded and described with matching hashes', async () => {
    const file = client().bucket('pipes-client').file('events/v1/dt=2026-12-01/hr=10/batch-1.ndjson');
    const body = '{"event":"page"}\n{"event":"track"}\n';
    await file.save(body, { contentType: 'application/x-ndjson' });

    const [downloaded] = await file.download();
    assert.equal(downloaded.toString(), body);
    const [metadata] = await file.getMetadata();
    assert.equal(metadata.size, String(Buffer.byteLength(body)));
    assert.equal(metadata.contentType, 'application/x-ndjson');
    assert.equal(metadata.md5Hash, createHash('md5').update(body).digest('base64'));
    const crc32c = new CRC32C();
    crc32c.update(Buffer.from(body));
    assert.equal(metadata.crc32c, crc32c.toString());
    assert.match(String(metadata.generation), /^\d+$/);
    const onDisk = await readFile(join(server.dataDir, 'pipes-client', 'events/v1/dt=2026-12-01/hr=10/batch-1.ndjson'), 'utf8');
    assert.equal(onDisk, body);
  });

  test('a multipart save (resumable: false) keeps content type and custom metadata', async () => {
    const file = client().bucket('pipes-client').file('multipart/one.json');
    await file.save('{"a":1}', { resumable: false, contentType: 'application/json', metadata: { metadata: { source: 'test' } } });
    const [metadata] = await file.getMetadata();
    assert.equal(metadata.contentType, 'application/json');
    assert.deepEqual(metadata.metadata, { source: 'test' });
    assert.equal((await file.download())[0].toString(), '{"a":1}');
  });

  test('a resumable upload in several chunks goes through 308 answers and arrives intact', async () => {
    const body = randomBytes(600 * 1024);
    const file = client().bucket('pipes-client').file('big/chunked.bin');
    await file.save(body, { chunkSize: 256 * 1024 });
    const [downloaded] = await file.download();
    assert.ok(downloaded.equals(body));
  });

  test('both hash validations pass on upload and download', async () => {
    const file = client().bucket('pipes-client').file('validated.txt');
    for (const validation of ['crc32c', 'md5'] as const) {
      await file.save(`checked with ${validation}`, { validation, resumable: validation === 'crc32c' });
      const [downloaded] = await file.download({ validation });
      assert.equal(downloaded.toString(), `checked with ${validation}`);
    }
  });

  test('a byte range download returns just those bytes', async () => {
    const file = client().bucket('pipes-client').file('range.txt');
    await file.save('0123456789', { resumable: false });
    const [part] = await file.download({ start: 2, end: 5 });
    assert.equal(part.toString(), '2345');
  });
});

describe('preconditions', () => {
  for (const resumable of [true, false]) {
    test(`ifGenerationMatch: 0 gives 412 on the second ${resumable ? 'resumable' : 'multipart'} write and keeps the first`, async () => {
      const file = client().bucket('pipes-client').file(`once/${resumable ? 'resumable' : 'multipart'}.ndjson`);
      const options = { resumable, preconditionOpts: { ifGenerationMatch: 0 } };
      await file.save('first', options);
      await assert.rejects(file.save('second', options), (error) => statusOf(error) === 412);
      assert.equal((await file.download())[0].toString(), 'first');
    });
  }

  test('setMetadata bumps the metageneration and honours ifMetagenerationMatch', async () => {
    const file = client().bucket('pipes-client').file('patched.txt');
    await file.save('x', { resumable: false });
    const [patched] = await file.setMetadata({ metadata: { stage: 'raw' } }, { ifMetagenerationMatch: 1 });
    assert.equal(String(patched.metageneration), '2');
    assert.deepEqual(patched.metadata, { stage: 'raw' });
    await assert.rejects(file.setMetadata({ metadata: { stage: 'late' } }, { ifMetagenerationMatch: 1 }), (error) => statusOf(error) === 412);
  });
});

describe('listing, existence and deletion', () => {
  test('getFiles lists by prefix, folds by delimiter and pages with maxResults', async () => {
    const bucket = client().bucket('pipes-list');
    const names = ['p/a.txt', 'p/b.txt', 'p/c.txt', 'p/sub/d.txt', 'p/sub/e.txt', 'other.txt'];
    await Promise.all(names.map((name) => bucket.file(name).save(name, { resumable: false })));

    const [all] = await bucket.getFiles({ prefix: 'p/' });
    assert.deepEqual(all.map((f) => f.name), ['p/a.txt', 'p/b.txt', 'p/c.txt', 'p/sub/d.txt', 'p/sub/e.txt']);

    const [top, , response] = await bucket.getFiles({ prefix: 'p/', delimiter: '/', autoPaginate: false });
    assert.deepEqual(top.map((f) => f.name), ['p/a.txt', 'p/b.txt', 'p/c.txt']);
    assert.deepEqual((response as { prefixes?: string[] }).prefixes, ['p/sub/']);

    const seen: string[] = [];
    let query: object | null = { prefix: 'p/', maxResults: 2, autoPaginate: false };
    let pages = 0;
    while (query) {
      const [files, next]: [{ name: string }[], object | null, unknown] = await bucket.getFiles(query);
      seen.push(...files.map((f) => f.name));
      query = next;
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, all.map((f) => f.name));
  });

  test('exists, delete, and 404 afterwards', async () => {
    const file = client().bucket('pipes-client').file('to-delete/x.txt');
    await file.save('x', { resumable: false });
    assert.deepEqual(await file.exists(), [true]);
    await file.delete();
    assert.deepEqual(await file.exists(), [false]);
    await assert.rejects(file.getMetadata(), (error) => statusOf(error) === 404);
    await assert.rejects(file.download(), (error) => statusOf(error) === 404);
  });
});

describe('buckets', () => {
  test('create, get, list, refuse to delete a non-empty bucket, delete an empty one', async () => {
    const storage = client();
    const [bucket] = await storage.createBucket('made-by-client');
    await assert.rejects(storage.createBucket('made-by-client'), (error) => statusOf(error) === 409);
    assert.deepEqual(await bucket.exists(), [true]);
    const [buckets] = await storage.getBuckets();
    assert.ok(buckets.some((b) => b.name === 'made-by-client'));

    await bucket.file('keep.txt').save('x', { resumable: false });
    await assert.rejects(bucket.delete(), (error) => statusOf(error) === 409);
    await bucket.file('keep.txt').delete();
    await bucket.delete();
    const [after] = await storage.getBuckets();
    assert.ok(!after.some((b) => b.name === 'made-by-client'));
  });
});
