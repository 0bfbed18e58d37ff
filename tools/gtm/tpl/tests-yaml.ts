// The ___TESTS___ section: a YAML mapping with `scenarios` (a list of {name, code}) and an optional `setup`, run
// before each scenario. GTM writes it with SnakeYAML (see yaml-emitter.ts); an empty suite is `scenarios: []`.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { TplError } from './errors.ts';
import { YamlEmitter } from './yaml-emitter.ts';

export interface TestScenario {
  name: string;
  code: string;
}

export interface TemplateTests {
  scenarios: TestScenario[];
  setup?: string;
}

/** The section's content: the YAML document GTM writes, without the line break that ends its last line. */
export function formatTestsYaml(tests: TemplateTests): string {
  const emitter = new YamlEmitter();
  emitter.key('scenarios');
  if (tests.scenarios.length === 0) emitter.emptyFlowSequence();
  for (const scenario of tests.scenarios) {
    emitter.indent = 0;
    emitter.sequenceItem();
    emitter.indent = 2;
    emitter.key('name');
    emitter.scalar(scenario.name);
    emitter.key('code');
    emitter.scalar(scenario.code);
  }
  emitter.indent = 0;
  if (tests.setup !== undefined) {
    emitter.key('setup');
    emitter.scalar(tests.setup);
  }
  emitter.writeIndent();
  return emitter.text().slice(0, -1);
}

/**
 * Reads the section's content; `firstLine` is the file line where the content starts, so errors point into the file.
 * Every scalar is read as a string (YAML's failsafe schema): a scenario named `2024` or `yes` stays a name.
 */
export function parseTestsYaml(content: string, firstLine = 1): TemplateTests {
  const lineCounter = new LineCounter();
  // The line break formatTestsYaml leaves out is given back, so that a `|+` block at the end keeps its last line.
  const doc = parseDocument(`${content}\n`, { schema: 'failsafe', lineCounter, prettyErrors: false });
  const fail = (message: string, offset = 0): never => {
    // An error at the end of the input (an unclosed bracket) is placed at the end of the content.
    const { line, col } = lineCounter.linePos(Math.min(offset, content.length));
    throw new TplError(`___TESTS___: ${message}`, firstLine + line - 1, col);
  };
  const firstError = doc.errors[0];
  if (firstError) fail(`not valid YAML: ${firstError.message}`, firstError.pos[0]);

  const root = doc.contents;
  if (!isMap(root)) return fail('expected a mapping with `scenarios:` (write `scenarios: []` for no tests)', root?.range?.[0]);
  let scenarios: TestScenario[] | undefined;
  let setup: string | undefined;
  for (const pair of root.items) {
    const key = keyOf(pair, fail);
    if (key === 'scenarios') {
      if (!isSeq(pair.value)) return fail('`scenarios` must be a list of {name, code}', start(pair));
      scenarios = pair.value.items.map((item) => readScenario(item as Node, fail));
    } else if (key === 'setup') {
      setup = stringValue(pair, 'setup', fail);
    } else {
      fail(`unknown key \`${key}\`; the tests have \`scenarios\` and \`setup\` only`, start(pair));
    }
  }
  if (scenarios === undefined) return fail('no `scenarios` key (write `scenarios: []` for no tests)');
  return setup === undefined ? { scenarios } : { scenarios, setup };
}

type Fail = (message: string, offset?: number) => never;

function readScenario(item: Node, fail: Fail): TestScenario {
  if (!isMap(item)) return fail('each scenario is a mapping with `name` and `code`', item.range?.[0]);
  const found: Partial<TestScenario> = {};
  for (const pair of item.items) {
    const key = keyOf(pair, fail);
    if (key !== 'name' && key !== 'code') return fail(`unknown key \`${key}\` in a scenario; a scenario has \`name\` and \`code\``, start(pair));
    found[key] = stringValue(pair, key, fail);
  }
  if (found.name === undefined) return fail('a scenario has no `name`', item.range?.[0]);
  if (found.code === undefined) return fail(`scenario "${found.name}" has no \`code\``, item.range?.[0]);
  return { name: found.name, code: found.code };
}

function keyOf(pair: Pair, fail: Fail): string {
  if (!isScalar(pair.key)) return fail('keys must be plain words such as `scenarios`, `name` or `code`', start(pair));
  return String(pair.key.value);
}

function stringValue(pair: Pair, key: string, fail: Fail): string {
  if (!isScalar(pair.value)) return fail(`\`${key}\` must be text`, start(pair));
  return String(pair.value.value);
}

function start(pair: Pair): number | undefined {
  return (pair.key as Node | null)?.range?.[0];
}
