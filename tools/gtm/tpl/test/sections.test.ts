import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TplError } from '../errors.ts';
import { formatSections, parseSections } from '../sections.ts';

const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

const SMALL = '___INFO___\n\n{}\n\n\n___SANDBOXED_JS_FOR_WEB_TEMPLATE___\n\nline 1\nline 2\n\n\n___NOTES___\n\nnote\n\n\n';

function assertTplError(run: () => unknown, line: number, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof TplError, `expected a TplError, got ${String(error)}`);
    assert.equal(error.line, line);
    assert.match(error.message, message);
    return true;
  });
}

test('splits GTM-laid-out sections: names without underscores, content without spacing, content start lines', () => {
  const parsed = parseSections(SMALL);
  assert.equal(parsed.bom, false);
  assert.equal(parsed.lineBreak, '\n');
  assert.deepEqual(parsed.sections, [
    { name: 'INFO', content: '{}', line: 3 },
    { name: 'SANDBOXED_JS_FOR_WEB_TEMPLATE', content: 'line 1\nline 2', line: 8 },
    { name: 'NOTES', content: 'note', line: 14 },
  ]);
  assert.equal(formatSections(parsed), SMALL);
});

test('the BOM is reported and written back, and lines are still counted from the first', () => {
  const parsed = parseSections(`\uFEFF${SMALL}`);
  assert.equal(parsed.bom, true);
  assert.equal(parsed.sections[0]!.line, 3);
  assert.equal(formatSections(parsed), `\uFEFF${SMALL}`);
});

test('a file whose every line break is CRLF gives LF contents and is written back with CRLF', () => {
  const crlf = SMALL.replaceAll('\n', '\r\n');
  const parsed = parseSections(crlf);
  assert.equal(parsed.lineBreak, '\r\n');
  assert.equal(parsed.sections[1]!.content, 'line 1\nline 2');
  assert.equal(parsed.sections[1]!.line, 8);
  assert.equal(formatSections(parsed), crlf);
});

test('blank lines that belong to the content stay in it', () => {
  const text = '___INFO___\n\n\n{}\n\n\n\n___NOTES___\n\n\nnote\n\n\n\n';
  const parsed = parseSections(text);
  assert.deepEqual(parsed.sections, [
    { name: 'INFO', content: '\n{}\n', line: 3 },
    { name: 'NOTES', content: '\nnote\n', line: 10 },
  ]);
  assert.equal(formatSections(parsed), text);
});

test('hand-edited spacing is kept per section, and GTM spacing is left implicit', () => {
  const text = '___INFO___\n{}\n___TESTS___\n\nscenarios: []\n\n\n___NOTES___\n\nCreated on 7.8.2022\n';
  const parsed = parseSections(text);
  assert.deepEqual(parsed.sections, [
    { name: 'INFO', content: '{}', line: 2, spacing: { before: '\n', after: '\n' } },
    { name: 'TESTS', content: 'scenarios: []', line: 5 },
    { name: 'NOTES', content: 'Created on 7.8.2022', line: 10, spacing: { before: '\n\n', after: '\n' } },
  ]);
  assert.equal(formatSections(parsed), text);
});

test('a file that ends right after a marker or its content is written back as it was', () => {
  for (const text of ['___INFO___\n\n{}', '___INFO___\n\n{}\n\n\n___NOTES___', '___INFO___\n\n{}\n\n\n___NOTES___\n\n']) {
    assert.equal(formatSections(parseSections(text)), text);
  }
});

test('every fixture is split and joined back byte for byte', () => {
  for (const name of ['web-tag.tpl', 'server-client.tpl', 'macro-no-tos.tpl']) {
    const text = fixture(name);
    const parsed = parseSections(text);
    assert.equal(parsed.bom, true, name);
    assert.equal(formatSections(parsed), text, name);
  }
});

test('the web fixture has its sections in GTM order, each starting two lines below its marker', () => {
  const text = fixture('web-tag.tpl');
  const lines = text.split('\n');
  const parsed = parseSections(text);
  assert.deepEqual(
    parsed.sections.map((s) => s.name),
    ['TERMS_OF_SERVICE', 'INFO', 'TEMPLATE_PARAMETERS', 'SANDBOXED_JS_FOR_WEB_TEMPLATE', 'WEB_PERMISSIONS', 'TESTS', 'NOTES'],
  );
  for (const section of parsed.sections) {
    assert.equal(lines[section.line - 3]!.replace('\uFEFF', ''), `___${section.name}___`);
    assert.equal(lines[section.line - 1], section.content.split('\n')[0]);
  }
});

test('a line of underscores or a marker inside a line is content, not a marker', () => {
  const text = '___INFO___\n\n{}\n\n\n___NOTES___\n\n________\nsee ___INFO___ above\n\n\n';
  assert.equal(parseSections(text).sections[1]!.content, '________\nsee ___INFO___ above');
});

test('an unknown section name is an error at its line that lists the known ones', () => {
  assertTplError(() => parseSections('___INFO___\n\n{}\n\n\n___PERMISSIONS___\n\n[]\n'), 6, /unknown section ___PERMISSIONS___; GTM's sections are .*___WEB_PERMISSIONS___/);
});

test('a file without ___INFO___ is an error', () => {
  assertTplError(() => parseSections('___SANDBOXED_JS_FOR_WEB_TEMPLATE___\n\nx\n'), 1, /no ___INFO___ section/);
});

test('text before the first marker, or no marker at all, is an error at line 1', () => {
  assertTplError(() => parseSections('// my template\n___INFO___\n\n{}\n'), 1, /starts with a section marker line/);
  assertTplError(() => parseSections(''), 1, /starts with a section marker line/);
});

test('a section that appears twice is an error at the second, naming the first', () => {
  assertTplError(() => parseSections('___INFO___\n\n{}\n\n\n___INFO___\n\n{}\n'), 6, /___INFO___ appears twice \(first on line 1\); keep one/);
});

test('a marker line ending in CR in an LF file is an error about mixed line breaks', () => {
  assertTplError(() => parseSections('___INFO___\n\n{}\n\n\n___NOTES___\r\n\nx\n'), 6, /one kind of line break/);
});

test('formatSections refuses content that would read back as a section marker', () => {
  assert.throws(
    () => formatSections({ bom: false, lineBreak: '\n', sections: [{ name: 'NOTES', content: 'a\n___INFO___\nb' }] }),
    /___NOTES___ has a line that reads as a section marker \(its line 2\)/,
  );
});
