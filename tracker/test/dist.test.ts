// The committed build is what a fresh build makes, and what it contains stays within the rules.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { build, pluginNames } from '../build.ts';

const tracker = join(import.meta.dirname, '..');
const fresh = await build();

test('the build makes the core, one file per plugin, the types and the minified snippet', () => {
  assert.deepEqual([...fresh.keys()].sort(), [
    'dist/pipes-engagement.js',
    'dist/pipes-forms.js',
    'dist/pipes-links.js',
    'dist/pipes-pageviews.js',
    'dist/pipes.d.ts',
    'dist/pipes.js',
    'snippet/snippet.min.js',
  ]);
  assert.deepEqual(pluginNames, ['engagement', 'forms', 'links', 'pageviews']);
});

for (const [path, text] of fresh) {
  test(`${path} is what a fresh build makes`, () => {
    let committed = '';
    try {
      committed = readFileSync(join(tracker, path), 'utf8');
    } catch {}
    assert.ok(committed === text, `tracker/${path} is stale: run \`npm run build:tracker\` and commit it`);
  });
}

test('the scripts use nothing a strict CSP blocks and no dependency', () => {
  for (const [path, text] of fresh) {
    if (!path.endsWith('.js')) continue;
    assert.doesNotMatch(text, /\beval\(|new Function|Function\(|setTimeout\("|document\.write|innerHTML|\.style\b|import\(|require\(/, path);
  }
});

test('the core knows nothing of the plugins', () => {
  const core = fresh.get('dist/pipes.js')!;
  for (const word of ['pushState', 'popstate', 'scroll', 'engaged', 'pageviews']) assert.ok(!core.includes(word), word);
});

test('pipes.d.ts declares the global and every command', () => {
  const types = fresh.get('dist/pipes.d.ts')!;
  assert.match(types, /interface Window \{\s+pipes: Pipes;/);
  for (const command of ['init', 'page', 'screen', 'track', 'identify', 'identity', 'trackLink', 'trackForm', 'optOut', 'disable', 'optIn', 'isOptedOut', 'reset', 'flush', 'consent', 'use']) {
    assert.match(types, new RegExp(`\\n    ${command}\\(`), command);
  }
});

test('the README shows the snippet exactly as built', () => {
  const readme = readFileSync(join(tracker, 'README.md'), 'utf8');
  assert.ok(readme.includes(fresh.get('snippet/snippet.min.js')!.trim()), 'update the snippet in tracker/README.md');
});
