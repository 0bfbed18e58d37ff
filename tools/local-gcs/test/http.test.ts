// Plain HTTP against a server without auth: the upload an sGTM template makes, error shapes, names, concurrency, and
// the files on disk.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { crc32cBase64, crc32cUpdate } from '../checksums.ts';
import { startLocalGcs } from '../server.ts';
import { assertErrorShape, mediaUpload, useServer, within } from './helpers.ts';

const server = useServer();
const objectUrl = (bucket: string, name: string) => `${server.gcs.url}/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}`;

describe('the media upload an sGTM template makes', () => {
  const name = 'prefix/events/v1/dt=2026-12-01/hr=09/3f1c.ndjson';
  const body = '{"event_id":"1"}\n{"event_id":"2"}\n';

  test('answers 200 with a GCS object resource', async () => {
    const response = await mediaUpload(server.gcs.url, 'pipes-http', name, body, { ifGenerationMatch: 0 });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const object = (await response.json()) as Record<string, unknown>;
    const generation = object.generation as string;
    assert.match(generation, /^\d+$/);
    assert.deepEqual(object, {
      kind: 'storage#object',
      id: `pipes-http/${name}/${generation}`,
      selfLink: `${server.gcs.url}/storage/v1/b/pipes-http/o/${encodeURIComponent(name)}`,
      mediaLink: `${server.gcs.url}/download/storage/v1/b/pipes-http/o/${encodeURIComponent(name)}?generation=${generation}&alt=media`,
      name,
      bucket: 'pipes-http',
      generation,
      metageneration: '1',
      contentType: 'application/x-ndjson',
      storageClass: 'STANDARD',
      size: String(body.length),
      md5Hash: createHash('md5').update(body).digest('base64'),
      crc32c: crc32cBase64(crc32cUpdate(0, Buffer.from(body))),
      etag: object.etag,
      timeCreated: object.timeCreated,
      updated: object.timeCreated,
      timeStorageClassUpdated: object.timeCreated,
    });
    assert.ok(!Number.isNaN(Date.parse(object.timeCreated as string)));
  });

  test('the object is a plain file at <data>/<bucket>/<name>, its metadata under .local-gcs/metadata', async () => {
    assert.equal(await readFile(join(server.dataDir, 'pipes-http', name), 'utf8'), body);
    const metadata = JSON.parse(await readFile(join(server.dataDir, '.local-gcs', 'metadata', 'pipes-http', name), 'utf8'));
    assert.equal(metadata.contentType, 'application/x-ndjson');
    assert.equal(metadata.size, body.length);
  });

  test('the same upload again gets 412 conditionNotMet and changes nothing', async () => {
    const response = await mediaUpload(server.gcs.url, 'pipes-http', name, 'other', { ifGenerationMatch: 0 });
    assert.equal(response.status, 412);
    const error = await response.json();
    assertErrorShape(error, 412);
    assert.equal(error.error.errors[0]!.reason, 'conditionNotMet');
    assert.equal(await readFile(join(server.dataDir, 'pipes-http', name), 'utf8'), body);
  });

  test('without ifGenerationMatch an upload replaces the object with a newer generation', async () => {
    const first = (await (await mediaUpload(server.gcs.url, 'pipes-http', 'replace.txt', 'one')).json()) as { generation: string };
    const second = (await (await mediaUpload(server.gcs.url, 'pipes-http', 'replace.txt', 'two')).json()) as { generation: string };
    assert.ok(BigInt(second.generation) > BigInt(first.generation));
    const wrong = await mediaUpload(server.gcs.url, 'pipes-http', 'replace.txt', 'three', { ifGenerationMatch: Number(first.generation) });
    assert.equal(wrong.status, 412);
    const right = await fetch(
      `${server.gcs.url}/upload/storage/v1/b/pipes-http/o?uploadType=media&name=replace.txt&ifGenerationMatch=${second.generation}`,
      { method: 'POST', body: 'three' },
    );
    assert.equal(right.status, 200);
  });

  test('a body sent as application/json is stored byte for byte, not parsed', async () => {
    const json = '{ "spaced" : [1, 2] }\n';
    const response = await mediaUpload(server.gcs.url, 'pipes-http', 'raw.json', json, { contentType: 'application/json' });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { contentType: string }).contentType, 'application/json');
    assert.equal(await readFile(join(server.dataDir, 'pipes-http', 'raw.json'), 'utf8'), json);
  });

  test('of many concurrent uploads of one name with ifGenerationMatch=0 exactly one succeeds', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => `body ${i}\n`.repeat(2000));
    const responses = await Promise.all(bodies.map((b) => mediaUpload(server.gcs.url, 'pipes-http', 'race/batch.ndjson', b, { ifGenerationMatch: 0 })));
    const statuses = responses.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, ...Array<number>(11).fill(412)]);
    const winner = bodies[responses.findIndex((r) => r.status === 200)];
    assert.equal(await readFile(join(server.dataDir, 'pipes-http', 'race/batch.ndjson'), 'utf8'), winner);
    await Promise.all(responses.map((r) => r.body?.cancel()));
  });
});

describe('reads', () => {
  test('metadata, alt=media and the mediaLink return the object; HEAD has the length only', async () => {
    const uploaded = (await (await mediaUpload(server.gcs.url, 'pipes-http', 'read/me.txt', 'hello', { contentType: 'text/plain' })).json()) as {
      mediaLink: string;
      crc32c: string;
      md5Hash: string;
    };
    const metadata = (await (await fetch(objectUrl('pipes-http', 'read/me.txt'))).json()) as { size: string };
    assert.equal(metadata.size, '5');
    for (const url of [`${objectUrl('pipes-http', 'read/me.txt')}?alt=media`, uploaded.mediaLink]) {
      const media = await fetch(url);
      assert.equal(media.status, 200);
      assert.equal(await media.text(), 'hello');
      assert.equal(media.headers.get('content-type'), 'text/plain');
      assert.equal(media.headers.get('x-goog-hash'), `crc32c=${uploaded.crc32c},md5=${uploaded.md5Hash}`);
    }
    const head = await fetch(`${objectUrl('pipes-http', 'read/me.txt')}?alt=media`, { method: 'HEAD' });
    assert.equal(head.headers.get('content-length'), '5');
  });

  test('Range gives 206 with Content-Range; a range past the end gives 416', async () => {
    await mediaUpload(server.gcs.url, 'pipes-http', 'digits.txt', '0123456789');
    const url = `${objectUrl('pipes-http', 'digits.txt')}?alt=media`;
    const middle = await fetch(url, { headers: { Range: 'bytes=3-5' } });
    assert.equal(middle.status, 206);
    assert.equal(middle.headers.get('content-range'), 'bytes 3-5/10');
    assert.equal(await middle.text(), '345');
    const tail = await fetch(url, { headers: { Range: 'bytes=-3' } });
    assert.equal(await tail.text(), '789');
    const past = await fetch(url, { headers: { Range: 'bytes=10-' } });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), 'bytes */10');
  });

  test('read preconditions: a matching ifGenerationNotMatch is 304, a wrong ifGenerationMatch 412, another generation 404', async () => {
    const { generation } = (await (await mediaUpload(server.gcs.url, 'pipes-http', 'conditional.txt', 'c')).json()) as { generation: string };
    const url = objectUrl('pipes-http', 'conditional.txt');
    assert.equal((await fetch(`${url}?alt=media&ifGenerationNotMatch=${generation}`)).status, 304);
    assert.equal((await fetch(`${url}?ifGenerationMatch=1`)).status, 412);
    assert.equal((await fetch(`${url}?generation=1`)).status, 404);
    assert.equal((await fetch(`${url}?alt=media&generation=${generation}&ifGenerationMatch=${generation}`)).status, 200);
    assert.equal((await fetch(`${url}?ifGenerationMatch=abc`)).status, 400);
  });

  test('a file put into the data folder by hand is an object, with hashes computed from it', async () => {
    await mkdir(join(server.dataDir, 'pipes-http', 'dropped'), { recursive: true });
    await writeFile(join(server.dataDir, 'pipes-http', 'dropped', 'by-hand.txt'), 'manual');
    const object = (await (await fetch(objectUrl('pipes-http', 'dropped/by-hand.txt'))).json()) as Record<string, string>;
    assert.equal(object.size, '6');
    assert.equal(object.md5Hash, createHash('md5').update('manual').digest('base64'));
    const listing = (await (await fetch(`${server.gcs.url}/storage/v1/b/pipes-http/o?prefix=dropped/`)).json()) as { items: { name: string }[] };
    assert.deepEqual(listing.items.map((i) => i.name), ['dropped/by-hand.txt']);
  });

  test('a download whose file is cut short in place while it is sent fails, instead of waiting for the missing bytes', async () => {
    // (fetch, not the official client: node-fetch 2 under client 7.22 never reports a connection cut mid-body)
    await mkdir(join(server.dataDir, 'pipes-read'), { recursive: true });
    const path = join(server.dataDir, 'pipes-read', 'shrinks.bin');
    // larger than the socket buffers, so that the server is still reading the file when it shrinks
    await writeFile(path, randomBytes(32 * 1024 * 1024));
    const response = await fetch(`${objectUrl('pipes-read', 'shrinks.bin')}?alt=media`);
    const body = response.body!.getReader();
    await body.read();
    await truncate(path, 0);
    const rest = (async () => {
      while (!(await body.read()).done);
    })();
    await within(assert.rejects(rest, /terminated/), 10_000, 'the download ends');
  });
});

describe('listing', () => {
  test('prefix, delimiter, paging with maxResults/pageToken, startOffset and endOffset', async () => {
    const names = ['l/a', 'l/b/1', 'l/b/2', 'l/c', 'l/d/1', 'l/e'];
    for (const name of names) await mediaUpload(server.gcs.url, 'pipes-list-raw', name, name);
    const list = async (query: string) =>
      (await (await fetch(`${server.gcs.url}/storage/v1/b/pipes-list-raw/o?${query}`)).json()) as {
        items?: { name: string }[];
        prefixes?: string[];
        nextPageToken?: string;
      };

    const folded = await list('prefix=l/&delimiter=/');
    assert.deepEqual(folded.items?.map((i) => i.name), ['l/a', 'l/c', 'l/e']);
    assert.deepEqual(folded.prefixes, ['l/b/', 'l/d/']);

    // Items and prefixes count together towards maxResults, in name order.
    const entries: string[] = [];
    let token = '';
    do {
      const page = await list(`prefix=l/&delimiter=/&maxResults=2${token ? `&pageToken=${token}` : ''}`);
      const pageEntries = [...(page.items ?? []).map((i) => i.name), ...(page.prefixes ?? [])].sort();
      assert.ok(pageEntries.length <= 2);
      entries.push(...pageEntries);
      token = page.nextPageToken ?? '';
    } while (token);
    assert.deepEqual(entries, ['l/a', 'l/b/', 'l/c', 'l/d/', 'l/e']);

    const window = await list('startOffset=l/b/2&endOffset=l/d/1');
    assert.deepEqual(window.items?.map((i) => i.name), ['l/b/2', 'l/c']);

    const empty = await list('prefix=nothing/');
    assert.deepEqual(empty, { kind: 'storage#objects' });
  });
});

describe('deletion', () => {
  test('DELETE answers 204 and removes the file, its metadata and the folders it leaves empty', async () => {
    await mediaUpload(server.gcs.url, 'pipes-http', 'gone/deep/x.txt', 'x');
    await mediaUpload(server.gcs.url, 'pipes-http', 'gone/keep.txt', 'k');
    const response = await fetch(objectUrl('pipes-http', 'gone/deep/x.txt'), { method: 'DELETE' });
    assert.equal(response.status, 204);
    assert.deepEqual(await readdir(join(server.dataDir, 'pipes-http', 'gone')), ['keep.txt']);
    assert.deepEqual(await readdir(join(server.dataDir, '.local-gcs', 'metadata', 'pipes-http', 'gone')), ['keep.txt']);
    const again = await fetch(objectUrl('pipes-http', 'gone/deep/x.txt'), { method: 'DELETE' });
    assert.equal(again.status, 404);
  });
});

describe('errors', () => {
  test('a missing object is 404 notFound in GCS shape, for metadata and media', async () => {
    for (const url of [objectUrl('pipes-http', 'missing.txt'), `${objectUrl('pipes-http', 'missing.txt')}?alt=media`]) {
      const response = await fetch(url);
      assert.equal(response.status, 404);
      const body = await response.json();
      assertErrorShape(body, 404);
      assert.equal(body.error.errors[0]!.reason, 'notFound');
      assert.equal(body.error.message, 'No such object: pipes-http/missing.txt');
    }
  });

  test('an unknown route is 404 in GCS shape', async () => {
    const response = await fetch(`${server.gcs.url}/storage/v2/whatever`);
    assert.equal(response.status, 404);
    assertErrorShape(await response.json(), 404);
  });

  test('an upload without name, or with an unknown uploadType, is 400 and says what to send', async () => {
    const noName = await fetch(`${server.gcs.url}/upload/storage/v1/b/pipes-http/o?uploadType=media`, { method: 'POST', body: 'x' });
    assert.equal(noName.status, 400);
    assert.equal(((await noName.json()) as { error: { message: string } }).error.message, 'Required parameter: name');
    const badType = await fetch(`${server.gcs.url}/upload/storage/v1/b/pipes-http/o?uploadType=chunky&name=x`, { method: 'POST', body: 'x' });
    assert.equal(badType.status, 400);
    assert.match(((await badType.json()) as { error: { message: string } }).error.message, /uploadType=media, multipart or resumable/);
  });

  test('names that would leave the bucket folder are refused and nothing is written outside', async () => {
    const before = await readdir(server.dataDir);
    for (const name of ['../escape.txt', 'a/../../escape.txt', '/absolute.txt', 'a//b.txt', '..', 'trailing/']) {
      const response = await mediaUpload(server.gcs.url, 'pipes-http', name, 'x');
      assert.equal(response.status, 400, name);
      assertErrorShape(await response.json(), 400);
    }
    const encoded = await fetch(`${server.gcs.url}/storage/v1/b/pipes-http/o/..%2F..%2Fetc%2Fpasswd?alt=media`);
    assert.equal(encoded.status, 400);
    // (A bare %2E%2E segment never arrives: URL parsing resolves it like '..' on the client.)
    const badBucket = await fetch(`${server.gcs.url}/upload/storage/v1/b/%2E%2E%2Fescape/o?uploadType=media&name=x`, { method: 'POST', body: 'x' });
    assert.equal(badBucket.status, 400);
    assert.deepEqual(await readdir(server.dataDir), before);
    await assert.rejects(stat(join(server.dataDir, 'escape.txt')));
  });

  test('an object named like an existing object folder is 409, since a path cannot be file and folder', async () => {
    await mediaUpload(server.gcs.url, 'pipes-http', 'clash', 'file');
    const under = await mediaUpload(server.gcs.url, 'pipes-http', 'clash/inside', 'x');
    assert.equal(under.status, 409);
    assertErrorShape(await under.json(), 409);
  });
});

test('with autoCreateBuckets off, a missing bucket is 404 until created', async () => {
  const dataDir = join(tmpdir(), `local-gcs-strict-${process.pid}`);
  const strict = await startLocalGcs({ dataDir, autoCreateBuckets: false });
  try {
    const upload = await mediaUpload(strict.url, 'not-there', 'x.txt', 'x');
    assert.equal(upload.status, 404);
    assertErrorShape(await upload.json(), 404);
    const created = await fetch(`${strict.url}/storage/v1/b?project=local`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'not-there' }),
    });
    assert.equal(created.status, 200);
    assert.equal((await mediaUpload(strict.url, 'not-there', 'x.txt', 'x')).status, 200);
  } finally {
    await strict.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
