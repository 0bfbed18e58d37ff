// The pure pieces: checksums, listing pages, Content-Range and Range parsing, multipart bodies, name checks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CRC32C } from '@google-cloud/storage';
import { crc32cBase64, crc32cUpdate, hashBytes } from '../checksums.ts';
import { byteRange } from '../json-api.ts';
import { pageOf } from '../listing.ts';
import { parseMultipartRelated } from '../multipart.ts';
import { checkBucketName, checkObjectName, pathInside } from '../names.ts';
import { parseContentRange } from '../resumable.ts';

describe('checksums', () => {
  test('CRC32C matches the standard check value and the official client, also when fed in pieces', () => {
    assert.equal(crc32cUpdate(0, Buffer.from('123456789')), 0xe3069283);
    const data = Buffer.from('{"event":"page"}\n'.repeat(1000));
    const reference = new CRC32C();
    reference.update(data);
    assert.equal(hashBytes(data).crc32c, reference.toString());
    const pieces = crc32cUpdate(crc32cUpdate(0, data.subarray(0, 77)), data.subarray(77));
    assert.equal(crc32cBase64(pieces), reference.toString());
  });
});

describe('listing pages', () => {
  const names = ['a', 'b/1', 'b/2', 'c', 'd/1/x', 'e'];

  test('maxResults counts items and prefixes together; following tokens visits each entry once', () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = pageOf(names, { prefix: '', delimiter: '/', maxResults: 2, ...(pageToken ? { pageToken } : {}) });
      assert.ok(page.names.length + page.prefixes.length <= 2);
      seen.push(...page.names, ...page.prefixes);
      pageToken = page.nextPageToken;
    } while (pageToken);
    assert.deepEqual(seen.sort(), ['a', 'b/', 'c', 'd/', 'e']);
  });

  test('the last page has no token, even when it is exactly full', () => {
    assert.equal(pageOf(names, { prefix: '', maxResults: 6 }).nextPageToken, undefined);
    assert.ok(pageOf(names, { prefix: '', maxResults: 5 }).nextPageToken);
  });

  test('a token that was not issued by the server is 400', () => {
    assert.throws(() => pageOf(names, { prefix: '', maxResults: 2, pageToken: 'garbage' }), { code: 400 });
  });
});

describe('Content-Range of resumable chunks', () => {
  test('the forms clients send', () => {
    assert.deepEqual(parseContentRange('bytes 0-*/*'), { first: 0 });
    assert.deepEqual(parseContentRange('bytes 0-262143/*'), { first: 0, last: 262143 });
    assert.deepEqual(parseContentRange('bytes 262144-600000/600001'), { first: 262144, last: 600000, total: 600001 });
    assert.deepEqual(parseContentRange('bytes */*'), {});
    assert.deepEqual(parseContentRange('bytes */42'), { total: 42 });
    assert.deepEqual(parseContentRange(undefined), { first: 0 });
    assert.throws(() => parseContentRange('bytes 5-2/*'), { code: 400 });
  });
});

describe('Range of downloads', () => {
  test('first-last, open end, suffix, unsatisfiable, and headers it does not handle', () => {
    assert.deepEqual(byteRange('bytes=2-4', 10), [2, 4]);
    assert.deepEqual(byteRange('bytes=2-', 10), [2, 9]);
    assert.deepEqual(byteRange('bytes=5-100', 10), [5, 9]);
    assert.deepEqual(byteRange('bytes=-3', 10), [7, 9]);
    assert.equal(byteRange('bytes=10-', 10), 'unsatisfiable');
    assert.equal(byteRange('bytes=0-1,4-5', 10), undefined);
    assert.equal(byteRange(undefined, 10), undefined);
  });
});

describe('multipart/related bodies', () => {
  test('metadata part then media part, with CRLF or bare LF line ends, media bytes kept exactly', () => {
    for (const eol of ['\r\n', '\n']) {
      const media = `line one${eol}line two${eol}`;
      const body = Buffer.from(
        `--xyz${eol}Content-Type: application/json${eol}${eol}{"name":"n.txt","contentType":"text/plain"}${eol}` +
          `--xyz${eol}Content-Type: text/plain${eol}${eol}${media}${eol}--xyz--`,
      );
      const parsed = parseMultipartRelated(body, 'multipart/related; boundary=xyz');
      assert.deepEqual(parsed.metadata, { name: 'n.txt', contentType: 'text/plain' });
      assert.equal(parsed.media.toString(), media);
      assert.equal(parsed.mediaType, 'text/plain');
    }
  });

  test('a body with one part, or without the boundary, is 400', () => {
    const one = Buffer.from('--b\r\nContent-Type: application/json\r\n\r\n{}\r\n--b--');
    assert.throws(() => parseMultipartRelated(one, 'multipart/related; boundary=b'), { code: 400 });
    assert.throws(() => parseMultipartRelated(Buffer.from('nothing'), 'multipart/related; boundary=b'), { code: 400 });
    assert.throws(() => parseMultipartRelated(one, 'application/json'), { code: 400 });
  });
});

describe('names', () => {
  test('bucket names follow GCS rules', () => {
    for (const good of ['pipes-events', 'a.b.c', 'abc', 'my_bucket1']) checkBucketName(good);
    for (const bad of ['ab', 'Upper', '-start', 'end-', '../x', 'a/b', '.hidden', 'x'.repeat(64)]) {
      assert.throws(() => checkBucketName(bad), { code: 400 }, bad);
    }
  });

  test('object names must fit on disk inside their bucket folder', () => {
    for (const good of ['a', 'a/b/c.ndjson', 'dt=2026-01-01/hr=00/x y.ndjson', '.dotfile', 'a/.b']) checkObjectName(good);
    for (const bad of ['', '/a', 'a/', 'a//b', '.', '..', 'a/../b', 'a\nb', 'x'.repeat(256)]) {
      assert.throws(() => checkObjectName(bad), { code: 400 }, JSON.stringify(bad));
    }
    assert.throws(() => pathInside('/data/bucket', '../other/x'), { code: 400 });
    assert.equal(pathInside('/data/bucket', 'a/b'), '/data/bucket/a/b');
  });
});
