import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGtmJson, gtmJsonString } from '../gtm-json.ts';

test('HTML-sensitive characters are written as GTM writes them: < > & = \' as \\u escapes', () => {
  assert.equal(gtmJsonString('<a href="x?a=1&b=2">it\'s</a>'), String.raw`"\u003ca href\u003d\"x?a\u003d1\u0026b\u003d2\"\u003eit\u0027s\u003c/a\u003e"`);
});

test('quotes, backslashes and the usual control characters get short escapes; slashes stay', () => {
  assert.equal(gtmJsonString('"\\/\n\t\r\b\f'), String.raw`"\"\\/\n\t\r\b\f"`);
});

test('other control characters and the JavaScript line terminators get lowercase \\u escapes', () => {
  assert.equal(gtmJsonString('\u0000\u0001\u001f\u000b\u2028\u2029'), String.raw`"\u0000\u0001\u001f\u000b\u2028\u2029"`);
});

test('non-ASCII text, emoji and DEL are written as they are', () => {
  assert.equal(gtmJsonString('Café ☕ 日本語 🎉 \u007f'), '"Café ☕ 日本語 🎉 \u007f"');
});

test('objects and arrays: two-space indentation, "key": value, keys in the order given', () => {
  const value = { type: 'TAG', version: 1, containerContexts: ['WEB'], brand: { id: 'brand_dummy', displayName: '' } };
  assert.equal(
    formatGtmJson(value),
    [
      '{',
      '  "type": "TAG",',
      '  "version": 1,',
      '  "containerContexts": [',
      '    "WEB"',
      '  ],',
      '  "brand": {',
      '    "id": "brand_dummy",',
      '    "displayName": ""',
      '  }',
      '}',
    ].join('\n'),
  );
});

test('empty arrays and objects stay on their line, at any depth', () => {
  assert.equal(formatGtmJson([]), '[]');
  assert.equal(formatGtmJson({}), '{}');
  assert.equal(formatGtmJson([{ param: [], clientAnnotations: {} }]), '[\n  {\n    "param": [],\n    "clientAnnotations": {}\n  }\n]');
});

test('numbers, booleans and null are written as JSON literals', () => {
  assert.equal(formatGtmJson([200, -1, 0.5, true, false, null]), '[\n  200,\n  -1,\n  0.5,\n  true,\n  false,\n  null\n]');
});

test('keys are escaped like strings', () => {
  assert.equal(formatGtmJson({ 'a=b': 1 }), '{\n  "a\\u003db": 1\n}');
});

test('undefined properties are left out, as JSON.stringify does', () => {
  assert.equal(formatGtmJson({ a: 1, b: undefined, c: 2 }), '{\n  "a": 1,\n  "c": 2\n}');
  assert.equal(formatGtmJson({ b: undefined }), '{}');
});

test('values JSON cannot hold are errors that name their path', () => {
  assert.throws(() => formatGtmJson({ list: [1, undefined] }), /\$\.list\[1\] is undefined/);
  assert.throws(() => formatGtmJson({ n: Number.NaN }), /\$\.n is NaN/);
  assert.throws(() => formatGtmJson({ f: () => 1 }), /\$\.f is function/);
  assert.throws(() => formatGtmJson({ big: 1n }), /\$\.big is bigint/);
});

test('parsing GTM JSON and writing it again gives the same text', () => {
  const text = [
    '[',
    '  {',
    '    "type": "TEXT",',
    '    "help": "See \\u003ca href\\u003d\\"https://example.com\\"\\u003edocs\\u003c/a\\u003e.\\nNext line \\u0026 more",',
    '    "valueValidators": [',
    '      {',
    '        "type": "REGEX",',
    '        "args": [',
    '          "^https?:\\\\/\\\\/.*"',
    '        ]',
    '      }',
    '    ],',
    '    "defaultValue": 0',
    '  }',
    ']',
  ].join('\n');
  assert.equal(formatGtmJson(JSON.parse(text)), text);
});
