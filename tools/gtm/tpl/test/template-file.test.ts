import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TplError } from '../errors.ts';
import { readTemplateFile, TERMS_OF_SERVICE_TEXT, writeTemplateFile, type TemplateFile } from '../template-file.ts';

const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const FIXTURES = ['web-tag.tpl', 'server-client.tpl', 'macro-no-tos.tpl'];
const words = (n: number): string => Array.from({ length: n }, () => 'word').join(' ');

function assertTplError(text: string, line: number, message: RegExp, column?: number): void {
  assert.throws(
    () => readTemplateFile(text),
    (error: unknown) => {
      assert.ok(error instanceof TplError, `expected a TplError, got ${String(error)}`);
      assert.equal(error.line, line, error.message);
      if (column !== undefined) assert.equal(error.column, column, error.message);
      assert.match(error.message, message);
      return true;
    },
  );
}

test('reading then writing each fixture gives the same bytes', () => {
  for (const name of FIXTURES) {
    const text = fixture(name);
    assert.equal(writeTemplateFile(readTemplateFile(text)), text, name);
  }
});

test('the web tag fixture reads into its data, with GTM escapes and YAML styles undone', () => {
  const t = readTemplateFile(fixture('web-tag.tpl'));
  assert.equal(t.termsOfService, true);
  assert.equal(t.context, 'WEB');
  assert.equal(t.layout, undefined);
  assert.deepEqual(Object.keys(t.info), ['type', 'id', 'version', 'securityGroups', 'displayName', 'categories', 'brand', 'description', 'containerContexts']);
  assert.equal(t.info.displayName, 'Sample Pixel <beta> & Friends');
  assert.equal(t.info.description, 'Sends a pixel. It\'s "quoted", has a back\\slash, a tab\tand a line\nbreak; emoji 🎉 and 日本語.');
  const pixelId = t.parameters[0] as { help: string; valueHint: string };
  assert.equal(pixelId.help, 'Find it <a href="https://example.com/?a=1&b=2">in the docs</a>.\nOne per line.');
  assert.equal(pixelId.valueHint, 'e.g. px_123\u001f');
  assert.match(t.code, /^const sendPixel = require\('sendPixel'\);\n/);
  assert.match(t.code, /\n\tlog\('pixel', url\);\n/);
  assert.equal(t.permissions.length, 2);
  assert.equal(t.notes, 'Written by hand for the .tpl round-trip tests.\nSecond line: ünïcödé.');

  const code = new Map(t.tests!.scenarios.map((s) => [s.name, s.code]));
  assert.equal(t.tests!.scenarios.length, 10);
  assert.equal(code.get('yes'), 'runCode({});');
  assert.equal(code.get('[edge] quotes \' and "doubles"'), 'runCode({pixelId: "it\'s"});');
  assert.equal(code.get('Tabs and trailing spaces'), 'let a = 1; \n\tlog(a);');
  assert.equal(code.get('Keeps a final line break'), 'runCode({});\n');
  assert.equal(code.get('Ünïcödé ✓ and emoji 🎉'), "const s = 'ß — 🎉';\nrunCode({pixelId: s});");
  assert.equal(code.get(words(20)), 'runCode({});');
  assert.equal(code.get('Double-quoted emoji'), '\t🎉');
  assert.equal(code.get('Long escaped line'), `\t${words(20)}`);
  assert.equal(code.get('Indented first line'), "  runCode({});\nassertApi('gtmOnSuccess').wasCalled();");
  assert.equal(t.tests!.setup, "const JSON = require('JSON');\nconst log = require('logToConsole');");
});

test('the server client fixture: server sections, many scenarios with quoted names, an empty setup', () => {
  const t = readTemplateFile(fixture('server-client.tpl'));
  assert.equal(t.context, 'SERVER');
  assert.equal(t.info.type, 'CLIENT');
  assert.deepEqual(
    t.tests!.scenarios.map((s) => s.name),
    ['Claims the collect path', 'Leaves other paths', '2024-01-31', 'null', 'On', '1e3', 'a: b', '#hash', '- dash', '-dash and y', ' leading space', 'Ends with a colon:'],
  );
  assert.equal(t.tests!.setup, '');
  assert.equal(t.notes, 'Created on 01/02/2026, 10:20:30');
});

test('the variable fixture: no terms of service, no permissions section, empty lists, an empty suite, notes with blank lines and tabs', () => {
  const t = readTemplateFile(fixture('macro-no-tos.tpl'));
  assert.equal(t.termsOfService, false);
  assert.equal(t.layout, undefined);
  assert.equal(t.info.type, 'MACRO');
  assert.deepEqual(t.parameters, []);
  assert.deepEqual(t.permissions, []);
  assert.deepEqual(t.tests, { scenarios: [] });
  assert.equal(t.notes, 'Line one\n\nLine three after a blank line\n\ttabbed');
});

const OURS: TemplateFile = {
  termsOfService: true,
  info: { type: 'TAG', id: 'cvt_temp_public_id', version: 1, securityGroups: [], displayName: 'Ours', containerContexts: ['SERVER'] },
  parameters: [],
  context: 'SERVER',
  code: "const log = require('logToConsole');\nlog('hi');",
  permissions: [],
  tests: undefined,
  notes: undefined,
};

test('our own templates are written in GTM layout: BOM, terms of service, GTM order, no empty permissions section, two blank lines at the end', () => {
  const text = writeTemplateFile({ ...OURS, tests: { scenarios: [] }, notes: 'n' });
  assert.equal(
    text,
    `\uFEFF___TERMS_OF_SERVICE___\n\n${TERMS_OF_SERVICE_TEXT}\n\n\n` +
      '___INFO___\n\n{\n  "type": "TAG",\n  "id": "cvt_temp_public_id",\n  "version": 1,\n  "securityGroups": [],\n  "displayName": "Ours",\n  "containerContexts": [\n    "SERVER"\n  ]\n}\n\n\n' +
      '___TEMPLATE_PARAMETERS___\n\n[]\n\n\n' +
      "___SANDBOXED_JS_FOR_SERVER___\n\nconst log = require('logToConsole');\nlog('hi');\n\n\n" +
      '___TESTS___\n\nscenarios: []\n\n\n' +
      '___NOTES___\n\nn\n\n\n',
  );
  assert.deepEqual(readTemplateFile(text), { ...OURS, tests: { scenarios: [] }, notes: 'n' });
});

test('absent tests and notes leave their sections out; a web template gets the web sections', () => {
  const web = { ...OURS, info: { ...OURS.info, containerContexts: ['WEB'] }, context: 'WEB' as const, permissions: [{ isRequired: true }] };
  const text = writeTemplateFile(web);
  assert.match(text, /___SANDBOXED_JS_FOR_WEB_TEMPLATE___\n\n[^]*___WEB_PERMISSIONS___\n\n\[\n  \{\n    "isRequired": true\n  \}\n\]\n\n\n$/);
  assert.doesNotMatch(text, /___TESTS___|___NOTES___|SERVER/);
});

test('a file without a BOM, or with CRLF line breaks, records that in its layout and is written back the same', () => {
  const text = fixture('web-tag.tpl');
  const noBom = text.slice(1);
  assert.deepEqual(readTemplateFile(noBom).layout, { bom: false, lineBreak: '\n' });
  assert.equal(writeTemplateFile(readTemplateFile(noBom)), noBom);

  const crlf = text.replaceAll('\n', '\r\n');
  const read = readTemplateFile(crlf);
  assert.deepEqual(read.layout, { bom: true, lineBreak: '\r\n' });
  assert.equal(read.tests!.scenarios[0]!.code.includes('\r'), false);
  assert.equal(writeTemplateFile(read), crlf);
});

test('hand-edited spacing, such as a file trimmed to one line break at its end, is kept', () => {
  const text = fixture('server-client.tpl').replace(/\n\n\n$/, '\n');
  const read = readTemplateFile(text);
  assert.deepEqual(read.layout, { bom: true, lineBreak: '\n', spacing: { NOTES: { before: '\n\n', after: '\n' } } });
  assert.equal(writeTemplateFile(read), text);
});

test('sections out of GTM order are read, and written back in GTM order', () => {
  const text = '___INFO___\n\n{}\n\n\n___NOTES___\n\nn\n\n\n___SANDBOXED_JS_FOR_WEB_TEMPLATE___\n\nx\n\n\n___TEMPLATE_PARAMETERS___\n\n[]\n\n\n';
  const written = writeTemplateFile(readTemplateFile(text));
  assert.equal(
    written,
    '___INFO___\n\n{}\n\n\n___TEMPLATE_PARAMETERS___\n\n[]\n\n\n___SANDBOXED_JS_FOR_WEB_TEMPLATE___\n\nx\n\n\n___NOTES___\n\nn\n\n\n',
  );
});

// GTM's export has no permissions section when a template needs no permission: public variable templates exported
// from the editor go straight from their code to ___TESTS___ (e.g. AitorContrerasN/lowercase-spaces-gtm-template,
// "Created on 9/10/2024"). Files written by other tools may carry an explicit `[]`, which is kept.
test('an empty permissions section is GTM-absent unless the file writes it', () => {
  const code = '___SANDBOXED_JS_FOR_SERVER___\n\nreturn 1;\n\n\n';
  const gtm = `\uFEFF___INFO___\n\n{}\n\n\n___TEMPLATE_PARAMETERS___\n\n[]\n\n\n${code}___TESTS___\n\nscenarios: []\n\n\n`;
  const read = readTemplateFile(gtm);
  assert.deepEqual([read.permissions, read.layout], [[], undefined]);
  assert.equal(writeTemplateFile(read), gtm);

  const explicit = gtm.replace(code, `${code}___SERVER_PERMISSIONS___\n\n[]\n\n\n`);
  const kept = readTemplateFile(explicit);
  assert.deepEqual(kept.layout, { bom: true, lineBreak: '\n', emptyPermissionsSection: true });
  assert.equal(writeTemplateFile(kept), explicit);

  const withPermission = writeTemplateFile({ ...read, permissions: [{ isRequired: true }] });
  assert.ok(withPermission.includes(`${code}___SERVER_PERMISSIONS___\n\n[\n  {\n    "isRequired": true\n  }\n]\n\n\n___TESTS___`));
});

const MINIMAL = '___INFO___\n\n{}\n\n\n___SANDBOXED_JS_FOR_WEB_TEMPLATE___\n\nx\n\n\n';

test('a terms-of-service section with other text is an error', () => {
  assertTplError(`___TERMS_OF_SERVICE___\n\nI agree.\n\n\n${MINIMAL}`, 3, /___TERMS_OF_SERVICE___ is not GTM's text; restore GTM's paragraph or remove the section/);
});

test('a file with no code section, or with both, is an error', () => {
  assertTplError('___INFO___\n\n{}\n', 1, /no code section; write ___SANDBOXED_JS_FOR_WEB_TEMPLATE___ \(web\) or ___SANDBOXED_JS_FOR_SERVER___ \(server\)/);
  assertTplError(`${MINIMAL}___SANDBOXED_JS_FOR_SERVER___\n\ny\n`, 13, /one code section/);
});

test('permissions of the other context are an error that names the right section', () => {
  assertTplError(`${MINIMAL}___SERVER_PERMISSIONS___\n\n[]\n`, 13, /___SERVER_PERMISSIONS___ in a web template; its permissions go in ___WEB_PERMISSIONS___/);
});

test('invalid JSON is an error at its line and column in the file', () => {
  assertTplError('___INFO___\n\n{\n  "type": "TAG",\n  oops\n}\n\n\n___SANDBOXED_JS_FOR_WEB_TEMPLATE___\n\nx\n', 5, /___INFO___ is not valid JSON/, 3);
});

test('JSON of the wrong shape is an error that says which shape', () => {
  assertTplError('___INFO___\n\n[]\n\n\n___SANDBOXED_JS_FOR_WEB_TEMPLATE___\n\nx\n', 3, /___INFO___ must be a JSON object/);
  assertTplError(`${MINIMAL}___WEB_PERMISSIONS___\n\n{}\n`, 13, /___WEB_PERMISSIONS___ must be a JSON array/);
});

test('an error inside ___TESTS___ points at its line in the file', () => {
  assertTplError(`${MINIMAL}___TESTS___\n\nscenarios:\n- name: a\n  kode: x\n`, 15, /unknown key `kode` in a scenario/);
});
