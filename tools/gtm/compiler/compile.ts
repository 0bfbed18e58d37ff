// TypeScript sandbox code → the code and ___TESTS___ of a GTM template.
import { resolve } from 'node:path';
import type { Context } from '../api/catalog.ts';
import { requiredApis } from '../lint/index.ts';
import { BuildError, byPosition, type Diagnostic } from '../diagnostic.ts';
import { bundleModules } from './bundle.ts';
import { checkScript, exportsToReturn, reindent, tidy, type TemplateType } from './script.ts';
import { sourcePositions } from './source-positions.ts';
import { splitScenarios, type TestSuite } from './test-scenarios.ts';
import { runTypeScriptStage } from './typescript-stage.ts';

export interface CompileOptions {
  context: Context;
  /** the template's type; omitted when checking a lone module, whose exports are then ignored */
  type?: TemplateType;
  /** the module whose top level is the template's code */
  entry: string;
  /** a tests.ts file, compiled into the ___TESTS___ section */
  tests?: string;
}

export interface UsedApi {
  name: string;
  file: string;
  line: number;
  column: number;
}

export interface CompiledTemplate {
  code: string;
  tests: TestSuite | undefined;
  /** every `require('…')` left in the template code, at the TypeScript that asked for it */
  apis: UsedApi[];
}

/** Compiles a template's code and tests; throws a BuildError listing every problem at its TypeScript position. */
export async function compileTemplate(options: CompileOptions): Promise<CompiledTemplate> {
  const entry = resolve(options.entry);
  const code = await compileScript(entry, options, 'template');
  const tests = options.tests ? await compileScript(resolve(options.tests), options, 'test') : undefined;
  const problems = [...code.problems, ...(tests?.problems ?? [])];
  if (problems.length > 0) throw new BuildError(dedupe(problems).sort(byPosition));

  let suite: TestSuite | undefined;
  if (tests) {
    const testsFile = resolve(options.tests!);
    const toSource = sourcePositions(tests.map, testsFile);
    const split = splitScenarios(tests.code, (line, column) => toSource(line, column) ?? { file: testsFile, line, column });
    if (Array.isArray(split)) throw new BuildError(split);
    suite = {
      scenarios: split.scenarios.map((s) => ({ name: s.name, code: tidy(s.code, tests.code) })),
      ...(split.setup === undefined ? {} : { setup: tidy(split.setup, tests.code) }),
    };
  }
  const names = [...new Set(requiredApis(code.code).map((api) => api.name))].sort();
  const apis = names.map((name) => ({ name, ...(code.apiUses.get(name) ?? { file: entry, line: 1, column: 1 }) }));
  return { code: tidy(reindent(code.code)).trimEnd(), tests: suite, apis };
}

interface ScriptResult {
  code: string;
  map: string;
  problems: Diagnostic[];
  apiUses: Map<string, { file: string; line: number; column: number }>;
}

async function compileScript(entry: string, options: CompileOptions, kind: 'template' | 'test'): Promise<ScriptResult> {
  const failed = (problems: Diagnostic[]): ScriptResult => ({ code: '', map: '', problems, apiUses: new Map() });
  const stage = runTypeScriptStage([entry], options.context, { tests: kind === 'test' });
  if (stage.modules.size === 0) return failed(stage.diagnostics);

  const lintOptions = { context: options.context, kind, extraGlobals: kind === 'test' ? ['scenario'] : [] };
  const moduleProblems = [...stage.modules].flatMap(([file, module]) =>
    checkScript(module.code, module.map, { ...lintOptions, generatedFile: file }),
  );
  const bundle = await bundleModules(entry, stage.modules);
  if (Array.isArray(bundle)) return failed([...stage.diagnostics, ...moduleProblems, ...bundle]);

  let code = bundle.code;
  if (kind === 'template') {
    const script = exportsToReturn(bundle, options.type, entry);
    if (Array.isArray(script)) return failed([...stage.diagnostics, ...moduleProblems, ...script]);
    code = script.code;
  }
  // The bundle is checked too: it is what ships, and bundling must not have brought in anything the sandbox lacks.
  // Lines no source maps to are the bundler's: the one require per API, reported where the TypeScript asked for it.
  const lines = code.split('\n');
  const unmapped = (line: number) => {
    const api = /require\('([^']+)'\)/.exec(lines[line - 1] ?? '')?.[1];
    return (api && stage.apiUses.get(api)) || { file: entry, line: 1, column: 1 };
  };
  const bundleProblems = checkScript(code, bundle.map, { ...lintOptions, generatedFile: entry, unmapped });
  return { code, map: bundle.map, problems: [...stage.diagnostics, ...moduleProblems, ...bundleProblems], apiUses: stage.apiUses };
}

function dedupe(problems: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.column}:${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
