// scalarOffsets maps each character of a YAML string's value back to the YAML text it came from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isScalar, parseDocument, type Scalar } from 'yaml';
import { scalarOffsets } from '../yaml-scalar.ts';

/** The `code` scalar of a one-key YAML mapping, its mapped offsets, and the source character at each. */
function mapped(yaml: string): { value: string; sources: string[] } | undefined {
  const root = parseDocument(yaml, { schema: 'failsafe' }).contents;
  assert.ok(isMap(root));
  const pair = root.items[0]!;
  assert.ok(isScalar(pair.value) && isScalar(pair.key));
  const scalar = pair.value as Scalar;
  const offsets = scalarOffsets(yaml, scalar, pair.key.range![0] - yaml.lastIndexOf('\n', pair.key.range![0]) - 1);
  if (!offsets) return undefined;
  const value = scalar.value as string;
  assert.equal(offsets.length, value.length + 1);
  return { value, sources: offsets.slice(0, -1).map((o) => yaml[o]!) };
}

test('double quotes: escapes map to their backslash, folded lines to the line break', () => {
  const result = mapped('code: "a\\tb \\u00e9\\\n   \\ c\n\n  d"\n');
  assert.deepEqual(result, {
    value: 'a\tb é c\nd',
    sources: ['a', '\\', 'b', ' ', '\\', '\\', 'c', '\n', 'd'],
  });
});

test('double quotes: blanks before a line break are dropped, one break folds to a space', () => {
  assert.deepEqual(mapped('code: "x  \n  y"\n'), { value: 'x y', sources: ['x', '\n', 'y'] });
});

test("single quotes: '' is one quote", () => {
  assert.deepEqual(mapped("code: 'it''s'\n"), { value: "it's", sources: ['i', 't', "'", 's'] });
});

test('plain scalars map one to one', () => {
  assert.deepEqual(mapped('code: run(1)\n'), { value: 'run(1)', sources: ['r', 'u', 'n', '(', '1', ')'] });
});

test('block literals: indentation removed, line breaks kept, chomping applied', () => {
  assert.deepEqual(mapped('code: |-\n  a\n\n   b\n'), { value: 'a\n\n b', sources: ['a', '\n', '\n', ' ', 'b'] });
  assert.deepEqual(mapped('code: |\n  a\n\n'), { value: 'a\n', sources: ['a', '\n'] });
  assert.deepEqual(mapped('code: |+\n  a\n\n'), { value: 'a\n\n', sources: ['a', '\n', '\n'] });
});

test('block literals with an indentation indicator count from the key', () => {
  assert.deepEqual(mapped('code: |2-\n    a\n  b\n'), { value: '  a\nb', sources: [' ', ' ', 'a', '\n', 'b'] });
});

test('folded blocks are not mapped', () => {
  assert.equal(mapped('code: >-\n  a\n  b\n'), undefined);
});
