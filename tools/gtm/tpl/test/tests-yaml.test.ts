import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TplError } from '../errors.ts';
import { formatTestsYaml, parseTestsYaml, type TemplateTests } from '../tests-yaml.ts';

/** The YAML GTM writes for one scenario named `name` with `code`, and the value text after `code:`. */
const one = (name: string, code: string): TemplateTests => ({ scenarios: [{ name, code }] });

function assertWritesAndReads(tests: TemplateTests, yaml: string): void {
  assert.equal(formatTestsYaml(tests), yaml);
  assert.deepEqual(parseTestsYaml(yaml), tests);
}

const words = (n: number): string => Array.from({ length: n }, () => 'word').join(' ');

test('an empty suite is `scenarios: []`, with setup on the next line when there is one', () => {
  assertWritesAndReads({ scenarios: [] }, 'scenarios: []');
  assertWritesAndReads({ scenarios: [], setup: '' }, "scenarios: []\nsetup: ''");
});

test('one-line code and names are plain scalars; the sequence is not indented under its key', () => {
  assertWritesAndReads(
    { scenarios: [{ name: 'Quick Test', code: 'runCode();' }, { name: "it's y", code: 'runCode({});' }] },
    "scenarios:\n- name: Quick Test\n  code: runCode();\n- name: it's y\n  code: runCode({});",
  );
});

test('multi-line code is a literal block: |- without, | with, |+ with several final line breaks', () => {
  assertWritesAndReads(one('a', 'const a = 1;\n\nrunCode(a);'), 'scenarios:\n- name: a\n  code: |-\n    const a = 1;\n\n    runCode(a);');
  assertWritesAndReads(one('a', 'runCode();\n'), 'scenarios:\n- name: a\n  code: |\n    runCode();');
  assertWritesAndReads(one('a', 'runCode();\n\n'), 'scenarios:\n- name: a\n  code: |+\n    runCode();\n');
});

test('a literal block whose first line starts with a space carries an indentation indicator', () => {
  assertWritesAndReads(one('a', '  indented();\nrunCode();'), 'scenarios:\n- name: a\n  code: |2-\n      indented();\n    runCode();');
});

test('setup is a block at the top level, indented by two', () => {
  assertWritesAndReads(
    { scenarios: [], setup: "const JSON = require('JSON');\nmock('x', 1);" },
    "scenarios: []\nsetup: |-\n  const JSON = require('JSON');\n  mock('x', 1);",
  );
});

test('strings that would read as another YAML 1.1 type or start with an indicator are single-quoted', () => {
  const cases: [string, string][] = [
    ['yes', "'yes'"],
    ['On', "'On'"],
    ['null', "'null'"],
    ['~', "'~'"],
    ['123', "'123'"],
    ['1_000', "'1_000'"],
    ['0x1F', "'0x1F'"],
    ['1e3', "'1e3'"],
    ['.5', "'.5'"],
    ['2024-01-31', "'2024-01-31'"],
    ['<<', "'<<'"],
    ['=', "'='"],
    ['[x] test', "'[x] test'"],
    ['!important', "'!important'"],
    ['# hash', "'# hash'"],
    ['a #b', "'a #b'"],
    ['a: b', "'a: b'"],
    ['ends with:', "'ends with:'"],
    ['- dash', "'- dash'"],
    [' leading', "' leading'"],
    ['trailing ', "'trailing '"],
    ["'quoted'", "'''quoted'''"],
    ['', "''"],
  ];
  for (const [name, written] of cases) {
    assertWritesAndReads(one(name, 'x();'), `scenarios:\n- name: ${written}\n  code: x();`);
  }
});

test('strings that look almost like those stay plain', () => {
  for (const name of ['y', 'a#b', '-dash', '_1', 'yes please', 'v1.2.3', 'a:b', 'Prüfung ✓ 🎉 日本']) {
    assertWritesAndReads(one(name, 'x();'), `scenarios:\n- name: ${name}\n  code: x();`);
  }
});

test('tabs, CR, control characters, or a line ending in a space make a double-quoted scalar', () => {
  assertWritesAndReads(one('a', 'let a = 1; \n\tlog(a);'), 'scenarios:\n- name: a\n  code: "let a = 1; \\n\\tlog(a);"');
  assertWritesAndReads(one('a', 'a\tb'), 'scenarios:\n- name: a\n  code: "a\\tb"');
  assertWritesAndReads(one('a', 'a\r\nb'), 'scenarios:\n- name: a\n  code: "a\\r\\nb"');
  assertWritesAndReads(one('a', 'line\nends with space '), 'scenarios:\n- name: a\n  code: "line\\nends with space "');
});

test('double-quoted escapes: SnakeYAML names, \\x for Latin-1 controls, \\U for characters beyond the BMP', () => {
  assertWritesAndReads(
    one('a', '\t"q" \\ \u0001 \u007f \u00a0 \u2028 é 🎉'),
    'scenarios:\n- name: a\n  code: "\\t\\"q\\" \\\\ \\x01 \\x7f \\_ \\L é \\U0001f389"',
  );
});

test('long double-quoted scalars fold before a space past column 80, escaping the space that starts the next line', () => {
  const code = `\t${words(20)}`;
  assertWritesAndReads(one('a', code), `scenarios:\n- name: a\n  code: "\\t${words(15)}\\\n    \\ ${words(5)}"`);
});

test('long double-quoted scalars also fold right after an escape past column 80', () => {
  const code = `${'x'.repeat(75)}\n\n${'y'.repeat(5)}`;
  assertWritesAndReads(one('a', `${code}\t`), `scenarios:\n- name: a\n  code: "${'x'.repeat(75)}\\n\\\n    \\n${'y'.repeat(5)}\\t"`);
});

test('long plain and single-quoted names fold at the first space past column 80', () => {
  assertWritesAndReads(one(words(20), 'x();'), `scenarios:\n- name: ${words(15)}\n    ${words(5)}\n  code: x();`);
  assertWritesAndReads(one(`# ${words(20)}`, 'x();'), `scenarios:\n- name: '# ${words(15)}\n    ${words(5)}'\n  code: x();`);
});

test('literal blocks never fold, however long their lines', () => {
  const long = `assertThat(${'x'.repeat(120)});\nrunCode();`;
  assertWritesAndReads(one('a', long), `scenarios:\n- name: a\n  code: |-\n    assertThat(${'x'.repeat(120)});\n    runCode();`);
});

test('reading gives every scalar as text, including ones YAML would type', () => {
  assert.deepEqual(parseTestsYaml('scenarios:\n- name: 2024\n  code: true\nsetup:'), { scenarios: [{ name: '2024', code: 'true' }], setup: '' });
});

test('malformed tests are errors at their file line, saying what to write', () => {
  const cases: [string, number, RegExp][] = [
    ['', 20, /expected a mapping with `scenarios:` \(write `scenarios: \[\]` for no tests\)/],
    ['setup: x', 20, /no `scenarios` key/],
    ['scenario: []', 20, /unknown key `scenario`; the tests have `scenarios` and `setup` only/],
    ['scenarios: x', 20, /`scenarios` must be a list/],
    ['scenarios:\n- name: x', 21, /scenario "x" has no `code`/],
    ['scenarios:\n- code: x', 21, /a scenario has no `name`/],
    ['scenarios:\n- name: x\n  code: x\n  only: x', 23, /unknown key `only` in a scenario/],
    ['scenarios:\n- name: x\n  code: [1]', 22, /`code` must be text/],
    ['scenarios:\n- just text', 21, /each scenario is a mapping/],
    ['scenarios: [\n', 21, /not valid YAML/],
  ];
  for (const [yaml, line, message] of cases) {
    assert.throws(
      () => parseTestsYaml(yaml, 20),
      (error: unknown) => error instanceof TplError && error.line === line && message.test(error.message),
      `${JSON.stringify(yaml)} should fail at line ${line} with ${message}`,
    );
  }
});
