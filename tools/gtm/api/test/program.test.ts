// The compiler options, the library files and the editor configs describe one and the same sandbox program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { Context } from '../catalog.ts';
import { sandboxCompilerOptions, sandboxLibFiles } from '../program.ts';
import { diagnose } from './harness.ts';

const apiDir = dirname(dirname(fileURLToPath(import.meta.url)));
const repoRoot = join(apiDir, '..', '..', '..');
const contexts: Context[] = ['WEB', 'SERVER'];

function parseConfig(path: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(path, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  });
  assert.ok(parsed);
  assert.deepEqual(parsed.errors, []);
  return parsed;
}

test('sandboxLibFiles lists existing absolute files: the standard library, the shared APIs, one context, the test APIs on request', () => {
  const names = (context: Context, tests: boolean) => sandboxLibFiles(context, { tests }).map((f) => f.slice(f.lastIndexOf('/') + 1));
  assert.deepEqual(names('WEB', false), ['sandbox-lib.d.ts', 'common.d.ts', 'web.d.ts']);
  assert.deepEqual(names('SERVER', true), ['sandbox-lib.d.ts', 'common.d.ts', 'server.d.ts', 'tests.d.ts']);
  for (const file of sandboxLibFiles('SERVER', { tests: true }).concat(sandboxLibFiles('WEB', { tests: true }))) {
    assert.ok(file.startsWith('/') && existsSync(file), file);
  }
});

for (const context of contexts) {
  for (const tests of [false, true]) {
    test(`the ${context} declarations${tests ? ' with the test APIs' : ''} type-check cleanly under the sandbox options`, () => {
      assert.deepEqual(diagnose('export {};\n', context, { tests }), []);
    });
  }

  test(`tsconfig.sandbox.${context.toLowerCase()}.json has program.ts's options (bar noEmit) and the ${context} library with the test APIs`, () => {
    const parsed = parseConfig(join(apiDir, `tsconfig.sandbox.${context.toLowerCase()}.json`));
    const { configFilePath: _path, noEmit, ...options } = parsed.options;
    const { noEmit: programNoEmit, ...programOptions } = sandboxCompilerOptions();
    assert.equal(noEmit, true);
    assert.equal(programNoEmit, false);
    assert.deepEqual(options, programOptions);
    assert.deepEqual(parsed.fileNames, sandboxLibFiles(context, { tests: true }));
  });
}

test("a template's sandbox/tsconfig.json can extend the editor config and keep its own files", () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-config-'));
  try {
    const sandbox = join(dir, 'sandbox');
    mkdirSync(sandbox);
    writeFileSync(join(sandbox, 'main.ts'), 'export {};\n');
    writeFileSync(join(sandbox, 'tsconfig.json'), JSON.stringify({ extends: join(apiDir, 'tsconfig.sandbox.server.json'), include: ['./**/*.ts'] }));
    const parsed = parseConfig(join(sandbox, 'tsconfig.json'));
    assert.deepEqual(parsed.fileNames, [...sandboxLibFiles('SERVER', { tests: true }), join(sandbox, 'main.ts')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the repository's Node program never sees the sandbox declarations", () => {
  const rootFiles = parseConfig(join(repoRoot, 'tsconfig.json')).fileNames;
  assert.ok(rootFiles.includes(join(apiDir, 'program.ts')));
  for (const file of sandboxLibFiles('WEB', { tests: true }).concat(sandboxLibFiles('SERVER', { tests: false }))) {
    assert.ok(!rootFiles.includes(file), file);
  }
});
