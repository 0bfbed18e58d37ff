// Runs the ___TESTS___ of every template in the repository (each built template.tpl) in the emulator, with the
// runtime of its context plugged in (HOSTS). A scenario that fails only because it reaches a host API no runtime
// implements yet is skipped, with the API named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findTemplates } from '../../build.ts';
import { readTemplateFile } from '../../tpl/index.ts';
import { runTemplateTests } from '../test-runner/runner.ts';
import { testHostFor } from '../test-hosts.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

const templates = findTemplates(ROOT).filter((source) => existsSync(source.output));

test('the repository has templates to run (the four toolchain fixtures at least)', () => {
  assert.ok(templates.length >= 4, `found ${templates.length}`);
});

for (const source of templates) {
  test(relative(ROOT, source.output), async (t) => {
    const text = readFileSync(source.output, 'utf8');
    const report = await runTemplateTests(text, { host: testHostFor(readTemplateFile(text).context) });
    assert.deepEqual(report.loadErrors, []);
    for (const scenario of report.scenarios) {
      await t.test(scenario.name, (st) => {
        if (!scenario.passed && scenario.unavailableApis.length > 0) {
          st.skip(`needs ${scenario.unavailableApis.join(', ')}, which no runtime provides to the emulator yet`);
          return;
        }
        assert.ok(scenario.passed, scenario.failure);
      });
    }
  });
}
