import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_CATALOG, type Context } from '../../api/catalog.ts';
import { kindIn, PERMISSION_KINDS } from '../kinds.ts';

/** [context, permission, api] for every API that needs a permission. */
const needs: [Context, string, string][] = Object.entries(API_CATALOG).flatMap(([api, entry]) => [
  ...(entry.web ? [['WEB', entry.web, api] as [Context, string, string]] : []),
  ...(entry.server ? [['SERVER', entry.server, api] as [Context, string, string]] : []),
]);

test('every permission the API catalog names has a kind in that context', () => {
  assert.deepEqual(
    needs.filter(([context, permission]) => !kindIn(permission, context)).map(([context, permission, api]) => `${api} (${context}): ${permission}`),
    [],
  );
});

test('every kind is needed by some API of each of its contexts', () => {
  const named = new Set(needs.map(([context, permission]) => `${context} ${permission}`));
  const unreachable = PERMISSION_KINDS.flatMap((kind) =>
    kind.contexts.filter((context) => !named.has(`${context} ${kind.publicId}`)).map((context) => `${kind.publicId} (${context})`),
  );
  assert.deepEqual(unreachable, []);
});

test('APIs with part requirements need the kind that declares them', () => {
  for (const kind of PERMISSION_KINDS) {
    for (const api of Object.keys(kind.partsByApi ?? {})) {
      const entry = API_CATALOG[api];
      assert.ok(entry, `${api} is in the catalog`);
      assert.ok(entry.web === kind.publicId || entry.server === kind.publicId, `${api} needs ${kind.publicId}`);
    }
  }
});
