// Lookup Table and RegEx Table variables: the first matching row gives the value, else the default value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupTable, regexTable } from '../runtime/tables.ts';

const values: Record<string, unknown> = { plan: 'pro', price: 12 };
const lookup = (name: string) => values[name];

test('a lookup table matches the input as text, exactly; values keep the type of the variable they reference', () => {
  const rows = [{ key: 'team', value: 'Team' }, { key: 'pro', value: '{{price}}' }, { key: 'undefined', value: 'unset' }, { key: '{{plan}}-x', value: 'referenced key' }];
  assert.equal(lookupTable('pro', rows, 'Other', lookup), 12);
  assert.equal(lookupTable('PRO', rows, 'Other', lookup), 'Other');
  assert.equal(lookupTable('enterprise', rows, undefined, lookup), undefined);
  assert.equal(lookupTable(undefined, rows, 'Other', lookup), 'unset', 'an undefined input is the text "undefined"');
  assert.equal(lookupTable('pro-x', rows, 'Other', lookup), 'referenced key');
});

test('a RegEx table: first matching row, full match and case options, capture groups replaced into the input', () => {
  const rows = [{ key: '/blog/.*', value: 'blog' }, { key: '/docs/(\\w+)', value: 'docs-$1' }];
  const all = { ignoreCase: true, fullMatch: true, replace: true };
  assert.equal(regexTable('/docs/start', rows, all, 'none', lookup), 'docs-start');
  assert.equal(regexTable('/DOCS/start', rows, all, 'none', lookup), 'docs-start');
  assert.equal(regexTable('/DOCS/start', rows, { ...all, ignoreCase: false }, 'none', lookup), 'none');
  assert.equal(regexTable('/en/docs/start', rows, all, 'none', lookup), 'none', 'full match: the pattern must cover the input');
  assert.equal(regexTable('/en/docs/start', rows, { ...all, fullMatch: false }, 'none', lookup), '/endocs-start', 'partial match: the match is replaced');
  assert.equal(regexTable('/docs/start', rows, { ...all, replace: false }, 'none', lookup), 'docs-$1');
  assert.equal(regexTable('/blog/x', rows, all, undefined, lookup), 'blog');
  assert.equal(regexTable('/', rows, all, undefined, lookup), undefined);
});
