// What the compiler makes of valid TypeScript: one script in GTM's subset, lowered and bundled, and its tests.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { compileTemplate } from '../compile.ts';
import { BuildError } from '../../diagnostic.ts';

const root = mkdtempSync(join(tmpdir(), 'pipes-compile-'));
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** Writes files into a fresh folder and returns its path. */
function project(files: Record<string, string>): string {
  const dir = join(root, `p${n++}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const tagData = 'declare const data: { name: string; gtmOnSuccess(): void; gtmOnFailure(): void };\n';

test('bundles modules into one script with one require per API and lowers what the sandbox lacks', async () => {
  const dir = project({
    'main.ts': `import { greet } from './util.ts';
${tagData}const logToConsole = require('logToConsole');
const o: { a?: number; b: number } = { a: 1, b: 2 };
delete o.a;
const label = \`hello \${data.name}, \${1 + 2}!\`;
const keys = Object.keys(o);
const json = JSON.stringify({ keys, label, greet: greet(data.name) });
const api = { log(x: string) { logToConsole(x); } };
api.log(json || '');
data.gtmOnSuccess();
`,
    'util.ts': `const getType = require('getType');
export function greet(name: string): string {
  return getType(name) === 'string' ? \`hi \${name}\` : JSON.stringify(name) || '';
}
export function unused(): string {
  return require('makeString')(1);
}
`,
  });
  const result = await compileTemplate({ context: 'WEB', type: 'TAG', entry: join(dir, 'main.ts') });
  assert.equal(
    result.code,
    `const Object = require('Object');
const JSON = require('JSON');
const getType = require('getType');
const logToConsole = require('logToConsole');

function greet(name) {
  return getType(name) === 'string' ? "hi " + name : JSON.stringify(name) || '';
}

const o = { a: 1, b: 2 };
Object.delete(o, "a");
const label = "hello " + data.name + ", " + (1 + 2) + "!";
const keys = Object.keys(o);
const json = JSON.stringify({ keys: keys, label: label, greet: greet(data.name) });
const api = { log: function (x) { logToConsole(x); } };
api.log(json || '');
data.gtmOnSuccess();`,
  );
  // makeString was only used by tree-shaken code, so it is neither required nor reported as used
  assert.deepEqual(
    result.apis.map((a) => `${a.name} ${a.file.slice(dir.length + 1)}:${a.line}:${a.column}`),
    ['JSON util.ts:3:54', 'Object main.ts:5:1', 'getType util.ts:1:17', 'logToConsole main.ts:3:22'],
  );
});

test("a template literal with a leading substitution still concatenates strings, not numbers", async () => {
  const dir = project({ 'main.ts': `${tagData}const a = 1; const b = 2;\nconst s = \`\${a}\${b}\`;\nrequire('logToConsole')(s);\ndata.gtmOnSuccess();\n` });
  const { code } = await compileTemplate({ context: 'WEB', type: 'TAG', entry: join(dir, 'main.ts') });
  assert.match(code, /const s = "" \+ a \+ b;/);
});

test('a variable template returns the default export of its entry module', async () => {
  const dir = project({ 'main.ts': `declare const data: { value: string };\nconst makeString = require('makeString');\nexport default makeString(data.value).toUpperCase();\n` });
  const { code } = await compileTemplate({ context: 'WEB', type: 'MACRO', entry: join(dir, 'main.ts') });
  assert.equal(code, `const makeString = require('makeString');\n\nconst main = makeString(data.value).toUpperCase();\n\nreturn main;`);
});

test('a tag whose entry exports something is an error', async () => {
  const dir = project({ 'main.ts': `${tagData}export const x = 1;\ndata.gtmOnSuccess();\n` });
  await assert.rejects(compileTemplate({ context: 'WEB', type: 'TAG', entry: join(dir, 'main.ts') }), (e: unknown) => {
    assert.ok(e instanceof BuildError);
    assert.match(e.message, /entry module of a TAG template must not export anything/);
    return true;
  });
});

test('type errors name the module and line they are in, and a web-only API is unknown on the server', async () => {
  const dir = project({
    'main.ts': `import { twice, title } from './lib/math.ts';\ndeclare const data: {};\nrequire('logToConsole')(twice(2), title);\n`,
    'lib/math.ts': `export function twice(x: number): number {\n  return x * 'two';\n}\nexport const title = require('readTitle');\n`,
  });
  await assert.rejects(compileTemplate({ context: 'SERVER', type: 'CLIENT', entry: join(dir, 'main.ts') }), (e: unknown) => {
    assert.ok(e instanceof BuildError);
    const lines = e.diagnostics.map((d) => `${d.file.slice(dir.length + 1)}:${d.line}:${d.column} ${d.rule}`);
    assert.ok(lines.includes('lib/math.ts:2:14 TS2363'), lines.join('\n'));
    assert.ok(lines.includes('lib/math.ts:4:30 TS2345'), lines.join('\n'));
    // the linter's clearer word on the same require, although the bundle holds it in a line of its own
    assert.ok(lines.includes('lib/math.ts:4:22 unknown-api'), lines.join('\n'));
    return true;
  });
});

test('tests.ts becomes setup plus one scenario per scenario() call, flush left', async () => {
  const dir = project({
    'main.ts': `${tagData}data.gtmOnSuccess();\n`,
    'tests.ts': `const JSON = require('JSON');
const mockData = { name: 'x' };

scenario('calls gtmOnSuccess', () => {
  runCode(mockData);
  if (JSON.stringify(mockData)) {
    assertApi('gtmOnSuccess').wasCalled();
  }
});

scenario("quotes \\"and\\" template \${'literals'}", () => {
  const note = \`name: \${mockData.name}\`;
  assertThat(note).isEqualTo('name: x');
});
`,
  });
  const { tests } = await compileTemplate({ context: 'WEB', type: 'TAG', entry: join(dir, 'main.ts'), tests: join(dir, 'tests.ts') });
  assert.deepEqual(tests, {
    setup: `const JSON = require('JSON');\n\nconst mockData = { name: 'x' };`,
    scenarios: [
      {
        name: 'calls gtmOnSuccess',
        code: `runCode(mockData);\nif (JSON.stringify(mockData)) {\n  assertApi('gtmOnSuccess').wasCalled();\n}`,
      },
      { name: 'quotes "and" template ${\'literals\'}', code: `const note = "name: " + mockData.name;\nassertThat(note).isEqualTo('name: x');` },
    ],
  });
});

test('a scenario must have a literal name and a block body', async () => {
  const dir = project({
    'main.ts': `${tagData}data.gtmOnSuccess();\n`,
    'tests.ts': `const name = 'dynamic';\nscenario(name, () => { fail('x'); });\n`,
  });
  await assert.rejects(compileTemplate({ context: 'WEB', type: 'TAG', entry: join(dir, 'main.ts'), tests: join(dir, 'tests.ts') }), (e: unknown) => {
    assert.ok(e instanceof BuildError);
    assert.match(e.message, /tests\.ts:2:1: write a scenario as scenario\('name'/);
    return true;
  });
});

test("an import ending in ?text embeds that file's text as a string", async () => {
  const dir = project({
    'main.ts': `import script from '../assets/snippet.js?text';\n${tagData}require('logToConsole')(script);\ndata.gtmOnSuccess();\n`,
    '../assets/snippet.js': `window.x = "it's \\u00e9";\n`,
  });
  const { code } = await compileTemplate({ context: 'WEB', type: 'TAG', entry: join(dir, 'main.ts') });
  assert.ok(code.includes(`const script = "window.x = \\"it's \\\\u00e9\\";\\n";`), code);
});

test('embedding a file that does not exist says so', async () => {
  const dir = project({ 'main.ts': `import script from './missing.js?text';\n${tagData}require('logToConsole')(script);\n` });
  await assert.rejects(compileTemplate({ context: 'WEB', type: 'TAG', entry: join(dir, 'main.ts') }), /cannot embed .*missing\.js: no such file/);
});
