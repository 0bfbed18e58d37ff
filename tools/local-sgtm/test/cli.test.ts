// The CLI as a user runs it: prints its URL, serves the configuration, logs requests, stops on SIGTERM; usage
// errors exit 2, configuration problems 1.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURE_CONFIG, fixtureEnv, send, storedObjects, useStack } from './helpers.ts';

const MAIN = join(import.meta.dirname, '..', 'main.ts');
const stack = useStack();

test('prints its URL, serves the configuration with ${NAME} from the environment, logs requests, exits 0 on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--config', FIXTURE_CONFIG, '--port', '0'], {
    env: { ...process.env, ...fixtureEnv(stack.gcs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before printing its URL:\n${output}`)));
    });
    assert.match(output, /container GTM-LOCAL-TEST version 7 from .*container\.yaml/);
    assert.match(output, /clients: Fixture client\n {2}tags: Storage/);

    assert.equal((await send(`${url}/fixture`, { method: 'POST', body: '[{"event":"signup"}]' })).status, 200);
    assert.equal((await storedObjects(stack.dataDir)).length, 1);
    assert.equal((await send(`${url}/healthz`)).body, 'ok');

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.match(output, /^POST \/fixture 200 \d+ms$/m);
    assert.match(output, /^GET \/healthz 200 \d+ms$/m);
  } finally {
    child.kill();
  }
});

test('usage errors exit 2 with the usage text; a configuration with problems exits 1 naming them', () => {
  const missing = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--port', '0'], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--config is required/);
  assert.match(missing.stderr, /Usage: node --import tsx tools\/local-sgtm\/main.ts --config FILE/);

  const problems = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--config', FIXTURE_CONFIG, '--port', '0'], { encoding: 'utf8', env: { PATH: process.env['PATH'] } });
  assert.equal(problems.status, 1);
  assert.match(problems.stderr, /local-sgtm: the configuration has problems:\n.*container\.yaml:7:16: the environment variable GCS_TOKEN is not set/);
  assert.match(problems.stderr, /container\.yaml:9:39: the environment variable GCS_URL is not set/);
});
