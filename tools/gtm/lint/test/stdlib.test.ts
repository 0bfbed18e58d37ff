// The standard-library data and the name-based warnings built on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ABSENT_METHODS, DOCUMENTED_METHODS, OBSERVED_METHODS, lintCode } from '../index.ts';

test('no method is both available and absent', () => {
  const available = new Set([...Object.values(DOCUMENTED_METHODS), ...Object.values(OBSERVED_METHODS)].flat());
  assert.deepEqual(Object.keys(ABSENT_METHODS).filter((name) => available.has(name)), []);
});

test('every absent method says what to write instead', () => {
  for (const [name, absent] of Object.entries(ABSENT_METHODS)) {
    assert.ok(absent.on.length > 0 && absent.instead.length > 0, name);
  }
});

const warnings = (code: string): string[] =>
  lintCode(code, { context: 'SERVER', kind: 'template' })
    .filter((f) => f.rule === 'stdlib-method')
    .map((f) => `${f.line}:${f.column} ${f.severity} ${f.message}`);

test('a call of an absent method is a warning at the method name, with the alternative', () => {
  assert.deepEqual(warnings("const s = data.url;\nif (s.startsWith('https')) s['padStart'](4);"), [
    "2:7 warning startsWith() is not in GTM's standard library: on String values it is undefined in the sandbox; use indexOf(prefix) === 0",
    "2:30 warning padStart() is not in GTM's standard library: on String values it is undefined in the sandbox; use a loop: while (s.length < n) s = '0' + s;",
  ]);
});

test('documented methods and methods of API objects are not warned about', () => {
  const code = [
    "const Object = require('Object');",
    "const storage = require('templateDataStorage');",
    "const list = Object.keys(data).concat(Object.values(data)).filter((k) => k.indexOf('a') === 0);",
    "storage.values();",
    "require('Object').entries(data);",
    "list.join(',').trim().split(',');",
  ].join('\n');
  assert.deepEqual(warnings(code), []);
});

test('a property that is read, not called, is not warned about', () => {
  assert.deepEqual(warnings('const f = data.find;'), []);
});
