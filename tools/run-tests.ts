// Node 20's test runner has no glob support, so collect the test files here and hand them over.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['tools', 'gtm-web-template', 'gtm-server-client', 'tracker', 'schema', 'tests'];

function testFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries
    .filter((f) => f.endsWith('.test.ts') && !f.split(/[\\/]/).includes('node_modules'))
    .map((f) => relative(root, join(root, dir, f)))
    .sort();
}

const files = roots.flatMap((r) => (r.endsWith('.test.ts') ? [r] : testFiles(r)));
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(2);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
