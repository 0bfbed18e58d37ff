// Build failures must name the cause at the place to fix it: each case breaks one thing in a copy of the web-tag
// fixture and checks the message and the file:line(:column) the build reports.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { buildTemplates, templateSource } from '../build.ts';
import type { Diagnostic } from '../diagnostic.ts';
import { main } from '../cli.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'web-tag');
const DEFINE_TYPES = join(import.meta.dirname, '..', 'define', 'types.ts');

// template.ts is loaded as an ES module only inside a "type": "module" package, as it is in the repository.
const root = mkdtempSync(join(tmpdir(), 'pipes-gtm-build-errors-'));
writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
after(() => rmSync(root, { recursive: true, force: true }));

let copies = 0;

/**
 * A copy of the fixture with `edits` applied. Each copy has its own folder: template.ts is imported, and a module
 * once imported is never read again by the same process.
 */
function brokenCopy(edits: { [file: string]: (text: string) => string }): string {
  const dir = join(root, `copy-${++copies}`, 'web-tag');
  cpSync(FIXTURE, dir, { recursive: true });
  // the fixture reaches the define module by relative paths that the copy's location breaks
  for (const file of ['template.ts', 'sandbox/env.d.ts']) {
    const path = join(dir, file);
    const target = relative(dirname(path), DEFINE_TYPES);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/'(\.\.\/)+define\/types\.ts'/, `'${target}'`));
  }
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    const edited = edit(readFileSync(path, 'utf8'));
    assert.notEqual(edited, readFileSync(path, 'utf8'), `the edit of ${file} must change it`);
    writeFileSync(path, edited);
  }
  return dir;
}

/** 1-based line and column of the `nth` occurrence of `needle` in a file, found independently of the toolchain. */
function positionOf(file: string, needle: string, nth = 1): { line: number; column: number } {
  const text = readFileSync(file, 'utf8');
  let index = -1;
  for (let i = 0; i < nth; i++) index = text.indexOf(needle, index + 1);
  assert.ok(index >= 0, `${needle} must occur ${nth} time(s) in ${file}`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** Builds a broken copy: the build must fail without touching the committed template.tpl. */
async function failedBuild(dir: string): Promise<Diagnostic[]> {
  const output = join(dir, 'template.tpl');
  const before = readFileSync(output, 'utf8');
  const [result] = await buildTemplates([templateSource(dir)], { check: false });
  assert.equal(result!.status, 'failed');
  assert.equal(readFileSync(output, 'utf8'), before, 'a failed build must leave template.tpl as it was');
  return result!.error!.diagnostics;
}

function assertOne(diagnostics: Diagnostic[], expected: Partial<Omit<Diagnostic, 'message'>> & { message: RegExp }): void {
  const { message, ...where } = expected;
  const found = diagnostics.filter((d) => message.test(d.message));
  assert.equal(found.length, 1, `one diagnostic matching ${message}, got:\n${diagnostics.map((d) => JSON.stringify(d)).join('\n')}`);
  const actual = Object.fromEntries(Object.keys(where).map((key) => [key, found[0]![key as keyof Diagnostic]]));
  assert.deepEqual(actual, where);
}

test('an API whose permission has no declared settings is reported at the require in the code', async () => {
  const dir = brokenCopy({ 'template.ts': (t) => t.replace(/\n {4}inject_script: .*/, '') });
  const entry = join(dir, 'sandbox', 'main.ts');
  const diagnostics = await failedBuild(dir);
  assert.equal(diagnostics.length, 1);
  assertOne(diagnostics, {
    message: /^injectScript needs the inject_script permission, which has no safe default: declare it in the template's permissions, e\.g\. inject_script: \{ urls: /,
    file: entry,
    line: positionOf(entry, "require('injectScript')").line,
    rule: 'permissions',
  });
});

test('a declared permission no code needs is reported at its key in template.ts', async () => {
  const dir = brokenCopy({
    'sandbox/main.ts': (t) => t.replace(/\nconst injectHiddenIframe = .*/, '').replace(/\ninjectHiddenIframe\(.*/, ''),
  });
  const definition = join(dir, 'template.ts');
  assertOne(await failedBuild(dir), {
    message: /^unused permission inject_hidden_iframe: no API the code uses needs it: remove it$/,
    file: definition,
    ...positionOf(definition, 'inject_hidden_iframe:'),
    rule: 'permissions',
  });
});

test('a duplicate parameter name is reported at the duplicate, not at the first use of the name', async () => {
  const dir = brokenCopy({ 'template.ts': (t) => t.replace("name: 'eventName'", "name: 'accountId'") });
  const definition = join(dir, 'template.ts');
  assertOne(await failedBuild(dir), {
    message: /^parameters\[2\]\.subParams\[0\] \(name "accountId"\): the name "accountId" is already used by parameters\[1\]/,
    file: definition,
    ...positionOf(definition, "name: 'accountId'", 2),
    rule: 'definition',
  });
});

test('an enabling condition naming a missing field is reported at that condition', async () => {
  const dir = brokenCopy({ 'template.ts': (t) => t.replace("paramName: 'eventType'", "paramName: 'eventKind'") });
  const definition = join(dir, 'template.ts');
  assertOne(await failedBuild(dir), {
    message: /enablingConditions\[0\] \(name "eventName"\): there is no field named "eventKind" to depend on; name one of "accountId", "eventType"/,
    file: definition,
    ...positionOf(definition, "{ paramName: 'eventKind'"),
  });
});

test('a select default that is none of its items is reported at the field', async () => {
  const dir = brokenCopy({ 'template.ts': (t) => t.replace("defaultValue: 'page'", "defaultValue: 'pages'") });
  const definition = join(dir, 'template.ts');
  assertOne(await failedBuild(dir), {
    message: /^parameters\[2\] \(name "eventType"\): defaultValue "pages" is not one of the items; write one of "page", "track"$/,
    file: definition,
    ...positionOf(definition, "name: 'eventType'"),
  });
});

test('a problem in a field whose name is also a key of the definition points at that field', async () => {
  // `type:` first occurs in info; the problem is in the checkbox named "type"
  const dir = brokenCopy({
    'template.ts': (t) => t.replace("name: 'debug', checkboxText", "name: 'type', defaultValue: 'yes' as never, checkboxText"),
  });
  const definition = join(dir, 'template.ts');
  assertOne(await failedBuild(dir), {
    message: /\(name "type"\): defaultValue "yes" does not fit a CHECKBOX; write true or false$/,
    file: definition,
    ...positionOf(definition, "name: 'type'"),
  });
});

test('a missing thumbnail is reported at the thumbnail path', async () => {
  const dir = brokenCopy({});
  rmSync(join(dir, 'thumbnail.png'));
  const definition = join(dir, 'template.ts');
  assertOne(await failedBuild(dir), {
    message: /^info\.brand\.thumbnail: no file thumbnail\.png in the template folder; add the PNG or fix the path$/,
    file: definition,
    ...positionOf(definition, "thumbnail: 'thumbnail.png'"),
  });
});

test('a type error in a sandbox module is reported at its TypeScript position', async () => {
  const dir = brokenCopy({
    'sandbox/visitor.ts': (t) => t.replace("const templateStorage = require('templateStorage');", "$&\nconst retries: number = 'three';"),
  });
  const visitor = join(dir, 'sandbox', 'visitor.ts');
  const diagnostics = await failedBuild(dir);
  assert.equal(diagnostics.length, 1);
  assertOne(diagnostics, {
    message: /^Type 'string' is not assignable to type 'number'\.$/,
    file: visitor,
    ...positionOf(visitor, 'retries'),
    rule: 'TS2322',
  });
});

test('reading a parameter the definition lacks is a type error at the read', async () => {
  const dir = brokenCopy({ 'sandbox/main.ts': (t) => t.replace('if (data.debug)', 'if (data.verbose)') });
  const entry = join(dir, 'sandbox', 'main.ts');
  const diagnostics = await failedBuild(dir);
  assert.equal(diagnostics.length, 1);
  assertOne(diagnostics, {
    message: /^data has no field 'verbose': the template's parameters \(template.ts\) give accountId, consentMode, cookieOverrides, debug, eventName, eventType, gtmEventId, gtmOnFailure, gtmOnSuccess, gtmTagId, logIgnored, properties, timeoutMs\.$/,
    file: entry,
    ...positionOf(entry, 'verbose'),
    rule: 'TS2339',
  });
});

test('an API of server templates used in a web template is an error at its require', async () => {
  const dir = brokenCopy({
    'sandbox/event.ts': (t) =>
      t
        .replace("const readTitle = require('readTitle');", "$&\nconst getRequestBody = require('getRequestBody');")
        .replace("gtagSet({ 'developer_id.fixture': true });", '$&\n  getRequestBody();'),
  });
  const event = join(dir, 'sandbox', 'event.ts');
  assertOne(await failedBuild(dir), {
    message: /^Argument of type '"getRequestBody"' is not assignable to parameter of type 'keyof GtmApis'\.$/,
    file: event,
    ...positionOf(event, "'getRequestBody'"),
    rule: 'TS2345',
  });
});

test('a template.ts without a default export is reported at its top', async () => {
  const dir = brokenCopy({ 'template.ts': (t) => t.replace('export default defineTemplate', 'export const definition = defineTemplate') });
  const definition = join(dir, 'template.ts');
  assert.deepEqual(await failedBuild(dir), [
    { file: definition, line: 1, column: 1, message: 'template.ts must `export default defineTemplate({ … })`' },
  ]);
});

test('pipes-gtm build prints each problem as file:line:column under the failed template and exits 1', async () => {
  const dir = brokenCopy({ 'sandbox/main.ts': (t) => t.replace('if (data.debug)', 'if (data.verbose)') });
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['build', dir], (s) => out.push(s), (s) => err.push(s));
  assert.equal(code, 1);
  assert.deepEqual(out, []);
  const entry = relative(process.cwd(), join(dir, 'sandbox', 'main.ts'));
  const { line, column } = positionOf(join(dir, 'sandbox', 'main.ts'), 'verbose');
  assert.match(
    err.join('\n'),
    new RegExp(`^✗ ${escape(relative(process.cwd(), join(dir, 'template.tpl')))}\\n  ${escape(`${entry}:${line}:${column}: data has no field 'verbose'`)}.* \\[TS2339\\]$`),
  );
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
