// Users import the committed template.tpl files, so each must be exactly what `npm run build` makes now.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { buildTemplate, findTemplates } from '../build.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const templates = findTemplates(root);

test('the repository has templates to check', () => {
  const names = templates.map((t) => relative(root, t.dir));
  for (const fixture of ['web-tag', 'web-variable', 'server-client', 'server-tag']) {
    assert.ok(names.includes(join('tools', 'gtm', 'test', 'fixtures', fixture)), names.join(', '));
  }
});

for (const source of templates) {
  test(`${relative(root, source.output)} is what a fresh build makes`, async () => {
    const fresh = await buildTemplate(source);
    const committed = readFileSync(source.output, 'utf8');
    assert.ok(fresh === committed, `${relative(root, source.output)} is stale: run \`npm run build\` and commit it`);
  });
}
