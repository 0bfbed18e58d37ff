// lintTemplateFile: the code section and every test scenario and setup, reported at lines and columns of the .tpl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTemplateFile } from '../index.ts';

// A web tag in GTM's export layout. Each scenario's code uses a different YAML style, as GTM's exports do.
const TPL = [
  '\uFEFF___INFO___', // 1
  '',
  '{',
  '  "type": "TAG",',
  '  "containerContexts": [',
  '    "WEB"',
  '  ]',
  '}',
  '',
  '',
  '___SANDBOXED_JS_FOR_WEB_TEMPLATE___', // 11
  '',
  "const log = require('logToConsole');", // 13
  'log(new Thing());', // 14
  'data.gtmOnSuccess();',
  '',
  '',
  '___TESTS___', // 18
  '',
  'scenarios:', // 20
  '- name: double quoted',
  '  code: "runCode(mockData);\\nconst s = `a`;\\nassertApi(\'gtmOnSuccess\')\\', // 22
  '    \\ .wasCalled(this);"', // 23
  '- name: block literal',
  '  code: |-', // 25
  '    runCode(mockData);',
  '', // 27
  '    const v = mockData.x ?? 1;', // 28
  '- name: plain',
  '  code: runCode(window)', // 30
  'setup: |-', // 31
  "  const mockData = {id: 'x'};",
  '  const when = Date;', // 33
  '',
  '',
  '___NOTES___',
  '',
  'Created by hand',
  '',
  '',
].join('\n');

test('findings in code and tests point at the .tpl line and column', () => {
  const found = lintTemplateFile(TPL).map((f) => [f.line, f.column, f.endLine, f.endColumn, f.rule, f.message.split(':')[0]]);
  assert.deepEqual(found, [
    [14, 5, 14, 16, 'new', '`new` is not available'],
    [14, 9, 14, 14, 'unknown-global', 'Thing is not defined in GTM\'s sandbox, which has no globals besides data and require; declare it, or require the GTM API that provides it'],
    // `\n` escapes, then a line folded with an escaped line break and an escaped space
    [22, 40, 22, 43, 'template-literal', '___TESTS___ scenario "double quoted"'],
    [23, 18, 23, 22, 'this', '___TESTS___ scenario "double quoted"'],
    [28, 15, 28, 30, 'nullish', '___TESTS___ scenario "block literal"'],
    [30, 17, 30, 23, 'unknown-global', '___TESTS___ scenario "plain"'],
    [33, 16, 33, 20, 'unknown-global', '___TESTS___ setup'],
  ]);
});

test('a test finding names its scenario and keeps the rule message', () => {
  const plain = lintTemplateFile(TPL).find((f) => f.line === 30)!;
  assert.equal(
    plain.message,
    '___TESTS___ scenario "plain": window is not defined in GTM\'s sandbox, which has no globals besides data and require; use copyFromWindow, setInWindow and callInWindow (require them; they need the access_globals permission)',
  );
});

test('the context comes from the code section: a server template may require server APIs', () => {
  const server = TPL.replace('___SANDBOXED_JS_FOR_WEB_TEMPLATE___', '___SANDBOXED_JS_FOR_SERVER___').replace(
    "require('logToConsole')",
    "require('sendHttpRequest')",
  );
  assert.equal(lintTemplateFile(server).filter((f) => f.rule === 'unknown-api').length, 0);
  const web = TPL.replace("require('logToConsole')", "require('sendHttpRequest')");
  assert.deepEqual(
    lintTemplateFile(web).filter((f) => f.rule === 'unknown-api').map((f) => [f.line, f.column]),
    [[13, 21]],
  );
});

test('a file the .tpl reader rejects is one tpl-format finding at the reader\'s position', () => {
  assert.deepEqual(lintTemplateFile('const x = 1;\n'), [
    {
      rule: 'tpl-format',
      severity: 'error',
      message: 'a .tpl file starts with a section marker line: ___TERMS_OF_SERVICE___ or ___INFO___',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
    },
  ]);
});

test('a template without a code section is reported', () => {
  const found = lintTemplateFile('___INFO___\n\n{}\n\n\n___NOTES___\n\nx\n');
  assert.deepEqual(found.map((f) => [f.rule, f.line, f.message]), [
    ['tpl-format', 1, 'no code section: a template has ___SANDBOXED_JS_FOR_WEB_TEMPLATE___ (web) or ___SANDBOXED_JS_FOR_SERVER___ (server)'],
  ]);
});

test('invalid ___TESTS___ YAML is reported where the reader finds it, and the code is still linted', () => {
  const broken = TPL.replace('- name: plain', '- name: [plain');
  const found = lintTemplateFile(broken);
  assert.deepEqual(found.filter((f) => f.rule === 'new').map((f) => f.line), [14]);
  const format = found.filter((f) => f.rule === 'tpl-format');
  assert.equal(format.length, 1);
  assert.ok(format[0]!.line >= 29 && format[0]!.message.startsWith('___TESTS___: not valid YAML'), JSON.stringify(format[0]));
});

// GTM runs the setup before each scenario in one scope, so a mock defined in the setup may read a name the scenarios
// declare: it is only called during runCode, after the scenario's declaration ran. The official TikTok Pixel template
// (tiktok/gtm-template-pixel) relies on this: its setup's copyFromDataLayer mock returns `mockData.ecommerce`.
test('setup functions may read what every scenario declares; the setup top level may not', () => {
  const tpl = (setup: string[], second: string): string =>
    [
      '___INFO___', '', '{}', '', '',
      '___SANDBOXED_JS_FOR_WEB_TEMPLATE___', '', 'data.gtmOnSuccess();', '', '', // code: lines 6-8
      '___TESTS___', // 11
      '',
      'scenarios:',
      '- name: first',
      '  code: |-',
      "    const input = {a: 1};",
      '    runCode(input);',
      '- name: second',
      '  code: |-',
      `    ${second}`,
      '    runCode(input);', // 21
      'setup: |-', // 22
      ...setup.map((l) => `  ${l}`),
      '',
    ].join('\n');
  const setup = ["mock('getUrl', function() { return input.a; });", 'const early = input;']; // lines 23, 24
  const unknown = (text: string) =>
    lintTemplateFile(text).filter((f) => f.rule === 'unknown-global').map((f) => [f.line, f.column, f.message.split(':')[0]]);
  assert.deepEqual(unknown(tpl(setup, 'const input = {a: 2};')), [[24, 17, '___TESTS___ setup']]);
  // when one scenario does not declare it, the mock would fail in that scenario
  assert.deepEqual(unknown(tpl(setup, 'const other = {a: 2};')), [
    [21, 13, '___TESTS___ scenario "second"'],
    [23, 38, '___TESTS___ setup'],
    [24, 17, '___TESTS___ setup'],
  ]);
});
