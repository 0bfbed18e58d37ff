// A tests.ts file is one script: each top-level `scenario('name', () => { … })` call becomes a ___TESTS___ scenario
// and every other top-level statement becomes `setup`, which GTM runs before each scenario in the same scope.
import * as acorn from 'acorn';
import type { Diagnostic } from '../diagnostic.ts';
import { reindent } from './script.ts';

export interface TestSuite {
  scenarios: { name: string; code: string }[];
  setup?: string;
}

export function splitScenarios(
  code: string,
  at: (line: number, column: number) => { file: string; line: number; column: number },
): TestSuite | Diagnostic[] {
  const program = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
  const scenarios: TestSuite['scenarios'] = [];
  const setup: string[] = [];
  const problems: Diagnostic[] = [];
  for (const statement of program.body) {
    const call =
      statement.type === 'ExpressionStatement' &&
      statement.expression.type === 'CallExpression' &&
      statement.expression.callee.type === 'Identifier' &&
      statement.expression.callee.name === 'scenario'
        ? statement.expression
        : undefined;
    if (!call) {
      setup.push(code.slice(statement.start, statement.end));
      continue;
    }
    const [name, body] = call.arguments;
    const fn = body && (body.type === 'ArrowFunctionExpression' || body.type === 'FunctionExpression') ? body : undefined;
    if (call.arguments.length !== 2 || name?.type !== 'Literal' || typeof name.value !== 'string' || !fn || fn.body.type !== 'BlockStatement' || fn.params.length > 0) {
      problems.push({
        ...at(statement.loc!.start.line, statement.loc!.start.column + 1),
        message: "write a scenario as scenario('name', () => { … }) with a string literal name and a block body",
        rule: 'scenario-shape',
      });
      continue;
    }
    if (scenarios.some((s) => s.name === name.value)) {
      problems.push({
        ...at(statement.loc!.start.line, statement.loc!.start.column + 1),
        message: `two scenarios are named "${name.value}"; GTM needs unique scenario names`,
        rule: 'scenario-name',
      });
    }
    const inner = fn.body.body;
    const text = inner.length === 0 ? '' : code.slice(inner[0]!.start, inner[inner.length - 1]!.end);
    scenarios.push({ name: name.value, code: dedent(text) });
  }
  if (problems.length > 0) return problems;
  const setupCode = setup.length > 0 ? reindent(setup.join('\n')).trimEnd() : undefined;
  return setupCode === undefined ? { scenarios } : { scenarios, setup: setupCode };
}

/** Scenario bodies are cut out of an indented block; GTM shows them flush left. */
function dedent(text: string): string {
  const lines = reindent(text).trimEnd().split('\n');
  const indents = lines.slice(1).filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return [lines[0]!, ...lines.slice(1).map((l) => l.slice(cut))].join('\n');
}
