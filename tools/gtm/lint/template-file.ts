// Lints a whole .tpl: the code section and every test scenario and setup, with positions in the .tpl's own lines.
import { isMap, isScalar, isSeq, parseDocument, type Node, type Scalar } from 'yaml';
import type { Context } from '../api/catalog.ts';
import { parseSections, parseTestsYaml, TplError, type TplSection } from '../tpl/index.ts';
import { byPosition, type Finding } from './finding.ts';
import { declaredNames, lintCode } from './lint-code.ts';
import { scalarOffsets } from './yaml-scalar.ts';

const CODE_SECTIONS: readonly { name: TplSection['name']; context: Context }[] = [
  { name: 'SANDBOXED_JS_FOR_WEB_TEMPLATE', context: 'WEB' },
  { name: 'SANDBOXED_JS_FOR_SERVER', context: 'SERVER' },
];

export function lintTemplateFile(text: string): Finding[] {
  let sections: TplSection[];
  try {
    sections = parseSections(text).sections;
  } catch (error) {
    if (error instanceof TplError) return [fileFinding(error.message, error.line, error.column)];
    throw error;
  }
  const code = CODE_SECTIONS.flatMap(({ name, context }) => {
    const section = sections.find((s) => s.name === name);
    return section ? [{ section, context }] : [];
  });
  if (code.length !== 1) {
    const message =
      code.length === 0
        ? 'no code section: a template has ___SANDBOXED_JS_FOR_WEB_TEMPLATE___ (web) or ___SANDBOXED_JS_FOR_SERVER___ (server)'
        : 'two code sections: a template runs in one context; keep ___SANDBOXED_JS_FOR_WEB_TEMPLATE___ or ___SANDBOXED_JS_FOR_SERVER___';
    return [fileFinding(message, code[1]?.section.line ?? 1, 1)];
  }
  const [{ section, context }] = code as [(typeof code)[number]];
  const findings = lintCode(section.content, { context, kind: 'template' }).map((f) => ({
    ...f,
    line: f.line + section.line - 1,
    endLine: f.endLine + section.line - 1,
  }));
  const tests = sections.find((s) => s.name === 'TESTS');
  if (tests) findings.push(...lintTests(tests, context));
  return findings.sort(byPosition);
}

function fileFinding(message: string, line: number, column: number): Finding {
  return { rule: 'tpl-format', severity: 'error', message, line, column, endLine: line, endColumn: column + 1 };
}

/**
 * GTM runs the setup before each scenario in the same scope: a scenario sees what the setup declares, and the
 * setup's functions (its mocks, called during the scenario) see what every scenario declares.
 */
function lintTests(section: TplSection, context: Context): Finding[] {
  try {
    parseTestsYaml(section.content, section.line);
  } catch (error) {
    if (error instanceof TplError) return [fileFinding(error.message, error.line, error.column)];
    throw error;
  }
  const source = `${section.content}\n`;
  const { setup, scenarios } = testScalars(source);
  const lines = lineStarts(source);
  const findings: Finding[] = [];
  const lintScalar = (located: LocatedScalar, label: string, extraGlobals: readonly string[], laterGlobals: readonly string[]): void => {
    const code = located.scalar.value as string;
    const offsets = scalarOffsets(source, located.scalar, located.keyColumn);
    const codeLines = lineStarts(code);
    const toFile = (line: number, column: number): { line: number; column: number } => {
      const index = Math.min(codeLines[line - 1]! + column - 1, code.length);
      const offset = offsets ? offsets[index]! : located.scalar.range![0];
      const at = position(lines, offset);
      return { line: at.line + section.line - 1, column: at.column };
    };
    for (const f of lintCode(code, { context, kind: 'test', extraGlobals, laterGlobals })) {
      const start = toFile(f.line, f.column);
      const end = toFile(f.endLine, f.endColumn);
      findings.push({ ...f, message: `${label}: ${f.message}`, line: start.line, column: start.column, endLine: end.line, endColumn: end.column });
    }
  };
  if (setup) lintScalar(setup, '___TESTS___ setup', [], namesEveryScenarioDeclares(scenarios));
  const setupNames = setup ? declaredNames(setup.scalar.value as string) : [];
  for (const scenario of scenarios) lintScalar(scenario, `___TESTS___ scenario "${scenario.name}"`, setupNames, []);
  return findings;
}

function namesEveryScenarioDeclares(scenarios: readonly LocatedScalar[]): string[] {
  const [first, ...rest] = scenarios.map((s) => new Set(declaredNames(s.scalar.value as string)));
  return first ? [...first].filter((name) => rest.every((names) => names.has(name))) : [];
}

interface LocatedScalar {
  scalar: Scalar;
  /** column of the scalar's key, from which a block scalar's explicit indentation counts */
  keyColumn: number;
  name: string;
}

/** The `code` of every scenario and the `setup`, as YAML nodes with their source ranges. */
function testScalars(source: string): { setup: LocatedScalar | undefined; scenarios: LocatedScalar[] } {
  const root = parseDocument(source, { schema: 'failsafe' }).contents;
  const lines = lineStarts(source);
  const located = (map: Node | null, key: string, name: string): LocatedScalar | undefined => {
    if (!isMap(map)) return undefined;
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair || !isScalar(pair.value) || !isScalar(pair.key) || typeof pair.value.value !== 'string') return undefined;
    return { scalar: pair.value, keyColumn: position(lines, pair.key.range![0]).column - 1, name };
  };
  const scenarioList = isMap(root) ? root.get('scenarios', true) : undefined;
  const scenarios = isSeq(scenarioList)
    ? scenarioList.items.flatMap((item) => {
        const name = isMap(item) ? String(item.get('name') ?? '') : '';
        const code = located(item as Node, 'code', name);
        return code ? [code] : [];
      })
    : [];
  return { setup: located(root, 'setup', 'setup'), scenarios };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of an offset. */
function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}
