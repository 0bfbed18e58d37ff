// `npm start` on its defaults brings the pipeline up: a batch POSTed to the printed collect URL lands in the data folder.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const data = mkdtempSync(join(tmpdir(), 'pipes-start-'));
after(() => rmSync(data, { recursive: true, force: true }));

/** A port whose next two are free too (the local GCS takes port + 1, the demo shop port + 2). */
async function freePorts(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((done) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => done(port));
      });
    });
    const free = (p: number) =>
      new Promise<boolean>((done) => {
        const server = createServer().once('error', () => done(false)).listen(p, '127.0.0.1', () => server.close(() => done(true)));
      });
    if (port < 65533 && (await free(port + 1)) && (await free(port + 2))) return port;
  }
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ndjson') && !f.startsWith('.'));
}

test('npm start serves the demo shop and the Pipes client, stores a batch in the data folder, and stops on SIGINT', async () => {
  const port = await freePorts();
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'start.ts'), '--data', data, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  try {
    await new Promise<void>((ready, fail) => {
      const poll = setInterval(() => {
        if (output.includes('Ctrl-C stops everything.')) ready();
        if (child.exitCode !== null) fail(new Error(`npm start exited early:\n${output}`));
      }, 50);
      void exited.then(() => clearInterval(poll));
      setTimeout(() => clearInterval(poll), 60_000).unref();
    });
    assert.match(output, new RegExp(`collect +http://localhost:${port}/p/collect`));
    assert.match(output, new RegExp(`demo shop .* +http://localhost:${port + 2}\\n`));
    assert.match(output, new RegExp(`event inspector .* +http://localhost:${port + 2}/inspector/\\n`));
    const shop = await fetch(`http://localhost:${port + 2}/`);
    assert.match(await shop.text(), /<script async src="\/gtm\.js/);
    // the pages and the sGTM must share a host name for first-party cookies
    const byIp = await fetch(`http://127.0.0.1:${port + 2}/shop?x=1`, { redirect: 'manual' });
    assert.equal(byIp.status, 307);
    assert.equal(byIp.headers.get('location'), `http://localhost:${port + 2}/shop?x=1`);
    const container = await fetch(`http://localhost:${port + 2}/gtm.js`);
    assert.match(await container.text(), new RegExp(`http://localhost:${port}`), 'the demo container points at the sGTM');

    const example = join(data, 'example-batch.json');
    assert.ok(existsSync(example), output);
    const response = await fetch(`http://127.0.0.1:${port}/p/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: readFileSync(example, 'utf8'),
    });
    assert.equal(response.status, 200, await response.clone().text());
    assert.deepEqual(await response.json(), { stored: 2, rejected: 0 });
    const stored = files(join(data, 'pipes-local', 'pipes', 'events', 'v1'));
    assert.equal(stored.length, 1);
    const rows = readFileSync(join(data, 'pipes-local', 'pipes', 'events', 'v1', stored[0]!), 'utf8').trim().split('\n');
    assert.equal(rows.length, 2);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(await health.text(), 'ok');
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0, output);
  assert.match(output, /stopped/);
});

test('a port of the stack already in use: a message naming it and how to choose others, exit 1', async () => {
  const port = await freePorts();
  const blocker = createServer().listen(port + 2, '127.0.0.1');
  await new Promise((listening) => blocker.once('listening', listening));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'start.ts'), '--data', data, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    assert.equal(code, 1);
    assert.equal(stderr.trim(), `npm start: port ${port + 2} is in use (the stack takes ${port}, ${port + 1} and ${port + 2}); choose others with --port N`);
  } finally {
    blocker.close();
  }
});
