// `pipes-gtm test` as users run it: one line per scenario, a summary per file, exit codes 0, 1 and 2.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../../cli.ts';
import { firstCodeLine, tplText, type TplSpec } from './helpers.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'pipes-gtm-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out, err };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('a template whose scenarios pass: a line per scenario and a summary, exit 0', async () => {
  const path = join(FIXTURES, 'web-variable', 'template.tpl');
  const { code, out, err } = await run('test', path);
  const where = relative(process.cwd(), path);
  assert.equal(code, 0);
  assert.deepEqual(err, []);
  assert.deepEqual(out, [where, '  ✓ keeps only allowlisted parameters', '  ✓ drops the query when nothing is allowlisted', `${where}: 2 passed, 0 failed`]);
});

test('failed scenarios: the failure and the logs; exit 1', async () => {
  const spec: TplSpec = {
    code: "require('logToConsole')('running'); return require('getRequestPath')();",
    permissions: [{ instance: { key: { publicId: 'logging', versionId: '1' }, param: [{ key: 'environments', value: { type: 1, string: 'debug' } }] }, isRequired: true }],
    scenarios: [
      { name: 'passes', code: "mock('getRequestPath', '/');\nassertThat(runCode({})).isEqualTo('/');" },
      { name: 'fails', code: "assertThat(runCode({})).isEqualTo('/');" },
    ],
  };
  const path = file('failing.tpl', tplText(spec));
  const { code, out, err } = await run('test', path);
  const where = relative(process.cwd(), path);
  assert.equal(code, 1);
  assert.deepEqual(err, []);
  assert.deepEqual(out, [
    where,
    '  ✓ passes',
    '  ✗ fails',
    // the server runtime runs the real API, which the template has no permission for; the mock skipped that check
    `      runCode: the template's code failed at line ${firstCodeLine(spec)}: getRequestPath: permission denied by read_request: the template does not declare the read_request permission`,
    '      log: running',
    `${where}: 1 passed, 1 failed`,
  ]);
});

test('a template that does not load: its problems at .tpl positions, exit 1', async () => {
  const path = file('bad.tpl', tplText({ code: 'return this;', scenarios: [] }));
  const { code, err } = await run('test', path);
  assert.equal(code, 1);
  assert.equal(err[0], `✗ ${relative(process.cwd(), path)}: the template does not load, so no scenario ran`);
  assert.match(err[1]!, /bad\.tpl:\d+:8: `this` is not available in the sandbox/);
});

test('usage errors exit 2 before anything runs', async () => {
  assert.equal((await run('test')).code, 2);
  const missing = await run('test', join(dir, 'nope.tpl'));
  assert.equal(missing.code, 2);
  assert.match(missing.err[0]!, /^pipes-gtm: no such file: /);
  const wrongKind = await run('test', file('code.js', 'return 1;'));
  assert.equal(wrongKind.code, 2);
  assert.match(wrongKind.err[0]!, /cannot test .*code\.js: expected a \.tpl file/);
  assert.match((await run('--help')).out[0]!, /test <file\.tpl…> +run the ___TESTS___ scenarios of \.tpl files/);
});
