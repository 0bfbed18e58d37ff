// The CLI as a user runs it: prints its URL, serves, stops cleanly on SIGTERM; usage errors exit 2.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { mediaUpload } from './helpers.ts';

const MAIN = join(import.meta.dirname, '..', 'main.ts');

test('prints its URL, stores uploads under --data, requires --token, and exits 0 on SIGTERM', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'local-gcs-cli-'));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--data', dataDir, '--port', '0', '--token', 'cli-token'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before printing its URL:\n${output}`)));
    });
    assert.match(output, new RegExp(`data folder: ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal((await mediaUpload(url, 'cli-bucket', 'a.txt', 'x')).status, 401);
    assert.equal((await mediaUpload(url, 'cli-bucket', 'a.txt', 'from cli', { token: 'cli-token' })).status, 200);
    assert.equal(await readFile(join(dataDir, 'cli-bucket', 'a.txt'), 'utf8'), 'from cli');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  } finally {
    child.kill();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a bad option exits 2 with the usage text', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--port', 'eighty'], { encoding: 'utf8' });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--port must be a number/);
  assert.match(result.stderr, /Usage: node --import tsx tools\/local-gcs\/main.ts/);
});
