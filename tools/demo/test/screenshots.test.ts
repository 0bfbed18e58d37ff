// The documentation's screenshots can be retaken: the script drives the demo and the inspector through the local
// stack and writes both pictures (into a throwaway folder here, not over docs/images/).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const out = mkdtempSync(join(tmpdir(), 'pipes-screenshots-'));
after(() => rmSync(out, { recursive: true, force: true }));

test('npm run docs:screenshots writes the demo shop and the inspector as PNG pictures of the page size', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'screenshots.ts'), out], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  for (const name of ['demo-shop.png', 'inspector.png']) {
    const png = readFileSync(join(out, name));
    assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')], `${name} is a PNG`);
    // IHDR: width and height, big-endian, at bytes 16 and 20
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1200, 760], name);
  }
});
