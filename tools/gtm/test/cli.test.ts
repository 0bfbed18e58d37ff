// pipes-gtm as its users run it: exit codes, what goes to stdout and stderr, and file:line:column findings.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { main } from '../cli.ts';

const REPO = join(import.meta.dirname, '..', '..', '..');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'web-tag');
const DEFINE_TYPES = join(import.meta.dirname, '..', 'define', 'types.ts');

// template.ts is loaded as an ES module only inside a "type": "module" package, as it is in the repository.
const root = mkdtempSync(join(tmpdir(), 'pipes-gtm-cli-'));
writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
after(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function run(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out, err };
}

/** Writes a file under the temporary folder and returns its absolute path. */
function file(name: string, text: string): string {
  const path = join(root, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** How the CLI names a file: relative to the working directory. */
const shown = (path: string): string => relative(process.cwd(), path);

/** `file:line:column` of the first occurrence of `needle`, found independently of the linter. */
function at(path: string, needle: string): string {
  const text = readFileSync(path, 'utf8');
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} must occur in ${path}`);
  const before = text.slice(0, index).split('\n');
  return `${shown(path)}:${before.length}:${before.at(-1)!.length + 1}`;
}

// ----- usage -----

test('--help prints the commands to stdout and exits 0', async () => {
  const { code, out, err } = await run('--help');
  assert.equal(code, 0);
  assert.deepEqual(err, []);
  assert.match(out.join('\n'), /^Usage: pipes-gtm <command>/);
  assert.match(out.join('\n'), /^ {2}build \[template-dir…\]/m);
  assert.match(out.join('\n'), /^ {2}lint <file…>/m);
});

test('no command prints the usage to stderr and exits 2', async () => {
  const { code, out, err } = await run();
  assert.equal(code, 2);
  assert.deepEqual(out, []);
  assert.match(err.join('\n'), /^Usage: pipes-gtm <command>/);
});

const usageErrors: [string, string[], RegExp][] = [
  ['an unknown command', ['deploy'], /^pipes-gtm: unknown command "deploy"\n\nUsage:/],
  ['an unknown option', ['lint', '--fix', 'x.js'], /^pipes-gtm: Unknown option '--fix'/],
  ['lint without files', ['lint'], /^pipes-gtm: lint needs at least one file\n/],
  ['lint of a missing file', ['lint', 'no/such/file.js'], /^pipes-gtm: no such file: no\/such\/file\.js\n/],
  ['an unknown --context', ['lint', '--context', 'mobile', 'x.js'], /^pipes-gtm: --context must be web or server, not "mobile"\n/],
  ['build of a folder without template.ts', ['build', 'no/such/template'], /^pipes-gtm: no[\\/]such[\\/]template has no template\.ts\n/],
];
for (const [what, argv, message] of usageErrors) {
  test(`${what} is a usage error: exit 2, the reason and the usage on stderr`, async () => {
    const { code, out, err } = await run(...argv);
    assert.equal(code, 2);
    assert.deepEqual(out, []);
    assert.match(err.join('\n'), message);
    assert.match(err.join('\n'), /Exit codes: 0 clean, 1 findings or build errors, 2 usage errors\.$/);
  });
}

test('lint of a file it cannot read is a usage error', async () => {
  const notes = file('usage/notes.md', '# notes\n');
  const { code, err } = await run('lint', notes);
  assert.equal(code, 2);
  assert.match(err[0]!, /^pipes-gtm: cannot lint .*notes\.md: expected a \.tpl, \.js or \.ts file\n/);
});

test('every file is checked before any is linted, so a usage error comes alone', async () => {
  const bad = file('usage/bad.js', 'const d = new Date();\n');
  const { code, out, err } = await run('lint', bad, join(root, 'usage', 'missing.js'));
  assert.equal(code, 2);
  assert.deepEqual(out, []);
  assert.equal(err.length, 1);
  assert.match(err[0]!, /^pipes-gtm: no such file: .*missing\.js\n/);
});

// ----- lint -----

test('lint of clean sandbox JavaScript exits 0 and says so', async () => {
  const clean = file('lint/clean.js', "const log = require('logToConsole');\nlog('ready', data.accountId);\ndata.gtmOnSuccess();\n");
  assert.deepEqual(await run('lint', clean), { code: 0, out: ['1 file clean'], err: [] });
});

const constructs = file('lint/constructs.js', "const log = require('logToConsole');\nconst d = new Date();\nfunction f() { return this.y; }\nlog(d, f);\n");

test('lint reports constructs the sandbox lacks as file:line:column: message [rule] and exits 1', async () => {
  const { code, out, err } = await run('lint', constructs);
  assert.equal(code, 1);
  assert.deepEqual(out, []);
  const newAt = err.find((line) => line.endsWith('[new]'));
  assert.ok(newAt?.startsWith(`${at(constructs, 'new Date')}: \`new\` is not available`), newAt);
  const thisAt = err.find((line) => line.endsWith('[this]'));
  assert.ok(thisAt?.startsWith(`${at(constructs, 'this.y')}: \`this\` is not available`), thisAt);
});

test('the pipes-gtm binary reports the same findings with exit status 1', () => {
  const result = spawnSync(process.execPath, [join(REPO, 'tools', 'bin', 'pipes-gtm.js'), 'lint', 'constructs.js'], {
    cwd: join(root, 'lint'),
    encoding: 'utf8',
  });
  assert.equal(result.status, 1, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^constructs\.js:2:11: `new` is not available: .* \[new\]$/m);
  assert.match(result.stderr, /^constructs\.js:3:23: `this` is not available in the sandbox; .* \[this\]$/m);
});

test('--context decides which APIs exist in a .js file', async () => {
  const web = file('lint/web-api.js', "const injectScript = require('injectScript');\ninjectScript('https://example.com/a.js', data.gtmOnSuccess, data.gtmOnFailure);\n");
  assert.equal((await run('lint', web)).code, 0);
  const { code, err } = await run('lint', '--context', 'server', web);
  assert.equal(code, 1);
  assert.match(
    err.join('\n'),
    new RegExp(`^${escape(at(web, "'injectScript'"))}: 'injectScript' is not an API of server templates \\(it only exists in web templates\\)`),
  );
});

test('a template.ts that lint cannot load for the context is reported, not thrown', async () => {
  const definition = file('lint/broken-template/template.ts', 'export const info = {};\n');
  const code = file('lint/broken-template/sandbox/code.js', 'data.gtmOnSuccess();\n');
  const { code: exit, err } = await run('lint', code);
  assert.equal(exit, 1);
  assert.deepEqual(err, [`${shown(definition)}:1:1: template.ts must \`export default defineTemplate({ … })\``]);
});

test('a warning is shown but passes; --strict makes it a finding', async () => {
  const warns = file('lint/warns.js', "const log = require('logToConsole');\nlog('abc'.startsWith('a'));\n");
  const lenient = await run('lint', warns);
  assert.equal(lenient.code, 0);
  assert.deepEqual(lenient.err, []);
  assert.match(lenient.out[0]!, new RegExp(`^${escape(at(warns, 'startsWith'))}: warning: startsWith\\(\\) is not in GTM's standard library`));
  assert.equal(lenient.out[1], '1 file clean');

  const strict = await run('lint', '--strict', warns);
  assert.equal(strict.code, 1);
  assert.deepEqual(strict.out, []);
  assert.match(strict.err.join('\n'), /warning: startsWith\(\) is not in GTM's standard library.* \[stdlib-method\]$/);
});

test('lint of a .tpl reports the code section and the test scenarios at the .tpl lines', async () => {
  const tpl = file('lint/template.tpl', sampleTemplate());
  const { code, err } = await run('lint', tpl);
  assert.equal(code, 1);
  const findings = err.map((line) => line.replace(/ \[[\w-]+\]$/, ''));
  assert.ok(findings.some((f) => f.startsWith(`${at(tpl, 'new Date')}: \`new\` is not available`)), err.join('\n'));
  assert.ok(
    findings.some((f) => f.startsWith(`${at(tpl, 'this).isDefined')}: ___TESTS___ scenario "uses this": \`this\` is not available`)),
    err.join('\n'),
  );
  // Date is no sandbox global either; the clean scenario and the rest of the code add nothing
  assert.deepEqual(err.map((line) => /\[([\w-]+)\]$/.exec(line)?.[1]), ['new', 'unknown-global', 'this']);
});

test('lint of a .ts file compiles it and reports at TypeScript positions', async () => {
  const module = file(
    'lint/module.ts',
    "const log = require('logToConsole');\nconst count: number = 'three';\nlog(count);\nclass Counter {}\nlog(Counter);\n",
  );
  const { code, err } = await run('lint', module);
  assert.equal(code, 1);
  assert.ok(err.includes(`${at(module, 'count: number')}: Type 'string' is not assignable to type 'number'. [TS2322]`), err.join('\n'));
  assert.ok(err.some((line) => line.startsWith(`${at(module, 'class Counter')}: classes are not available`) && line.endsWith('[class]')), err.join('\n'));
});

// ----- build -----

/** A copy of the web-tag fixture whose imports of the define module still resolve. */
function fixtureCopy(): string {
  const dir = join(root, 'build', 'web-tag');
  cpSync(FIXTURE, dir, { recursive: true });
  for (const name of ['template.ts', 'sandbox/env.d.ts']) {
    const path = join(dir, name);
    const target = relative(dirname(path), DEFINE_TYPES);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/'(\.\.\/)+define\/types\.ts'/, `'${target}'`));
  }
  return dir;
}

test('build writes template.tpl, then finds it unchanged; --check passes on it and fails on a stale one', async () => {
  const dir = fixtureCopy();
  const output = join(dir, 'template.tpl');
  rmSync(output);

  assert.deepEqual(await run('build', dir), { code: 0, out: [`✓ ${shown(output)} written`], err: [] });
  const built = readFileSync(output, 'utf8');
  assert.match(built, /^\uFEFF?___TERMS_OF_SERVICE___\n/);
  assert.match(built, /\n___SANDBOXED_JS_FOR_WEB_TEMPLATE___\n\n/);
  assert.deepEqual(await run('build', dir), { code: 0, out: [`✓ ${shown(output)} unchanged`], err: [] });
  assert.deepEqual(await run('build', '--check', dir), { code: 0, out: [`✓ ${shown(output)} unchanged`], err: [] });

  appendFileSync(output, '\n');
  const stale = readFileSync(output, 'utf8');
  const check = await run('build', '--check', dir);
  assert.equal(check.code, 1);
  assert.deepEqual(check.out, []);
  assert.deepEqual(check.err, [`✗ ${shown(output)} differs from a fresh build: run \`npm run build\` and commit it`]);
  assert.equal(readFileSync(output, 'utf8'), stale, '--check must not write');

  assert.deepEqual(await run('build', dir), { code: 0, out: [`✓ ${shown(output)} written`], err: [] });
  assert.equal(readFileSync(output, 'utf8'), built);
});

test('build of a folder without sandbox/main.ts is a usage error', async () => {
  const dir = join(root, 'build', 'no-code');
  mkdirSync(dir, { recursive: true });
  cpSync(join(FIXTURE, 'template.ts'), join(dir, 'template.ts'));
  const { code, err } = await run('build', dir);
  assert.equal(code, 2);
  assert.match(err[0]!, /^pipes-gtm: .*no-code has no sandbox\/main\.ts, the template's code\n/);
  assert.equal(existsSync(join(dir, 'template.tpl')), false);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A small web tag in GTM's export format: one construct the sandbox lacks in the code, one in a test scenario. */
function sampleTemplate(): string {
  return `___TERMS_OF_SERVICE___

By creating or modifying this file you agree to Google Tag Manager's Community
Template Gallery Developer Terms of Service available at
https://developers.google.com/tag-manager/gallery-tos (or such other URL as
Google may provide), as modified from time to time.


___INFO___

{
  "type": "TAG",
  "id": "cvt_temp_public_id",
  "version": 1,
  "securityGroups": [],
  "displayName": "Lint sample",
  "brand": {
    "id": "brand_dummy",
    "displayName": ""
  },
  "description": "",
  "containerContexts": [
    "WEB"
  ]
}


___TEMPLATE_PARAMETERS___

[]


___SANDBOXED_JS_FOR_WEB_TEMPLATE___

const log = require('logToConsole');
const when = new Date();
log(when);
data.gtmOnSuccess();


___WEB_PERMISSIONS___

[]


___TESTS___

scenarios:
- name: succeeds
  code: |-
    runCode({});
    assertApi('gtmOnSuccess').wasCalled();
- name: uses this
  code: |-
    runCode({});
    assertThat(this).isDefined();


___NOTES___

Created by hand.
`;
}
